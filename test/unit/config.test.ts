import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, FLAGS, loadConfig } from '../../src/config';

/** Runs the real entry point and collects what it prints and how it ends. */
function runMain(env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4000, upstream: null, graphiql: true });
    expect(config.fastPath).toBe(true);
    expect(config.upstreamBodyLimits).toEqual({
      defaultBytes: 4 * 1024 * 1024,
      largeBytes: 64 * 1024 * 1024,
    });
    expect(loadConfig({ FAST_PATH: 'off', UPSTREAM_MAX_BODY_BYTES: '2048' })).toMatchObject({
      fastPath: false,
      upstreamBodyLimits: { defaultBytes: 2048 },
    });
    const real = loadConfig({ CLOUDSYNC_API_URL: 'https://api.cloudsync.netapp.com/' });
    expect(real.upstream).toEqual({
      apiUrl: 'https://api.cloudsync.netapp.com',
      authUrl: 'https://netapp-cloud-account.auth0.com',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ CLOUDSYNC_API_URL: 'not a url' }, /CLOUDSYNC_API_URL/],
    [{ CLOUDSYNC_API_URL: 'ftp://x.example' }, /CLOUDSYNC_API_URL/],
    [{ CLOUDSYNC_API_URL: 'https://user:pw@x.example' }, /CLOUDSYNC_API_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ GRAPHIQL: 'maybe' }, /GRAPHIQL/],
    [{ CORS_ORIGINS: 'https://ok.example,not an origin' }, /CORS_ORIGINS/],
    [{ LISTING_GRACE_MS: '119999' }, /LISTING_GRACE_MS must not be less than .*120000/],
    [{ LISTING_MAX_TIMEOUT_SECONDS: '10', LISTING_GRACE_MS: '9000' }, /LISTING_GRACE_MS/],
    [{ LISTING_MAX_TIMEOUT_SECONDS: '121' }, /LISTING_MAX_TIMEOUT_SECONDS/],
  ])('refuses %o', (settings, message) => {
    expect(() => loadConfig(settings)).toThrow(ConfigError);
    expect(() => loadConfig(settings)).toThrow(message);
  });

  it('the listing grace defaults to the longest listing timeout', () => {
    expect(loadConfig({})).toMatchObject({
      listingMaxTimeoutSeconds: 120,
      listingGraceMs: 120_000,
    });
    expect(loadConfig({ LISTING_MAX_TIMEOUT_SECONDS: '10' }).listingGraceMs).toBe(10_000);
    expect(loadConfig({ LISTING_GRACE_MS: '300000' }).listingGraceMs).toBe(300_000);
  });

  it('production turns GraphiQL and introspection off unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      graphiql: false,
      introspection: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it.each([
    [{ CLOUDSYNC_API_URL: 'not a url' }, []],
    [{ PORT: '99999' }, []],
    [{}, ['--port', 'abc']],
    [{}, ['--no-such-flag']],
  ])('bad start-up settings %o %o: one clear line, exit code 2', async (env, args) => {
    const { code, stderr, stdout } = await runMain(env, args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^cloudsync-graphql: /);
    expect(stdout).toBe('');
  });

  it('--help prints the flags and exits 0 (also through the npx bin)', async () => {
    const bin = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/cloudsync-graphql.mjs', '--help'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.on('exit', (exitCode) => resolve({ code: exitCode, stdout: out }));
    });
    expect(bin.code).toBe(0);
    expect(bin.stdout).toContain('Usage: cloudsync-graphql');
    const { code, stdout } = await runMain({}, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--api-url');
    expect(stdout).toContain('CLOUDSYNC_API_URL');
  });
});

describe('start-up a newcomer meets', () => {
  it('a port in use: one line with a free port to use instead, exit code 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { code, stderr, stdout } = await runMain({ PORT: String(port), LOG_LEVEL: 'silent' });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`127.0.0.1:${port} is already in use`);
      const suggested = /PORT=(\d+) npm start/.exec(stderr);
      expect(suggested).not.toBeNull();
      // The suggestion works: that port is free, and it is not the example page's 4001.
      const other = Number(suggested![1]);
      expect(other).not.toBe(4001);
      const probe = createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(other, '127.0.0.1', resolve);
      });
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      expect(stderr).toContain(`GATEWAY_URL=http://127.0.0.1:${other} npm run example`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('--help: every flag in aligned columns, each with its default', async () => {
    const { code, stdout } = await runMain({}, ['--help']);
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((line) => /^ {2}--/.test(line));
    expect(rows).toHaveLength(Object.keys(FLAGS).length + 1);
    const column = (line: string, text: string) => line.indexOf(text);
    for (const [flag, def] of Object.entries(FLAGS)) {
      const row = rows.find((line) => line.startsWith(`  --${flag} `))!;
      expect(row).toContain(`(default: ${def.default})`);
      expect(column(row, def.env)).toBe(column(rows[0]!, FLAGS.port.env));
      expect(column(row, def.help)).toBe(column(rows[0]!, FLAGS.port.help));
    }
    const help = rows.find((line) => line.startsWith('  --help'))!;
    expect(column(help, 'this text')).toBe(column(rows[0]!, FLAGS.port.help));
  });
});
