import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../src/simulator';
import { codes, type Stack, startStack, until } from './harness';

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
  stack.sim.setLongPoll(400);
  stack.sim.setListingDelay(20);
  token = stack.demoToken();
});

const BUCKETS = `query($a: ID!, $b: ID!, $t: Int) { account(id: $a) { dataBroker(id: $b) {
  s3Buckets(timeoutSeconds: $t) { name region { name displayName } tags { key value } } } } }`;
const FOLDERS = `query($a: ID!, $b: ID!, $host: String!, $export: String!, $path: String) {
  account(id: $a) { dataBroker(id: $b) { nfsExportFolders(host: $host, exportName: $export, path: $path) { name path } } } }`;

type BucketsData = {
  account: {
    dataBroker: { s3Buckets: { name: string; tags: { key: string; value: string }[] }[] };
  };
};

const listCalls = () => stack.apiRequests().filter((r) => /\/list-/.test(r.path));

describe('waiting listing fields', () => {
  it('returns the buckets with tags mapped to {key, value}', async () => {
    const res = await stack.gql<BucketsData>(BUCKETS, { a: account, b: aws }, token);
    expect(res.errors).toBeUndefined();
    const small = res.data!.account.dataBroker.s3Buckets.find((b) => b.name === 'small');
    expect(small).toEqual({
      name: 'small',
      region: { name: 'us-west-2', displayName: 'US West (Oregon)' },
      tags: [{ key: 'price', value: '100$' }],
    });
    // The cursor is taken (init call) before the list call is issued.
    const paths = stack.apiRequests().map((r) => r.url);
    const init = paths.indexOf('/api/messages/client');
    const list = paths.findIndex((p) => p.includes('/list-s3-buckets'));
    expect(init).toBeGreaterThanOrEqual(0);
    expect(init).toBeLessThan(list);
  });

  it('returns exports and their folders', async () => {
    const res = await stack.gql<{
      account: {
        dataBroker: { nfsExports: { path: string; folders: { name: string; path: string }[] }[] };
      };
    }>(
      `query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) {
        nfsExports(host: "10.0.0.5") { path folders { name path } } } } }`,
      { a: account, b: onprem },
      token,
    );
    expect(res.errors).toBeUndefined();
    const exports = res.data!.account.dataBroker.nfsExports;
    expect(exports.map((e) => e.path)).toContain('/vol1');
    const vol1 = exports.find((e) => e.path === '/vol1')!;
    expect(vol1.folders.length).toBeGreaterThan(0);
    expect(vol1.folders.every((f) => f.name.length > 0 && f.path.length > 0)).toBe(true);
    const folderCalls = listCalls().filter((r) => r.path.endsWith('/list-nfs-export-folders'));
    expect(folderCalls).toHaveLength(exports.length);
    expect(folderCalls.map((r) => r.query.exportName).sort()).toEqual(
      exports.map((e) => e.path).sort(),
    );
  });

  it('50 identical concurrent queries: one list call, one long poll at a time', async () => {
    stack.sim.holdListings();
    const pending = Promise.all(
      Array.from({ length: 50 }, () =>
        stack.gql<BucketsData>(BUCKETS, { a: account, b: aws }, token),
      ),
    );
    const listings = stack.gateway.services.listings;
    await until(() => listings.waiters === 50, 10_000, 'all 50 queries waiting');
    stack.sim.releaseListings();
    const results = await pending;
    for (const res of results) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.account.dataBroker.s3Buckets.length).toBeGreaterThan(0);
    }
    expect(stack.sim.listCallCount('list-s3-buckets')).toBe(1);
    expect(stack.sim.maxPollsInFlight(token)).toBe(1);
    expect(stack.apiRequests().filter((r) => r.url === '/api/messages/client')).toHaveLength(1);
  });

  it('two folder listings on one broker with different paths: each gets its own folders', async () => {
    stack.sim.holdListings();
    const a = stack.gql<{ account: { dataBroker: { nfsExportFolders: { path: string }[] } } }>(
      FOLDERS,
      { a: account, b: onprem, host: '10.0.0.5', export: '/vol1', path: 'projects' },
      token,
    );
    const b = stack.gql<{ account: { dataBroker: { nfsExportFolders: { path: string }[] } } }>(
      FOLDERS,
      { a: account, b: onprem, host: '10.0.0.5', export: '/vol1' },
      token,
    );
    // Same lane: the second list call waits until the first is answered.
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'first list call');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(listCalls()).toHaveLength(1);
    stack.sim.releaseListings({ reverse: true });
    stack.sim.holdListings();
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'second list call');
    stack.sim.releaseListings({ reverse: true });
    const [ra, rb] = await Promise.all([a, b]);
    const inProjects = ra.data!.account.dataBroker.nfsExportFolders.map((f) => f.path);
    const top = rb.data!.account.dataBroker.nfsExportFolders.map((f) => f.path);
    expect(inProjects.length).toBeGreaterThan(0);
    expect(inProjects.every((p) => p.startsWith('projects/'))).toBe(true);
    expect(top).toContain('projects');
    expect(top.some((p) => p.startsWith('projects/'))).toBe(false);
  });

  it('listings on two brokers answered in reverse order: each gets its own result', async () => {
    stack.sim.holdListings();
    const exportsQuery = `query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { nfsExports(host: "10.0.0.5") { path } } } }`;
    const first = stack.gql<BucketsData>(BUCKETS, { a: account, b: aws }, token);
    const second = stack.gql<{ account: { dataBroker: { nfsExports: { path: string }[] } } }>(
      exportsQuery,
      { a: account, b: onprem },
      token,
    );
    await until(() => stack.sim.heldListingCount() === 2, 5000, 'both list calls');
    stack.sim.releaseListings({ reverse: true });
    const [buckets, exports] = await Promise.all([first, second]);
    expect(buckets.data!.account.dataBroker.s3Buckets.map((b) => b.name)).toContain('small');
    expect(exports.data!.account.dataBroker.nfsExports.map((e) => e.path)).toContain('/vol1');
  });

  it('passes over foreign messages that come before the answer', async () => {
    stack.sim.holdListings();
    const pending = stack.gql<BucketsData>(BUCKETS, { a: account, b: aws }, token);
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'list call');
    stack.sim.injectMessage(token, {
      operation: 'list-s3-buckets',
      agentId: SEED_IDS.brokers.gcp,
      payload: [{ name: 'not-mine' }],
    });
    stack.sim.injectMessage(token, {
      operation: 'list-nfs-exports',
      agentId: aws,
      payload: [{ path: '/x' }],
    });
    stack.sim.injectMessage(token, {
      operation: 'some-future-operation',
      agentId: aws,
      payload: { whatever: 1 },
    });
    stack.sim.injectMessage(token, {
      operation: 'list-s3-buckets',
      payload: [{ name: 'no-agent' }],
    });
    stack.sim.releaseListings();
    const res = await pending;
    const names = res.data!.account.dataBroker.s3Buckets.map((b) => b.name);
    expect(names).toContain('small');
    expect(names).not.toContain('not-mine');
    expect(names).not.toContain('no-agent');
  });

  it('an error payload: LISTING_FAILED with the broker code and message', async () => {
    stack.sim.failListings({ code: 'access_denied', message: 'The broker has no S3 permission' });
    const res = await stack.gql(BUCKETS, { a: account, b: aws }, token);
    expect(codes(res)).toEqual(['LISTING_FAILED']);
    expect(res.errors![0]!.message).toBe('The broker has no S3 permission');
    expect(res.errors![0]!.extensions!.listingError).toEqual({
      code: 'access_denied',
      message: 'The broker has no S3 permission',
    });
  });

  it('an unreachable NFS host: LISTING_FAILED host_unreachable', async () => {
    const res = await stack.gql(
      `query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { nfsExports(host: "10.9.9.9") { path } } } }`,
      { a: account, b: onprem },
      token,
    );
    expect(codes(res)).toEqual(['LISTING_FAILED']);
    expect((res.errors![0]!.extensions!.listingError as { code: string }).code).toBe(
      'host_unreachable',
    );
  });

  it('a dropped result: LISTING_TIMEOUT, and the next listing on that broker still works', async () => {
    stack.sim.dropListings(1);
    const res = await stack.gql(BUCKETS, { a: account, b: aws, t: 1 }, token);
    expect(codes(res)).toEqual(['LISTING_TIMEOUT']);
    const next = await stack.gql<BucketsData>(BUCKETS, { a: account, b: aws, t: 5 }, token);
    expect(next.errors).toBeUndefined();
    expect(next.data!.account.dataBroker.s3Buckets.length).toBeGreaterThan(0);
    expect(stack.sim.listCallCount('list-s3-buckets')).toBe(2);
  });

  it('matches on the requestId exactly when the 202 carries one', async () => {
    stack.sim.setRequestIdIn202(true);
    stack.sim.holdListings();
    const pending = stack.gql<BucketsData>(BUCKETS, { a: account, b: aws }, token);
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'list call');
    // Same operation and broker, but another request id: must be passed over.
    stack.sim.injectMessage(token, {
      operation: 'list-s3-buckets',
      agentId: aws,
      requestId: 'someone-else',
      payload: [{ name: 'stale' }],
    });
    stack.sim.releaseListings();
    const res = await pending;
    const names = res.data!.account.dataBroker.s3Buckets.map((b) => b.name);
    expect(names).not.toContain('stale');
    expect(names).toContain('small');
  });

  it('bounds the timeout and checks hosts and paths before any upstream call', async () => {
    for (const [query, variables] of [
      [BUCKETS, { a: account, b: aws, t: 0 }],
      [BUCKETS, { a: account, b: aws, t: 121 }],
      [FOLDERS, { a: account, b: onprem, host: '10.0.0.5/../x', export: '/vol1' }],
      [FOLDERS, { a: account, b: onprem, host: '10.0.0.5', export: '/vol1', path: '../etc' }],
      [FOLDERS, { a: account, b: onprem, host: '10.0.0.5', export: 'http://evil/vol1' }],
      [FOLDERS, { a: account, b: onprem, host: '10.0.0.5\r\nx: y', export: '/vol1' }],
      [FOLDERS, { a: account, b: onprem, host: '10.0.0.5', export: '/vol1%2F..' }],
    ] as const) {
      const res = await stack.gql(query, variables, token);
      expect(codes(res), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
    }
    expect(listCalls()).toHaveLength(0);
  });
});

