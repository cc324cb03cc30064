import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { sse } from '../utils/sse';
import { codes, type Stack, startStack, until } from '../utils/stack';

let stack: Stack;
let token: string;
let bystander: Server;
let bystanderHits = 0;

const DEADLINE_MS = 1500;
/** How long a slow fault holds: far beyond the deadline. */
const FAULT_MS = 8000;

beforeAll(async () => {
  stack = await startStack({
    settings: {
      UPSTREAM_DEADLINE_MS: String(DEADLINE_MS),
      UPSTREAM_HEADERS_TIMEOUT_MS: '1000',
      UPSTREAM_BODY_TIMEOUT_MS: '1000',
    },
  });
  bystander = createServer((_req, res) => {
    bystanderHits++;
    res.end('[]');
  });
  await new Promise<void>((resolve) => bystander.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await stack.stop();
  await new Promise((resolve) => bystander.close(resolve));
});
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

const ACCOUNTS = '{ accounts { id } }';
const accountCalls = () => stack.apiRequests().filter((r) => r.path === '/api/accounts').length;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('upstream faults end in the documented error within the deadline', () => {
  it.each([
    ['slow headers', { kind: 'slowHeaders', ms: FAULT_MS } as const],
    ['no answer at all', { kind: 'noAnswer' } as const],
    ['a slow body', { kind: 'slowBody', ms: FAULT_MS } as const],
    ['a connection reset every time', { kind: 'reset' } as const],
    ['truncated JSON', { kind: 'truncatedJson' } as const],
    ['malformed JSON', { kind: 'badJson' } as const],
    ['a 5xx burst', { kind: 'status', status: 503 } as const],
  ])('%s → UPSTREAM_UNAVAILABLE', async (_name, fault) => {
    stack.sim.addFault({ path: '/api/accounts', ...fault });
    const { value, ms } = await timed(() => stack.gql(ACCOUNTS, {}, token));
    expect(codes(value)).toEqual(['UPSTREAM_UNAVAILABLE']);
    // Behaviour, not speed: the gateway gave up on its own deadline, before the upstream would answer.
    expect(ms).toBeLessThan(FAULT_MS);
    // The gateway is still there.
    stack.sim.clearFaults();
    const after = await stack.gql<{ accounts: unknown[] }>(ACCOUNTS, {}, token);
    expect(after.data!.accounts).toHaveLength(2);
  });

  it('429 with Retry-After in seconds and as an HTTP date', async () => {
    stack.sim.addFault({
      path: '/api/accounts',
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '12' },
      times: 1,
    });
    const seconds = await stack.gql(ACCOUNTS, {}, token);
    expect(codes(seconds)).toEqual(['RATE_LIMITED']);
    expect(seconds.errors![0]!.extensions!.retryAfterSeconds).toBe(12);
    const at = new Date(Date.now() + 30_000).toUTCString();
    stack.sim.addFault({
      path: '/api/accounts',
      kind: 'status',
      status: 429,
      headers: { 'retry-after': at },
      times: 1,
    });
    const date = await stack.gql(ACCOUNTS, {}, token);
    expect(codes(date)).toEqual(['RATE_LIMITED']);
    const after = date.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(after).toBeGreaterThanOrEqual(28);
    expect(after).toBeLessThanOrEqual(31);
  });

  it('a 302 to another loopback port is never followed', async () => {
    const port = (bystander.address() as AddressInfo).port;
    stack.sim.addFault({
      path: '/api/accounts',
      kind: 'redirect',
      location: `http://127.0.0.1:${port}/api/accounts`,
    });
    const res = await stack.gql(ACCOUNTS, {}, token);
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(bystanderHits).toBe(0);
  });

  it('GETs are retried, POST and DELETE never', async () => {
    stack.sim.addFault({ path: '/api/accounts', kind: 'reset', times: 2 });
    const res = await stack.gql<{ accounts: unknown[] }>(ACCOUNTS, {}, token);
    expect(res.data!.accounts).toHaveLength(2);
    expect(accountCalls()).toBe(3);
    stack.sim.addFault({
      method: 'POST',
      path: '/api/data-brokers',
      kind: 'slowHeaders',
      ms: 5000,
    });
    const created = await stack.gql(
      'mutation($a: ID!) { createDataBroker(accountId: $a, input: { name: "x", type: GCP }) { dataBroker { id } } }',
      { a: SEED_IDS.accounts.test },
      token,
    );
    expect(codes(created)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a client that disconnects cancels its upstream request', async () => {
    stack.sim.addFault({ path: '/api/accounts', kind: 'noAnswer' });
    const aborted = () =>
      stack.gateway.metrics.registry
        .getSingleMetricAsString('cloudsync_upstream_requests_total')
        .then((text) => text.includes('endpoint="accounts",status="aborted"'));
    const abort = new AbortController();
    const pending = fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ACCOUNTS }),
      signal: abort.signal,
    }).catch((error: unknown) => error);
    await until(() => accountCalls() === 1, 5000, 'upstream call');
    expect(await aborted()).toBe(false);
    abort.abort();
    await pending;
    let seen = false;
    for (let i = 0; i < 100 && !seen; i++) {
      seen = await aborted();
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen).toBe(true);
    expect(accountCalls()).toBe(1);
  });
});

describe('input that tries to escape', () => {
  it('ids, hosts and paths never change an upstream path', async () => {
    const attempts = [
      [
        'mutation($a: ID!, $id: ID!) { deleteDataBroker(accountId: $a, id: $id) { id } }',
        { a: SEED_IDS.accounts.test, id: '../accounts' },
      ],
      [
        'mutation($a: ID!, $id: ID!) { deleteDataBroker(accountId: $a, id: $id) { id } }',
        { a: SEED_IDS.accounts.test, id: 'x%2F..%2Fy' },
      ],
      [
        'mutation($a: ID!, $id: ID!) { deleteDataBroker(accountId: $a, id: $id) { id } }',
        { a: 'account-JeL97Ry3\r\nx-evil: 1', id: 'abc' },
      ],
      [
        'mutation($a: ID!, $id: ID!) { deleteDataBroker(accountId: $a, id: $id) { id } }',
        { a: SEED_IDS.accounts.test, id: 'http://127.0.0.1:1/x' },
      ],
      [
        'query($a: ID!) { account(id: $a) { dataBroker(id: "../../x") { id } } }',
        { a: SEED_IDS.accounts.test },
      ],
      [
        'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { nfsExports(host: "h/../../x") { path } } } }',
        { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.onprem },
      ],
    ] as const;
    for (const [query, variables] of attempts) {
      const res = await stack.gql(query, variables, token);
      if (res.errors) expect(codes(res), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
    }
    const listing = await sse(
      stack.gateway.url,
      'subscription($a: ID!, $b: ID!) { s3BucketListing(accountId: $a, dataBrokerId: $b) { status } }',
      { a: SEED_IDS.accounts.test, b: '616d9c8d48301b1e6cdfe1df/../../accounts' },
      token,
    );
    expect(listing.events.map((e) => e.data).join()).toContain('BAD_USER_INPUT');
    const allowed =
      /^\/api\/(accounts|data-brokers|groups|messages\/client)$|^\/api\/data-brokers\/[0-9a-f]{24}(\/list-[a-z-]+)?$/;
    for (const request of stack.apiRequests()) expect(request.path).toMatch(allowed);
    expect(
      stack
        .apiRequests()
        .every((r) => r.accountId === undefined || /^account-[A-Za-z0-9]+$/.test(r.accountId)),
    ).toBe(true);
  });
});
