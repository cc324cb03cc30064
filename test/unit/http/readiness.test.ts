import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import { cloudSyncProbe, type ProbeResult, Readiness } from '../../../src/http/readiness';
import { createSimulator } from '../../../src/simulator';

const CLOUDSYNC: ProbeResult = { kind: 'cloudsync' };
const DOWN: ProbeResult = { kind: 'unavailable', reason: 'Cloud Sync answers 503' };
const WRONG: ProbeResult = { kind: 'not-cloudsync', reason: 'it does not look like Cloud Sync' };

/** A probe that answers from a script, counting its calls; a clock the test moves. */
function fixture(results: ProbeResult[], options: { freshMs?: number; waitMs?: number } = {}) {
  let time = 1_000;
  let calls = 0;
  const warnings: string[] = [];
  const readiness = new Readiness(
    async () => {
      const result = results[Math.min(calls, results.length - 1)] ?? DOWN;
      calls++;
      return result;
    },
    {
      freshMs: options.freshMs ?? 10_000,
      waitMs: options.waitMs ?? 1_000,
      now: () => time,
      logger: { info: () => {}, warn: (_fields, message) => warnings.push(message) },
    },
  );
  return {
    readiness,
    warnings,
    calls: () => calls,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('Readiness (unit)', () => {
  it('the first check waits for its own probe: ready at once with a healthy upstream', async () => {
    const f = fixture([CLOUDSYNC]);
    expect(await f.readiness.check()).toEqual({ ready: true, reason: 'ready' });
    expect(f.calls()).toBe(1);
  });

  it('stays ready while the answer is recent, without probing; not ready once it stops answering', async () => {
    const f = fixture([CLOUDSYNC, DOWN]);
    await f.readiness.check();
    f.advance(10_000);
    expect((await f.readiness.check()).ready).toBe(true);
    expect(f.calls()).toBe(1);
    f.advance(1);
    expect(await f.readiness.check()).toEqual({ ready: false, reason: 'Cloud Sync answers 503' });
    expect(f.calls()).toBe(2);
  });

  it('real traffic answered by Cloud Sync counts as a recent answer; a 5xx does not', async () => {
    const f = fixture([DOWN]);
    f.readiness.observe(503);
    expect((await f.readiness.check()).ready).toBe(false);
    f.readiness.observe(401);
    expect((await f.readiness.check()).ready).toBe(true);
    expect(f.calls()).toBe(1);
  });

  it('a URL that is not Cloud Sync is never ready and is logged once', async () => {
    const f = fixture([WRONG], { freshMs: 0 });
    for (let i = 0; i < 3; i++) {
      expect(await f.readiness.check()).toEqual({
        ready: false,
        reason: 'it does not look like Cloud Sync',
      });
    }
    expect(f.calls()).toBe(3);
    expect(f.warnings).toEqual(['not ready: it does not look like Cloud Sync']);
  });

  it('a probe slower than the wait: not ready yet, one probe shared by concurrent checks', async () => {
    let release = () => {};
    let calls = 0;
    const readiness = new Readiness(
      () => {
        calls++;
        return new Promise<ProbeResult>((resolve) => {
          release = () => resolve(CLOUDSYNC);
        });
      },
      { waitMs: 20 },
    );
    const states = await Promise.all([readiness.check(), readiness.check()]);
    expect(states).toEqual([
      { ready: false, reason: 'waiting for Cloud Sync' },
      { ready: false, reason: 'waiting for Cloud Sync' },
    ]);
    expect(calls).toBe(1);
    release();
    expect((await readiness.check()).ready).toBe(true);
    expect(calls).toBe(1);
  });

  it('the probe a check waited for decides it, however short READINESS_FRESH_MS is', async () => {
    let time = 1_000;
    const readiness = new Readiness(
      async () => CLOUDSYNC,
      // Every reading of the clock is a millisecond later: the answer is never "fresh" at 0 ms.
      { freshMs: 0, waitMs: 1_000, now: () => time++ },
    );
    expect(await readiness.check()).toEqual({ ready: true, reason: 'ready' });
  });

  it('stopping is never ready', async () => {
    const f = fixture([CLOUDSYNC]);
    await f.readiness.check();
    f.readiness.stop();
    expect(await f.readiness.check()).toEqual({ ready: false, reason: 'stopping' });
  });
});

describe('cloudSyncProbe', () => {
  const timeouts = loadConfig({ UPSTREAM_DEADLINE_MS: '2000' }).timeouts;
  const servers: Server[] = [];
  async function serve(listener: RequestListener): Promise<string> {
    const server = createServer(listener);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  afterAll(async () => {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  });

  async function probeAt(url: string): Promise<ProbeResult> {
    const { probe, close } = cloudSyncProbe(url, timeouts);
    try {
      return await probe(new AbortController().signal);
    } finally {
      await close();
    }
  }

  it('Cloud Sync (the simulator) answers 401 with its JSON error: cloudsync', async () => {
    const sim = createSimulator({});
    await sim.start();
    try {
      expect(await probeAt(sim.url)).toEqual(CLOUDSYNC);
      expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.authorization ?? '-'}`)).toEqual([
        'GET /api/accounts -',
      ]);
    } finally {
      await sim.stop();
    }
  });

  it('any other HTTP server (404, or a 401 page that is not Cloud Sync JSON): not-cloudsync, in words', async () => {
    const notFound = await serve((_req, res) => res.writeHead(404).end('Not Found'));
    const result = await probeAt(notFound);
    expect(result.kind).toBe('not-cloudsync');
    expect(result).toMatchObject({
      reason: expect.stringMatching(
        /^CLOUDSYNC_API_URL \(http:\/\/127\.0\.0\.1:\d+\) has no \/api\/accounts \(404\): it does not look like the Cloud Sync API/,
      ),
    });
    const html = await serve((_req, res) => res.writeHead(401).end('<html>login</html>'));
    expect((await probeAt(html)).kind).toBe('not-cloudsync');
  });

  it('a 5xx or a closed port: unavailable', async () => {
    const failing = await serve((_req, res) => res.writeHead(503).end());
    expect(await probeAt(failing)).toMatchObject({ kind: 'unavailable' });
    const closed = await serve(() => {});
    const server = servers.pop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    expect(await probeAt(closed)).toMatchObject({ kind: 'unavailable' });
  });
});
