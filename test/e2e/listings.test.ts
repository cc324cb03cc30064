import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { codes, type Stack, startStack, until } from '../utils/stack';

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

  it('a dropped result: LISTING_TIMEOUT; an identical listing joins the owed answer, no new call', async () => {
    stack.sim.dropListings(1);
    const res = await stack.gql(BUCKETS, { a: account, b: aws, t: 1 }, token);
    expect(codes(res)).toEqual(['LISTING_TIMEOUT']);
    // The lane is free again once the grace has passed (see the LISTING_GRACE_MS tests).
    const next = await stack.gql<BucketsData>(BUCKETS, { a: account, b: aws, t: 1 }, token);
    expect(codes(next)).toEqual(['LISTING_TIMEOUT']);
    expect(stack.sim.listCallCount('list-s3-buckets')).toBe(1);
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

const EXPORTS = `query($a: ID!, $b: ID!, $h: String!, $t: Int) { account(id: $a) { dataBroker(id: $b) {
  nfsExports(host: $h, timeoutSeconds: $t) { path } } } }`;
type ExportsData = { account: { dataBroker: { nfsExports: { path: string }[] } } };
const exportPaths = (res: { data?: ExportsData | null }) =>
  res.data!.account.dataBroker.nfsExports.map((e) => e.path).sort();
/** The seed: 10.0.0.5 has /vol1 and /vol2, nfs.example.internal has three exports. */
const OWN_EXPORTS = ['/export/data', '/vol1', '/vol2'];
const exportsOf = (host: string, t?: number) =>
  stack.gql<ExportsData>(EXPORTS, { a: account, b: onprem, h: host, ...(t ? { t } : {}) }, token);

describe('a lane is free only when the fate of its last call is known', () => {
  it("a timed-out call's late answer never goes to a listing with other parameters", async () => {
    stack.sim.setListingDelay(2500);
    const a = await exportsOf('10.0.0.5', 1);
    expect(codes(a)).toEqual(['LISTING_TIMEOUT']);
    const b = await exportsOf('nfs.example.internal', 10);
    expect(b.errors).toBeUndefined();
    expect(exportPaths(b)).toEqual(OWN_EXPORTS);
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(2);
  });

  it('a call abandoned before its 202 keeps the lane until its answer is read', async () => {
    // The job is taken at once, the 202 comes after 1 s, the answer 1.5 s after the call.
    stack.sim.setListingReply({ delayMs: 1000 });
    stack.sim.setListingDelay(1500);
    const abort = new AbortController();
    const first = fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: EXPORTS, variables: { a: account, b: onprem, h: '10.0.0.5' } }),
      signal: abort.signal,
    }).catch(() => null);
    await until(() => stack.sim.listCallCount() === 1, 5000, 'first list call');
    abort.abort();
    await first;
    stack.sim.setListingReply(null);
    const b = await exportsOf('nfs.example.internal', 10);
    expect(b.errors).toBeUndefined();
    expect(exportPaths(b)).toEqual(OWN_EXPORTS);
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(2);
  });

  it('a 2xx that is not JSON ("Accepted") counts as sent: the lane waits for its answer', async () => {
    stack.sim.setListingReply({ status: 202, body: 'Accepted' });
    stack.sim.setListingDelay(1000);
    const a = await exportsOf('10.0.0.5', 10);
    expect(codes(a)).toEqual(['UPSTREAM_UNAVAILABLE']);
    stack.sim.setListingReply(null);
    const b = await exportsOf('nfs.example.internal', 10);
    expect(b.errors).toBeUndefined();
    expect(exportPaths(b)).toEqual(OWN_EXPORTS);
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(2);
  });

  it('a request with the same parameters joins the owed answer: no second list call', async () => {
    stack.sim.holdListings();
    const a = await exportsOf('10.0.0.5', 1);
    expect(codes(a)).toEqual(['LISTING_TIMEOUT']);
    const again = exportsOf('10.0.0.5', 10);
    await until(() => stack.gateway.services.listings.waiters === 1, 5000, 'the joiner waiting');
    stack.sim.releaseListings();
    const res = await again;
    expect(res.errors).toBeUndefined();
    expect(exportPaths(res)).toEqual(['/vol1', '/vol2']);
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(1);
  });

  it('other parameters behind an unanswered call: LISTING_TIMEOUT that says so, nothing sent', async () => {
    stack.sim.holdListings();
    const a = await exportsOf('10.0.0.5', 1);
    expect(codes(a)).toEqual(['LISTING_TIMEOUT']);
    const b = await exportsOf('nfs.example.internal', 1);
    expect(codes(b)).toEqual(['LISTING_TIMEOUT']);
    expect(b.errors![0]!.message).toMatch(
      /an earlier list-nfs-exports on this data broker is still unanswered/,
    );
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(1);
    stack.sim.releaseListings();
  });

  it('a 4xx refusal frees the lane at once', async () => {
    stack.sim.addFault({ path: /\/list-nfs-exports$/, kind: 'status', status: 400, times: 1 });
    const a = await exportsOf('10.0.0.5', 10);
    expect(codes(a)).toEqual(['BAD_USER_INPUT']);
    const b = await exportsOf('nfs.example.internal', 10);
    expect(b.errors).toBeUndefined();
    expect(exportPaths(b)).toEqual(OWN_EXPORTS);
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(2);
  });
});

