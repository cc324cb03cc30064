import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { sse } from '../utils/sse';
import { type Stack, startStack, subscribeAll, until } from '../utils/stack';

let stack: Stack;
let token: string;
const account = SEED_IDS.accounts.test;
const aws = SEED_IDS.brokers.aws;
const onprem = SEED_IDS.brokers.onprem;

beforeAll(async () => {
  stack = await startStack({
    settings: { MAX_SUBSCRIPTIONS_PER_CONNECTION: '100', MAX_SUBSCRIPTIONS_PER_TOKEN: '300' },
  });
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  stack.sim.setLongPoll(400);
  token = stack.demoToken();
});

const S3_LISTING = `subscription($a: ID!, $b: ID!) { s3BucketListing(accountId: $a, dataBrokerId: $b) {
  status buckets { name tags { key value } } error { code message } requestedAt completedAt } }`;
const NFS_LISTING = `subscription($a: ID!, $b: ID!, $h: String!) { nfsExportListing(accountId: $a, dataBrokerId: $b, host: $h) {
  status exports { path } error { code message } } }`;

type S3Event = {
  s3BucketListing: {
    status: string;
    buckets: { name: string }[] | null;
    completedAt: string | null;
  };
};

describe('listing subscriptions', () => {
  it('graphql-ws: PENDING, then READY with the buckets, then complete', async () => {
    const client = stack.ws(token);
    const sub = subscribeAll<S3Event>(client, S3_LISTING, { a: account, b: aws });
    await sub.done;
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((e) => e.s3BucketListing.status)).toEqual(['PENDING', 'READY']);
    expect(sub.events[0]!.s3BucketListing.buckets).toBeNull();
    expect(sub.events[1]!.s3BucketListing.buckets!.map((b) => b.name)).toContain('small');
    expect(sub.events[1]!.s3BucketListing.completedAt).not.toBeNull();
  });

  it('SSE: PENDING, then READY, then the stream completes', async () => {
    const { status, events } = await sse(
      stack.gateway.url,
      S3_LISTING,
      { a: account, b: aws },
      token,
    );
    expect(status).toBe(200);
    expect(events.map((e) => e.event)).toEqual(['next', 'next', 'complete']);
    const payloads = events.slice(0, 2).map((e) => JSON.parse(e.data).data.s3BucketListing.status);
    expect(payloads).toEqual(['PENDING', 'READY']);
  });

  it('a failed listing streams FAILED with the broker error', async () => {
    const client = stack.ws(token);
    const sub = subscribeAll<{
      nfsExportListing: { status: string; error: { code: string } | null };
    }>(client, NFS_LISTING, { a: account, b: onprem, h: '10.9.9.9' });
    await sub.done;
    expect(sub.events.map((e) => e.nfsExportListing.status)).toEqual(['PENDING', 'FAILED']);
    expect(sub.events[1]!.nfsExportListing.error!.code).toBe('host_unreachable');
  });

  it('leaving before the answer ends the subscription at once; the late answer is still read, then the reader stops', async () => {
    stack.sim.holdListings();
    const client = stack.ws(token);
    const sub = subscribeAll<S3Event>(client, S3_LISTING, { a: account, b: aws });
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'list call');
    sub.unsubscribe();
    const { feed, subscriptions } = stack.gateway.services;
    await until(() => subscriptions.active === 0, 5000, 'subscription closed');
    expect(sub.events.map((e) => e.s3BucketListing.status)).toEqual(['PENDING']);
    // The accepted call's answer is still owed: the reader stays to read it, so that the next
    // listing on this broker cannot take it for its own.
    expect(feed.activeReaders).toBe(1);
    stack.sim.releaseListings();
    await until(() => feed.activeReaders === 0, 5000, 'reader stopped');
    await until(() => stack.sim.pollsInFlight(token) === 0, 5000, 'poll aborted');
    const polls = stack.sim.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.sim.requests.length).toBe(polls);
  });

  it('a listing on a broker whose previous call was abandoned gets its own answer, not the late one', async () => {
    const NFS = `query($a: ID!, $b: ID!, $h: String!) { account(id: $a) { dataBroker(id: $b) { nfsExports(host: $h) { path } } } }`;
    stack.sim.holdListings();
    const abort = new AbortController();
    const first = fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: NFS, variables: { a: account, b: onprem, h: '10.0.0.5' } }),
      signal: abort.signal,
    }).catch(() => null);
    await until(() => stack.sim.heldListingCount() === 1, 5000, 'first list call');
    abort.abort();
    await first;
    const second = stack.gql<{ account: { dataBroker: { nfsExports: { path: string }[] } } }>(
      NFS,
      { a: account, b: onprem, h: 'nfs.example.internal' },
      token,
    );
    // The second call waits for the first one's answer before it is issued.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(1);
    // The first answer (10.0.0.5's exports) arrives late; the second call goes out only after it.
    stack.sim.releaseListings();
    const res = await second;
    const paths = res.data!.account.dataBroker.nfsExports.map((e) => e.path);
    expect(paths).toContain('/export/data');
    expect(paths).toHaveLength(3); // 10.0.0.5 has two: /vol1 and /vol2
    expect(stack.sim.listCallCount('list-nfs-exports')).toBe(2);
  });

  it('an invalid listing is refused before any PENDING event', async () => {
    const sub = subscribeAll<S3Event>(stack.ws(token), S3_LISTING, { a: 'not an id', b: aws });
    await sub.done;
    expect(sub.events).toEqual([]);
    expect(
      sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
    ).toEqual(['BAD_USER_INPUT']);
  });
});

