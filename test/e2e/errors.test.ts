import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { codes, type Stack, startStack } from '../utils/stack';

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack({ settings: { UPSTREAM_DEADLINE_MS: '3000' } });
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

const BROKERS = 'query($a: ID!) { account(id: $a) { dataBrokers { id } } }';
const CREATE =
  'mutation($a: ID!) { createDataBroker(accountId: $a, input: { name: "x", type: AWS }) { dataBroker { id } } }';

describe('errors', () => {
  it('no token: UNAUTHENTICATED with HTTP 401 and no upstream request', async () => {
    const res = await stack.gql('{ accounts { id } }', {}, null);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('a malformed Authorization header counts as none', async () => {
    for (const header of ['Basic abc', 'Bearer', 'Bearer a b', `Bearer ${token}\r\nx-evil: 1`]) {
      const res = await fetch(`${stack.gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: header.replace(/\r\n.*/, ' x'),
        },
        body: JSON.stringify({ query: '{ accounts { id } }' }),
      });
      expect(res.status).toBe(401);
    }
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('introspection needs no token', async () => {
    const res = await stack.gql<{ __schema: { queryType: { name: string } } }>(
      '{ __schema { queryType { name } } }',
      {},
      null,
    );
    expect(res.data!.__schema.queryType.name).toBe('Query');
  });

  it('an expired token: UNAUTHENTICATED with the upstream message', async () => {
    stack.sim.expireToken(token);
    const res = await stack.gql('{ accounts { id } }', {}, token);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0]!.message).toContain('(TokenExpiredError: jwt expired)');
  });

  it("another user's account: FORBIDDEN", async () => {
    const res = await stack.gql(CREATE, { a: SEED_IDS.accounts.other }, token);
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it('upstream 500: UPSTREAM_UNAVAILABLE, not retried (500 is not a transient answer)', async () => {
    stack.sim.addFault({
      path: '/api/data-brokers',
      kind: 'status',
      status: 500,
      body: { code: 500, message: 'boom' },
    });
    const res = await stack.gql(BROKERS, { a: SEED_IDS.accounts.test }, token);
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(res.errors![0]!.message).toBe('Cloud Sync failed: boom');
    expect(stack.apiRequests().filter((r) => r.path === '/api/data-brokers')).toHaveLength(1);
  });

  it('malformed JSON: UPSTREAM_UNAVAILABLE', async () => {
    stack.sim.addFault({ path: '/api/data-brokers', kind: 'badJson' });
    const res = await stack.gql(BROKERS, { a: SEED_IDS.accounts.test }, token);
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('a body of the wrong shape: UPSTREAM_UNAVAILABLE, never a crash', async () => {
    stack.sim.addFault({
      path: '/api/data-brokers',
      kind: 'status',
      status: 200,
      body: { not: 'a list' },
    });
    const res = await stack.gql(BROKERS, { a: SEED_IDS.accounts.test }, token);
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('429: RATE_LIMITED with retryAfterSeconds, not retried', async () => {
    stack.sim.addFault({
      path: '/api/data-brokers',
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '7' },
      body: { code: 429, message: 'Too many requests' },
    });
    const res = await stack.gql(BROKERS, { a: SEED_IDS.accounts.test }, token);
    expect(codes(res)).toEqual(['RATE_LIMITED']);
    expect(res.errors![0]!.extensions!.retryAfterSeconds).toBe(7);
    expect(stack.apiRequests().filter((r) => r.path === '/api/data-brokers')).toHaveLength(1);
  });

  it('GET is retried on 503 and succeeds', async () => {
    stack.sim.addFault({ path: '/api/data-brokers', kind: 'status', status: 503, times: 2 });
    const res = await stack.gql<{ account: { dataBrokers: unknown[] } }>(
      BROKERS,
      { a: SEED_IDS.accounts.test },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.account.dataBrokers.length).toBeGreaterThan(0);
    expect(stack.apiRequests().filter((r) => r.path === '/api/data-brokers')).toHaveLength(3);
  });

  it('GET gives up after three attempts', async () => {
    stack.sim.addFault({ path: '/api/data-brokers', kind: 'status', status: 502 });
    const res = await stack.gql(BROKERS, { a: SEED_IDS.accounts.test }, token);
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.apiRequests().filter((r) => r.path === '/api/data-brokers')).toHaveLength(3);
  });

  it('GET is retried after a connection reset', async () => {
    stack.sim.addFault({ path: '/api/accounts', kind: 'reset', times: 1 });
    const res = await stack.gql<{ accounts: unknown[] }>('{ accounts { id } }', {}, token);
    expect(res.errors).toBeUndefined();
    expect(stack.apiRequests().filter((r) => r.path === '/api/accounts')).toHaveLength(2);
  });

  it('POST and DELETE are never retried', async () => {
    stack.sim.addFault({ method: 'POST', path: '/api/data-brokers', kind: 'status', status: 503 });
    const created = await stack.gql(CREATE, { a: SEED_IDS.accounts.test }, token);
    expect(codes(created)).toEqual(['UPSTREAM_UNAVAILABLE']);
    stack.sim.addFault({ method: 'DELETE', path: /^\/api\/data-brokers\//, kind: 'reset' });
    const deleted = await stack.gql(
      'mutation($a: ID!) { deleteDataBroker(accountId: $a, id: "616d9c8d48301b1e6cdfe1df") { id } }',
      { a: SEED_IDS.accounts.test },
      token,
    );
    expect(codes(deleted)).toEqual(['UPSTREAM_UNAVAILABLE']);
    const writes = stack.apiRequests().filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.method)).toEqual(['POST', 'DELETE']);
  });

  it('bad arguments: BAD_USER_INPUT before any upstream call', async () => {
    const res = await stack.gql(CREATE, { a: 'account-x/../../accounts' }, token);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    const invalid = await stack.gql('{ accounts { nope } }', {}, token);
    expect(codes(invalid)).toEqual(['BAD_USER_INPUT']);
    expect(stack.apiRequests()).toHaveLength(0);
  });

  it('errors never carry a token, an upstream address or a stack', async () => {
    stack.sim.addFault({
      path: '/api/accounts',
      kind: 'status',
      status: 500,
      body: { code: 500, message: 'x' },
    });
    const res = await stack.gql('{ accounts { id } }', {}, token);
    const text = JSON.stringify(res);
    expect(text).not.toContain(token);
    expect(text).not.toContain(stack.sim.url);
    expect(text).not.toMatch(/at .+\.(ts|js):\d+/);
  });
});