describe('a list call answered with its result (200 with a body)', () => {
  it('{"<operation>": result}: the answer, without waiting for the feed', async () => {
    stack.sim.setListingReply({ direct: 'wrapped' });
    const res = await stack.gql<BucketsData>(BUCKETS, { a: account, b: aws, t: 2 }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.account.dataBroker.s3Buckets.map((b) => b.name)).toContain('small');
    const failed = await exportsOf('10.9.9.9', 2);
    expect(codes(failed)).toEqual(['LISTING_FAILED']);
    expect((failed.errors![0]!.extensions!.listingError as { code: string }).code).toBe(
      'host_unreachable',
    );
  });

  it('the bare result: the answer; the lane is free at once', async () => {
    stack.sim.setListingReply({ direct: 'bare' });
    const a = await exportsOf('10.0.0.5', 2);
    expect(a.errors).toBeUndefined();
    expect(exportPaths(a)).toEqual(['/vol1', '/vol2']);
    const b = await exportsOf('nfs.example.internal', 2);
    expect(exportPaths(b)).toEqual(OWN_EXPORTS);
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(2);
  });

  it('any other JSON body, or 204: accepted, the answer comes from the feed', async () => {
    stack.sim.setListingReply({ status: 200, body: { status: 'queued' } });
    const a = await exportsOf('10.0.0.5', 5);
    expect(exportPaths(a)).toEqual(['/vol1', '/vol2']);
    stack.sim.setListingReply({ status: 204 });
    const b = await exportsOf('nfs.example.internal', 5);
    expect(exportPaths(b)).toEqual(OWN_EXPORTS);
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(2);
  });
});

describe('the grace (LISTING_GRACE_MS) after an unanswered call', () => {
  let small: Stack;
  beforeAll(async () => {
    small = await startStack({
      settings: { LISTING_MAX_TIMEOUT_SECONDS: '2', LISTING_GRACE_MS: '2000' },
    });
  });
  afterAll(() => small.stop());

  it('a joiner gets LISTING_TIMEOUT when the grace ends unanswered; then the lane is free', async () => {
    const own = small.demoToken();
    const query = (t: number) =>
      small.gql<ExportsData>(EXPORTS, { a: account, b: onprem, h: '10.0.0.5', t }, own);
    small.sim.dropListings(1);
    expect(codes(await query(1))).toEqual(['LISTING_TIMEOUT']);
    // Joins the owed answer, which never comes: the grace (2 s after the call) ends it, before
    // the joiner's own deadline (timeoutSeconds 100, shortened to LISTING_MAX_TIMEOUT_SECONDS).
    const joiner = await query(100);
    expect(codes(joiner)).toEqual(['LISTING_TIMEOUT']);
    expect(joiner.errors![0]!.message).toMatch(/within 2 s of the call/);
    expect(small.sim.listCallCount('list-nfs-exports')).toBe(1);
    const next = await query(2);
    expect(next.errors).toBeUndefined();
    expect(exportPaths(next)).toEqual(['/vol1', '/vol2']);
    expect(small.sim.listCallCount('list-nfs-exports')).toBe(2);
  });
});
