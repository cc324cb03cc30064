import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const API = { CLOUDSYNC_API_URL: 'http://127.0.0.1:9' };

describe('cluster configuration', () => {
  it('REDIS_URL unset: single-process mode', () => {
    expect(loadConfig({}).cluster).toBeNull();
    expect(loadConfig({ ...API, REDIS_URL: '  ' }).cluster).toBeNull();
  });

  it('accepts redis://, rediss:// and unix:// with the documented defaults', () => {
    const tcp = loadConfig({ ...API, REDIS_URL: 'redis://:s3cret@redis.internal:6380/0' }).cluster;
    expect(tcp).toMatchObject({
      redis: { url: 'redis://:s3cret@redis.internal:6380/0' },
      redisName: 'redis://redis.internal:6380',
      prefix: 'csg',
      feedLeaseMs: 5_000,
      feedStreamMaxLen: 1_000,
      feedStreamTtlMs: 600_000,
      laneLeaseMs: 5_000,
      commandTimeoutMs: 1_000,
      capTtlMs: 30_000,
      outageGraceMs: 10_000,
    });
    expect(tcp?.replicaId).toMatch(/^[A-Za-z0-9_.-]+-\d+-[0-9a-f]{4}$/);
    expect(loadConfig({ ...API, REDIS_URL: 'rediss://r.example:6379' }).cluster?.redis).toEqual({
      url: 'rediss://r.example:6379',
    });
    const unix = loadConfig({
      ...API,
      REDIS_URL: 'unix:///run/redis/r.sock',
      REDIS_PREFIX: 'prod-a',
      REPLICA_ID: 'r1',
    }).cluster;
    expect(unix).toMatchObject({
      redis: { path: '/run/redis/r.sock' },
      redisName: 'unix:///run/redis/r.sock',
      prefix: 'prod-a',
      replicaId: 'r1',
    });
  });

  it.each([
    [{ ...API, REDIS_URL: 'http://:pw@host:6379' }, /REDIS_URL must be/],
    [{ ...API, REDIS_URL: 'redis:///nohost' }, /REDIS_URL must be/],
    [{ ...API, REDIS_URL: 'unix://host/r.sock' }, /REDIS_URL must be/],
    [{ ...API, REDIS_URL: 'not a url :pw' }, /REDIS_URL must be/],
    [{ ...API, REDIS_URL: 'redis://h', REDIS_PREFIX: 'a b' }, /REDIS_PREFIX/],
    [{ ...API, REDIS_URL: 'redis://h', REPLICA_ID: 'a/b' }, /REPLICA_ID/],
    [{ ...API, REDIS_URL: 'redis://h', FEED_LEASE_MS: '10' }, /FEED_LEASE_MS/],
    [{ ...API, REDIS_URL: 'redis://h', REDIS_OUTAGE_GRACE_MS: '10s' }, /REDIS_OUTAGE_GRACE_MS/],
    [{ REDIS_URL: 'redis://h' }, /CLOUDSYNC_API_URL is not/],
  ])('refuses %o without echoing the URL', (settings, message) => {
    let caught: unknown;
    try {
      loadConfig(settings);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('pw');
  });

  it('REDIS_URL without CLOUDSYNC_API_URL: one line on stderr, exit code 2', async () => {
    const result = await runMain({ REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/REDIS_URL is set but CLOUDSYNC_API_URL is not/);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('Redis unreachable at start-up: one line naming the store and its address without the password, exit code 1', async () => {
    // Port 1 on loopback refuses at once; start-up retries for 10 s, then gives up.
    const result = await runMain({
      REDIS_URL: 'redis://:hunter2@127.0.0.1:1',
      CLOUDSYNC_API_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'silent',
      PORT: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'cloudsync-graphql: cannot reach Redis at redis://127.0.0.1:1 (REDIS_URL): cluster mode needs it at start-up',
    ]);
  }, 40_000);
});

/** Runs the gateway's entry point with only these variables; its exit code and stderr. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, stderr });
    });
  });
}
