import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USER, SEED_IDS } from '../../src/simulator';
import { codes, type Stack, startStack, until } from '../utils/stack';

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

interface AccountsData {
  accounts: {
    id: string;
    name: string;
    dataBrokers: { id: string; name: string; group: { name: string } | null }[];
  }[];
}

describe('core graph', () => {
  it('answers the nested query with one accounts call and two calls per account', async () => {
    const res = await stack.gql<AccountsData>(
      '{ accounts { id name dataBrokers { id name status group { name } } } }',
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    const accounts = res.data!.accounts;
    expect(accounts.map((a) => a.id)).toEqual([
      SEED_IDS.accounts.test,
      SEED_IDS.accounts.production,
    ]);
    const vmazjb1 = accounts[0]!.dataBrokers.find((b) => b.id === SEED_IDS.brokers.azure);
    expect(vmazjb1).toMatchObject({ name: 'vmazjb1', group: { name: 'Azure East' } });

    const calls = stack.apiRequests().map((r) => `${r.method} ${r.path} ${r.accountId ?? '-'}`);
    expect(calls.sort()).toEqual(
      [
        'GET /api/accounts -',
        `GET /api/data-brokers ${SEED_IDS.accounts.test}`,
        `GET /api/data-brokers ${SEED_IDS.accounts.production}`,
        `GET /api/groups ${SEED_IDS.accounts.test}`,
        `GET /api/groups ${SEED_IDS.accounts.production}`,
      ].sort(),
    );
    expect(stack.apiRequests().every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('does not fetch groups when no group field is asked for', async () => {
    const res = await stack.gql('{ accounts { dataBrokers { id } } }', {}, token);
    expect(res.errors).toBeUndefined();
    expect(stack.apiRequests().filter((r) => r.path === '/api/groups')).toHaveLength(0);
    expect(stack.apiRequests()).toHaveLength(3);
  });

  it('maps every broker field, pending status included', async () => {
    const res = await stack.gql<{
      account: {
        dataBrokers: Record<string, unknown>[];
        dataBrokerGroups: { id: string; dataBrokers: { id: string }[] }[];
      };
    }>(
      `query($id: ID!) { account(id: $id) {
          dataBrokers { id type status statusMessage transferRate lastPing latestVersion fileLink account { id } }
          dataBrokerGroups { id name createdAt dataBrokers { id } } } }`,
      { id: SEED_IDS.accounts.test },
      token,
    );
    expect(res.errors).toBeUndefined();
    const brokers = res.data!.account.dataBrokers;
    const byId = (id: string) => brokers.find((b) => b.id === id)!;
    expect(byId(SEED_IDS.brokers.azure)).toMatchObject({
      type: 'AZURE',
      status: 'COMPLETE',
      transferRate: 1753.016,
      account: { id: SEED_IDS.accounts.test },
    });
    expect(byId(SEED_IDS.brokers.onpremPending).status).toBe('PENDING');
    expect(byId(SEED_IDS.brokers.awsFailed).status).toBe('FAILED');
    expect(byId(SEED_IDS.brokers.awsFailed).statusMessage).toEqual(expect.any(String));
    const azure = res.data!.account.dataBrokerGroups.find((g) => g.id === SEED_IDS.groups.azure)!;
    expect(azure.dataBrokers.map((b) => b.id)).toContain(SEED_IDS.brokers.azure);
  });

  it('gives null for an unknown broker id and for an account the caller cannot see', async () => {
    const res = await stack.gql<{ account: { dataBroker: unknown }; other: unknown }>(
      `query($id: ID!, $other: ID!) {
          account(id: $id) { dataBroker(id: "ffffffffffffffffffffffff") { id } }
          other: account(id: $other) { id } }`,
      { id: SEED_IDS.accounts.test, other: SEED_IDS.accounts.other },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ account: { dataBroker: null }, other: null });
  });

  it('reads one account once however many fields ask for it', async () => {
    const res = await stack.gql(
      `query($id: ID!) { a: account(id: $id) { dataBrokers { id } dataBroker(id: "x1") { id } }
                         b: account(id: $id) { dataBrokers { name } } }`,
      { id: SEED_IDS.accounts.test },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(stack.apiRequests().filter((r) => r.path === '/api/data-brokers')).toHaveLength(1);
    expect(stack.apiRequests().filter((r) => r.path === '/api/accounts')).toHaveLength(1);
  });

  it("asks for an account's brokers in the same round as the accounts", async () => {
    // The accounts never answer: the brokers are asked for all the same (one round trip, not two).
    stack.sim.addFault({ path: '/api/accounts', kind: 'noAnswer' });
    const abort = new AbortController();
    const pending = fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query($id: ID!) { account(id: $id) { dataBroker(id: "x1") { id } } }',
        variables: { id: SEED_IDS.accounts.test },
      }),
      signal: abort.signal,
    }).catch((error: unknown) => error);
    try {
      const calls = () => stack.apiRequests().map((r) => `${r.path} ${r.accountId ?? '-'}`);
      await until(() => calls().length === 2, 5_000, 'the brokers call');
      expect(calls().sort()).toEqual(
        ['/api/accounts -', `/api/data-brokers ${SEED_IDS.accounts.test}`].sort(),
      );
    } finally {
      abort.abort();
      await pending;
    }
  });

  it('an account the caller cannot see costs one refused brokers call, and is null', async () => {
    const res = await stack.gql(
      'query($id: ID!) { account(id: $id) { dataBroker(id: "x1") { id } } }',
      { id: SEED_IDS.accounts.other },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ account: null });
    const calls = stack.apiRequests().map((r) => `${r.path} ${r.accountId ?? '-'}`);
    expect(calls.sort()).toEqual(
      ['/api/accounts -', `/api/data-brokers ${SEED_IDS.accounts.other}`].sort(),
    );
  });

  it('creates a broker, sees it pending, and deletes it', async () => {
    const created = await stack.gql<{
      createDataBroker: {
        dataBroker: { id: string; name: string; status: string };
        fileLink: string;
      };
    }>(
      `mutation($a: ID!) { createDataBroker(accountId: $a, input: { name: "new-one", type: AWS }) {
          dataBroker { id name status } fileLink } }`,
      { a: SEED_IDS.accounts.test },
      token,
    );
    expect(created.errors).toBeUndefined();
    const { id } = created.data!.createDataBroker.dataBroker;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.data!.createDataBroker.dataBroker).toMatchObject({
      name: 'new-one',
      status: 'PENDING',
    });

    const read = await stack.gql<{ account: { dataBroker: { status: string } | null } }>(
      'query($a: ID!, $id: ID!) { account(id: $a) { dataBroker(id: $id) { status } } }',
      { a: SEED_IDS.accounts.test, id },
      token,
    );
    expect(read.data!.account.dataBroker).toEqual({ status: 'PENDING' });

    const deleted = await stack.gql<{ deleteDataBroker: { id: string } }>(
      'mutation($a: ID!, $id: ID!) { deleteDataBroker(accountId: $a, id: $id) { id } }',
      { a: SEED_IDS.accounts.test, id },
      token,
    );
    expect(deleted.data).toEqual({ deleteDataBroker: { id } });
    const again = await stack.gql<{ account: { dataBroker: unknown } }>(
      'query($a: ID!, $id: ID!) { account(id: $a) { dataBroker(id: $id) { id } } }',
      { a: SEED_IDS.accounts.test, id },
      token,
    );
    expect(again.data!.account.dataBroker).toBeNull();

    const missing = await stack.gql(
      'mutation($a: ID!, $id: ID!) { deleteDataBroker(accountId: $a, id: $id) { id } }',
      { a: SEED_IDS.accounts.test, id },
      token,
    );
    expect(codes(missing)).toEqual(['NOT_FOUND']);
  });

  it('logs in and refreshes without a bearer token, and the token works', async () => {
    const login = await stack.gql<{
      login: { accessToken: string; tokenType: string; expiresIn: number; expiresAt: string };
    }>(
      'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken tokenType expiresIn expiresAt } }',
      { u: DEMO_USER.username, p: DEMO_USER.password },
      null,
    );
    expect(login.errors).toBeUndefined();
    const grant = login.data!.login;
    expect(grant.tokenType).toBe('Bearer');
    expect(grant.expiresIn).toBe(86400);
    expect(Date.parse(grant.expiresAt)).toBeGreaterThan(Date.now());
    const accounts = await stack.gql<{ accounts: unknown[] }>(
      '{ accounts { id } }',
      {},
      grant.accessToken,
    );
    expect(accounts.data!.accounts).toHaveLength(2);

    const refresh = await stack.gql<{ refreshAccessToken: { accessToken: string } }>(
      'mutation($r: String!) { refreshAccessToken(refreshToken: $r) { accessToken } }',
      { r: DEMO_USER.refreshToken },
      null,
    );
    expect(refresh.errors).toBeUndefined();
    expect(refresh.data!.refreshAccessToken.accessToken).not.toBe(grant.accessToken);

    const wrong = await stack.gql(
      'mutation($u: String!) { login(username: $u, password: "nope") { accessToken } }',
      { u: DEMO_USER.username },
      null,
    );
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0]!.message).toBe('Wrong email or password.');
  });
});