type FeedEvent = { feedMessages: { id: string; operation: string; payload: unknown } };
const FEED = 'subscription($after: ID) { feedMessages(after: $after) { id operation payload } }';

describe('feedMessages', () => {
  it('200 subscribers of one token share one long poll; two tokens never mix', async () => {
    const other = stack.otherToken();
    const mine = [stack.ws(token), stack.ws(token)];
    const theirs = stack.ws(other);
    const subs = Array.from({ length: 200 }, (_, i) => subscribeAll<FeedEvent>(mine[i % 2]!, FEED));
    const otherSubs = Array.from({ length: 10 }, () => subscribeAll<FeedEvent>(theirs, FEED));
    await until(() => stack.sim.pollsInFlight() === 2, 10_000, 'both readers polling');
    stack.sim.injectMessage(token, { operation: 'mine', payload: { n: 1 } });
    stack.sim.injectMessage(other, { operation: 'theirs', payload: { n: 2 } });
    await until(
      () =>
        subs.every((s) => s.events.length === 1) && otherSubs.every((s) => s.events.length === 1),
      10_000,
      'every subscriber got its message',
    );
    expect(subs.every((s) => s.events[0]!.feedMessages.operation === 'mine')).toBe(true);
    expect(otherSubs.every((s) => s.events[0]!.feedMessages.operation === 'theirs')).toBe(true);
    expect(stack.sim.maxPollsInFlight(token)).toBe(1);
    expect(stack.sim.maxPollsInFlight(other)).toBe(1);
    expect(stack.gateway.services.feed.activeReaders).toBe(2);

    for (const sub of [...subs, ...otherSubs]) sub.unsubscribe();
    await until(() => stack.gateway.services.feed.activeReaders === 0, 5000, 'readers stopped');
    await until(() => stack.sim.pollsInFlight() === 0, 5000, 'polls aborted');
    const seen = stack.sim.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(stack.sim.requests.length).toBe(seen);
  });

  it('resumes with `after` across a reconnect: no gap, no duplicate, in order, through feed faults', async () => {
    const ids: string[] = [];
    const first = stack.ws(token);
    const sub1 = subscribeAll<FeedEvent>(first, FEED);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'reader polling');
    stack.sim.addFault({ path: '/api/messages/client', kind: 'status', status: 503, times: 2 });
    for (let i = 0; i < 3; i++)
      stack.sim.injectMessage(token, { operation: 'step', payload: { i } });
    await until(() => sub1.events.length === 3, 10_000, 'first three');
    ids.push(...sub1.events.map((e) => e.feedMessages.id));
    await first.dispose();

    // While nobody listens: more messages, and the feed misbehaves (twice: the HTTP layer's own
    // retries absorb that; a head that still cannot be read is UPSTREAM_UNAVAILABLE at once).
    stack.sim.clearFaults();
    for (let i = 3; i < 6; i++)
      stack.sim.injectMessage(token, { operation: 'step', payload: { i } });
    stack.sim.addFault({ path: '/api/messages/client', kind: 'reset', times: 1 });
    stack.sim.addFault({ path: '/api/messages/client', kind: 'status', status: 502, times: 1 });

    const second = stack.ws(token);
    const sub2 = subscribeAll<FeedEvent>(second, FEED, { after: ids.at(-1) });
    await until(() => sub2.events.length >= 3, 10_000, 'the missed three');
    for (let i = 6; i < 9; i++)
      stack.sim.injectMessage(token, { operation: 'step', payload: { i } });
    await until(() => sub2.events.length >= 6, 10_000, 'three more live');
    await new Promise((resolve) => setTimeout(resolve, 200));
    ids.push(...sub2.events.map((e) => e.feedMessages.id));
    const steps = [...sub1.events, ...sub2.events].map(
      (e) => (e.feedMessages.payload as { i: number }).i,
    );
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const numeric = ids.map(Number);
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('compares ids as numbers across 999 → 1000', async () => {
    const local = await startStack({ simulator: { initialMessageId: 997, longPollMs: 300 } });
    try {
      const t = local.demoToken();
      const sub = subscribeAll<FeedEvent>(local.ws(t), FEED);
      await until(() => local.sim.pollsInFlight(t) === 1, 5000, 'polling');
      for (let i = 0; i < 5; i++) local.sim.injectMessage(t, { operation: 'n', payload: { i } });
      await until(() => sub.events.length === 5, 5000, 'five messages');
      expect(sub.events.map((e) => e.feedMessages.id)).toEqual([
        '998',
        '999',
        '1000',
        '1001',
        '1002',
      ]);
    } finally {
      await local.stop();
    }
  });

  it('token expiry mid-subscription: an UNAUTHENTICATED error, and no more polls', async () => {
    const sub = subscribeAll<FeedEvent>(stack.ws(token), FEED);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    stack.sim.expireToken(token);
    stack.sim.injectMessage(stack.demoToken(), { operation: 'wake-nobody', payload: {} });
    // The held poll ends at the long-poll bound; the next one is refused.
    await sub.done;
    const codes = sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    expect(codes).toContain('UNAUTHENTICATED');
    await until(() => stack.gateway.services.feed.activeReaders === 0, 5000, 'reader stopped');
    const seen = stack.sim.requests.filter((r) => r.authorization === `Bearer ${token}`).length;
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(stack.sim.requests.filter((r) => r.authorization === `Bearer ${token}`).length).toBe(
      seen,
    );
  });

  it('SSE abort unsubscribes at once', async () => {
    const abort = new AbortController();
    const stream = sse(stack.gateway.url, FEED, {}, token, { signal: abort.signal });
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    abort.abort();
    await stream;
    await until(() => stack.gateway.services.feed.activeReaders === 0, 5000, 'reader stopped');
    await until(() => stack.sim.pollsInFlight(token) === 0, 5000, 'poll aborted');
  });

  it('rejects an `after` that is not a message id', async () => {
    const sub = subscribeAll<FeedEvent>(stack.ws(token), FEED, { after: '12abc' });
    await sub.done;
    const codes = sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    expect(codes).toContain('BAD_USER_INPUT');
  });
});

describe('queries over graphql-ws', () => {
  it('a waiting query is cancelled when its socket closes', async () => {
    stack.sim.holdListings();
    const client = stack.ws(token);
    const query = subscribeAll(
      client,
      'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name } } } }',
      { a: account, b: aws },
    );
    const { listings } = stack.gateway.services;
    await until(() => listings.waiters === 1, 5000, 'the query waiting');
    await client.dispose();
    await query.done;
    await until(() => listings.waiters === 0, 5000, 'the wait cancelled');
    stack.sim.releaseListings();
  });
});
