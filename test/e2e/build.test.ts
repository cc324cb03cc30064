import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../utils/stack';

// The compiled output `npm start`, `npm run simulator` and the npx bin run (scripts/build.mjs),
// built here into a directory of its own inside the project (its imports resolve node_modules).
const OUT = 'node_modules/.cache/build-test';
const children: ChildProcess[] = [];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', `--outdir=${OUT}`], { stdio: 'pipe' });
}, 60_000);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(OUT, { recursive: true, force: true });
});

/** Starts a compiled entry point; resolves with its first stdout line matching `ready`. */
async function start(entry: string, env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, [`${OUT}/${entry}`], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await until(() => ready.test(stdout), 20_000, `${entry} ready`);
  return { child, exited, match: ready.exec(stdout)! };
}

describe('the compiled gateway (dist/)', () => {
  it('package.json runs the compiled code, and npm install builds it', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts.prepare).toBe('node scripts/build.mjs');
    expect(manifest.scripts.start).toBe('node dist/main.js');
    expect(manifest.scripts.simulator).toBe('node dist/simulator/main.js');
    expect(readFileSync('.gitignore', 'utf8').split('\n')).toContain('dist/');
  });

  it('starts in demo mode, answers a login, and stops on SIGTERM', async () => {
    const { child, exited, match } = await start(
      'main.js',
      { PORT: '0' },
      /ready: (http:\/\/\S+)\/graphql/,
    );
    const res = await fetch(`${match[1]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { login(username: "demo@example.com", password: "demo") { accessToken } }',
      }),
    });
    const body = (await res.json()) as { data: { login: { accessToken: string } } };
    expect(body.data.login.accessToken).toMatch(/\S{16,}/);
    // GraphiQL's page comes from node_modules on its first request.
    const page = await fetch(`${match[1]}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>cloudsync-graphql</title>');
    // graphql-ws (ws, graphql-ws and Yoga's envelop from the bundle): an operation over a socket.
    const socket = new WebSocket(
      `${String(match[1]).replace('http', 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    const frames: string[] = [];
    socket.on('open', () =>
      socket.send(
        JSON.stringify({
          type: 'connection_init',
          payload: { authorization: `Bearer ${body.data.login.accessToken}` },
        }),
      ),
    );
    socket.on('message', (data) => {
      frames.push(String(data));
      if (frames.length === 1) {
        socket.send(
          JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }),
        );
      }
    });
    await until(() => frames.length === 3, 5_000, 'ack, next, complete');
    socket.close();
    expect(frames).toEqual([
      '{"type":"connection_ack"}',
      '{"id":"1","type":"next","payload":{"data":{"__typename":"Query"}}}',
      '{"id":"1","type":"complete"}',
    ]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('the simulator alone starts and stops on SIGTERM', async () => {
    const { child, exited, match } = await start(
      'simulator/main.js',
      { SIMULATOR_PORT: '0' },
      /^Cloud Sync simulator on (http:\/\/127\.0\.0\.1:\d+)/m,
    );
    expect((await fetch(`${match[1]}/api/accounts`)).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
