import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSeed, createSimulator, DEMO_USER, OTHER_USER } from '../../src/simulator/index';
import { AZURE, call, demoToken, OTHER, PRODUCTION, poll, sim, TEST, until } from './helpers';

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('lifecycle', () => {
  it('adds latency before every answer', async () => {
    sim.setLatency(120);
    const started = Date.now();
    await call('/api/accounts');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('reset() restores data, tokens, knobs and answers held polls with []', async () => {
    const token = demoToken();
    await call(`/api/data-brokers/${AZURE}`, { token, account: TEST, method: 'DELETE' });
    sim.setLatency(150);
    sim.setLongPoll(5000);
    const held = poll(token, sim.queueHead(token));
    await until(() => sim.pollsInFlight() === 1, 1500);
    sim.reset();
    expect(await held).toEqual([]);
    expect(sim.requests).toEqual([]);

    expect((await call('/api/accounts', { token })).status).toBe(401);
    const fresh = demoToken();
    const started = Date.now();
    const brokers = (await (
      await call('/api/data-brokers', { token: fresh, account: TEST })
    ).json()) as {
      id: string;
    }[];
    expect(Date.now() - started).toBeLessThan(140);
    expect(brokers.map((broker) => broker.id)).toContain(AZURE);
  });

  it('stop() closes the server and every held request', async () => {
    const local = createSimulator({ longPollMs: 60_000, listingDelayMs: 60_000 });
    await local.start();
    const url = local.url;
    const token = demoToken(local);
    await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, { token, account: TEST }, local);
    local.addFault({ path: '/api/groups', kind: 'noAnswer' });
    // Settled into outcomes at once: they fail during stop(), before anything else awaits them.
    const outcome = (request: Promise<unknown>) =>
      request.then(
        () => 'answered',
        () => 'cut',
      );
    const held = outcome(call('/api/messages/client?last=5801', { token }, local));
    const stuck = outcome(call('/api/groups', { token, account: TEST }, local));
    await until(() => local.pollsInFlight() === 1 && local.requests.length === 3);
    await local.stop();
    expect(await held).toBe('cut');
    expect(await stuck).toBe('cut');
    await expect(fetch(`${url}/api/accounts`)).rejects.toThrow();
    expect(() => local.url).toThrow();
  });
});

describe('processes', () => {
  function run(
    args: string[],
    env: Record<string, string>,
    onLine?: (line: string, stop: () => void) => void,
  ): Promise<{ code: number | null; out: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
        cwd: process.cwd(),
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const killer = setTimeout(() => child.kill('SIGKILL'), 4000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        for (const line of chunk.toString().split('\n'))
          onLine?.(line, () => child.kill('SIGTERM'));
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, out, ms: Date.now() - started });
      });
    });
  }

  it('leaves nothing running after stop(): the process exits by itself', async () => {
    const script = `
      import { createSimulator, DEMO_USER } from './src/simulator/index.ts';
      const sim = createSimulator({ longPollMs: 60000, listingDelayMs: 60000 });
      await sim.start();
      const token = sim.issueToken(DEMO_USER.username);
      const headers = { authorization: 'Bearer ' + token, 'x-account-id': 'account-JeL97Ry3' };
      await fetch(sim.url + '/api/data-brokers/616d9c8d48301b1e6cdfe1df/list-s3-buckets', { headers });
      sim.addFault({ path: '/api/groups', kind: 'noAnswer' });
      const held = fetch(sim.url + '/api/messages/client?last=5801', { headers }).then(() => 'answered', () => 'closed');
      const stuck = fetch(sim.url + '/api/groups', { headers }).then(() => 'answered', () => 'closed');
      while (sim.pollsInFlight() === 0 || sim.requests.length < 3) await new Promise((r) => setTimeout(r, 5));
      await sim.stop();
      console.log('stopped', await held, await stuck);
    `;
    const result = await run(['--input-type=module', '-e', script], {});
    expect(result.out).toContain('stopped closed closed');
    expect(result.code).toBe(0);
    // Its 60 s long poll and listing timers would keep it alive: it exits long before those.
    expect(result.ms).toBeLessThan(20_000);
  });

  it('runs alone with main.ts and stops on SIGTERM', async () => {
    let status = 0;
    const result = await run(['src/simulator/main.ts'], { SIMULATOR_PORT: '0' }, (line, stop) => {
      // The first line names the simulator's address (a later one repeats it in a command).
      const url = /^Cloud Sync simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (!url) return;
      fetch(`${url}/api/accounts`)
        .then((res) => {
          status = res.status;
        })
        .finally(stop);
    });
    expect(status).toBe(401);
    expect(result.out).toContain(`${DEMO_USER.username} / ${DEMO_USER.password}`);
    expect(result.code).toBe(0);
  });
});

describe('seed', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(createSeed())).toBe(JSON.stringify(createSeed()));
    const big = { accounts: 20, brokersPerAccount: 10 };
    expect(JSON.stringify(createSeed(big))).toBe(JSON.stringify(createSeed(big)));
  });

  it('scales for benchmarks: every account is the demo user’s, other-user data stays', () => {
    const seed = createSeed({ accounts: 20, brokersPerAccount: 10 });
    const demo = seed.users.find((user) => user.username === DEMO_USER.username);
    const other = seed.users.find((user) => user.username === OTHER_USER.username);
    expect(demo?.accountIds).toHaveLength(20);
    expect(demo?.accountIds.slice(0, 2)).toEqual([TEST, PRODUCTION]);
    expect(other?.accountIds).toEqual([OTHER]);
    for (const accountId of demo?.accountIds ?? []) {
      expect(seed.brokers.filter((broker) => broker.accountId === accountId)).toHaveLength(10);
      expect(seed.buckets[accountId]?.length).toBeGreaterThan(0);
    }
    const ids = seed.brokers.map((broker) => broker.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    for (const broker of seed.brokers) {
      expect(seed.groups.some((group) => group.id === broker.groupId)).toBe(true);
    }
  });
});