describe('deadlines of requests that share a flight', () => {
  it('a joiner with a shorter timeoutSeconds times out on its own; the first request still gets the answer', async () => {
    stack.sim.holdListings();
    const patient = stack.gql<BucketsData>(BUCKETS, { a: account, b: aws, t: 20 }, token);
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'list call');
    const hasty = await stack.gql(BUCKETS, { a: account, b: aws, t: 1 }, token);
    expect(codes(hasty)).toEqual(['LISTING_TIMEOUT']);
    stack.sim.releaseListings();
    const res = await patient;
    expect(res.errors).toBeUndefined();
    expect(res.data!.account.dataBroker.s3Buckets.map((b) => b.name)).toContain('small');
    expect(stack.sim.listCallCount('list-s3-buckets')).toBe(1);
  });

  it('the first request timing out does not end a flight that a later request still waits for', async () => {
    stack.sim.holdListings();
    const hasty = stack.gql(BUCKETS, { a: account, b: aws, t: 1 }, token);
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'list call');
    const patient = stack.gql<BucketsData>(BUCKETS, { a: account, b: aws, t: 20 }, token);
    expect(codes(await hasty)).toEqual(['LISTING_TIMEOUT']);
    stack.sim.releaseListings();
    const res = await patient;
    expect(res.errors).toBeUndefined();
    expect(res.data!.account.dataBroker.s3Buckets.map((b) => b.name)).toContain('small');
    expect(stack.sim.listCallCount('list-s3-buckets')).toBe(1);
  });
});
