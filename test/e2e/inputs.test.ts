import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { codes, type Stack, startStack, subscribeAll } from '../utils/stack';

let stack: Stack;
let token: string;
const account = SEED_IDS.accounts.test;
const aws = SEED_IDS.brokers.aws;
const onprem = SEED_IDS.brokers.onprem;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

const listCalls = () => stack.apiRequests().filter((r) => /\/list-/.test(r.path));

describe('control characters (C0, DEL, C1) are refused before any upstream call', () => {
  const FOLDERS = `query($a: ID!, $b: ID!, $h: String!, $e: String!, $p: String) {
    account(id: $a) { dataBroker(id: $b) { nfsExportFolders(host: $h, exportName: $e, path: $p) { name } } } }`;
  const C1 = ['\u0085', '\u009b', '\u0080', '\u009f'];
  const C0 = ['\u0000', '\u001f', '\u007f'];

  for (const char of [...C1, ...C0]) {
    const name = `U+${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
    it(`${name} in exportName, path and host: BAD_USER_INPUT, no list call`, async () => {
      const cases = [
        { h: '10.0.0.5', e: `/export${char}/a`, p: null },
        { h: '10.0.0.5', e: '/export', p: `sub${char}dir` },
        { h: `10.0.0.5${char}`, e: '/export', p: null },
      ];
      for (const variables of cases) {
        const res = await stack.gql(FOLDERS, { a: account, b: onprem, ...variables }, token);
        expect(codes(res), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
      }
      expect(listCalls()).toHaveLength(0);
    });

    it(`${name} in ids (queries, mutations, subscriptions): BAD_USER_INPUT, no upstream call`, async () => {
      const bad = `account${char}x`;
      const query = await stack.gql('query($a: ID!) { account(id: $a) { id } }', { a: bad }, token);
      expect(codes(query)).toEqual(['BAD_USER_INPUT']);
      const mutation = await stack.gql(
        'mutation($a: ID!, $b: ID!) { deleteDataBroker(accountId: $a, id: $b) { id } }',
        { a: account, b: `broker${char}` },
        token,
      );
      expect(codes(mutation)).toEqual(['BAD_USER_INPUT']);
      const sub = subscribeAll(
        stack.ws(token),
        'subscription($a: ID!, $b: ID!) { s3BucketListing(accountId: $a, dataBrokerId: $b) { status } }',
        { a: account, b: `${aws}${char}` },
      );
      await sub.done;
      expect(sub.events).toEqual([]);
      expect(
        sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
      ).toEqual(['BAD_USER_INPUT']);
      expect(stack.apiRequests()).toHaveLength(0);
    });
  }

  it('ordinary non-ASCII text in a path still goes through', async () => {
    const res = await stack.gql(
      FOLDERS,
      { a: account, b: onprem, h: '10.0.0.5', e: '/export', p: 'Größe/日本' },
      token,
    );
    expect(codes(res)).not.toContain('BAD_USER_INPUT');
    expect(listCalls()).toHaveLength(1);
  });
});

describe('malformed ids are BAD_USER_INPUT everywhere, with no upstream call', () => {
  it('account(id) with a malformed id', async () => {
    const res = await stack.gql('{ account(id: "bad id!") { id name } }', {}, token);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.data ?? { account: null }).toEqual({ account: null });
    expect(stack.apiRequests()).toHaveLength(0);
  });

  it('Account.dataBroker(id) with a malformed id: no data-brokers call', async () => {
    const res = await stack.gql<{ account: { id: string; dataBroker: unknown } | null }>(
      `{ account(id: "${account}") { id dataBroker(id: "bad id!") { id } } }`,
      {},
      token,
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.path).toEqual(['account', 'dataBroker']);
    expect(res.data!.account).toEqual({ id: account, dataBroker: null });
    expect(stack.apiRequests().map((r) => r.path)).toEqual(['/api/accounts']);
  });

  it('a well-formed id the caller cannot see is still null, without an error', async () => {
    const res = await stack.gql(
      `{ account(id: "account-unknown1") { id dataBroker(id: "ffffffffffffffffffffffff") { id } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ account: null });
  });

  it('mutations and subscriptions agree', async () => {
    const mutation = await stack.gql(
      'mutation { deleteDataBroker(accountId: "bad id!", id: "x") { id } }',
      {},
      token,
    );
    expect(codes(mutation)).toEqual(['BAD_USER_INPUT']);
    const create = await stack.gql(
      `mutation { createDataBroker(accountId: "${account}", input: { name: "n", type: AWS, groupId: "bad id!" }) { fileLink } }`,
      {},
      token,
    );
    expect(codes(create)).toEqual(['BAD_USER_INPUT']);
    for (const query of [
      'subscription { s3BucketListing(accountId: "bad id!", dataBrokerId: "x") { status } }',
      'subscription { feedMessages(accountId: "bad id!") { id } }',
    ]) {
      const sub = subscribeAll(stack.ws(token), query);
      await sub.done;
      expect(sub.events).toEqual([]);
      expect(
        sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
      ).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.apiRequests()).toHaveLength(0);
  });
});
