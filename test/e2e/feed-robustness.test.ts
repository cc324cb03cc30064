import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { codes, type Stack, startStack, subscribeAll, until } from '../utils/stack';

let stack: Stack;

beforeAll(async () => {
  // A long poll held longer than the headers timeout of ordinary calls.
  stack = await startStack({
    settings: {
      UPSTREAM_HEADERS_TIMEOUT_MS: '300',
      UPSTREAM_BODY_TIMEOUT_MS: '300',
      FEED_HEAD_CHECK_MS: '500',
    },
    simulator: { longPollMs: 900, retention: 15_000 },
  });
});
afterAll(() => stack.stop());
beforeEach(() => stack.sim.reset());

const FEED = 'subscription { feedMessages { id } }';
const feedCalls = (token: string) =>
  stack.sim.requests.filter(
    (r) => r.path === '/api/messages/client' && r.authorization === `Bearer ${token}`,
  );
/** Long polls only (`?last=`), not the init calls that read the head. */
const polls = (token: string, last?: string) =>
  feedCalls(token).filter((r) => r.query.last !== undefined && (!last || r.query.last === last));
const errorCodes = (errors: unknown[]) =>
  errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
const S3 =
  'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets(timeoutSeconds: 3) { name } } } }';
const s3Args = { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws };
type Feed = { feedMessages: { id: string } };

describe('feed reader robustness', () => {
  it('a long poll held past the ordinary headers timeout is not an error', async () => {
    const token = stack.demoToken();
    const sub = subscribeAll<{ feedMessages: { id: string } }>(stack.ws(token), FEED);
    await until(() => feedCalls(token).length >= 3, 5000, 'two held polls ended');
    const errors = await stack.gateway.metrics.registry
      .getSingleMetricAsString('cloudsync_upstream_requests_total')
      .then((text) =>
        text
          .split('\n')
          .filter((l) => l.includes('endpoint="messages"') && l.includes('status="error"')),
      );
    expect(errors).toEqual([]);
    stack.sim.injectMessage(token, { operation: 'after-idle', payload: {} });
    await until(() => sub.events.length === 1, 5000, 'the message after idle polls');
    sub.unsubscribe();
  });

  it('an upstream that answers [] at once is not polled in a spin', async () => {
    stack.sim.setLongPoll(0);
    try {
      const token = stack.demoToken();
      const sub = subscribeAll(stack.ws(token), FEED);
      await until(() => polls(token).length >= 2, 5000, 'polling');
      const before = polls(token).length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // At most one poll per half second (a spin would make hundreds); head checks are not polls.
      expect(polls(token).length - before).toBeLessThanOrEqual(3);
      sub.unsubscribe();
    } finally {
      stack.sim.setLongPoll(900);
    }
  });

  it('a burst of 1,500 messages in one poll reaches the subscriber whole and in order', async () => {
    const token = stack.demoToken();
    const sub = subscribeAll<{ feedMessages: { id: string } }>(stack.ws(token), FEED);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    const ids: string[] = [];
    for (let i = 0; i < 1500; i++)
      ids.push(stack.sim.injectMessage(token, { operation: 'burst', payload: { i } }));
    await until(() => sub.events.length === 1500, 15_000, 'all 1500 messages');
    expect(sub.events.map((e) => e.feedMessages.id)).toEqual(ids);
    expect(sub.errors).toEqual([]);
    sub.unsubscribe();
  });

  it('a list call is never retried: it is not idempotent', async () => {
    const token = stack.demoToken();
    stack.sim.addFault({ path: /\/list-s3-buckets$/, kind: 'status', status: 503, times: 1 });
    const res = await stack.gql(
      'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets(timeoutSeconds: 5) { name } } } }',
      { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws },
      token,
    );
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.sim.listCallCount('list-s3-buckets')).toBe(1);
    stack.sim.clearFaults();
  });

  it('a feed answer that is a refusal, not a fault (400), ends the subscription and the polling', async () => {
    const token = stack.demoToken();
    const sub = subscribeAll<{ feedMessages: { id: string } }>(stack.ws(token), FEED);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    stack.sim.addFault({
      path: '/api/messages/client',
      kind: 'status',
      status: 400,
      body: { code: 400, message: 'Bad cursor' },
    });
    stack.sim.injectMessage(token, { operation: 'wake', payload: {} });
    await sub.done;
    const codes = sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    expect(codes).toEqual(['BAD_USER_INPUT']);
    await until(() => stack.gateway.services.feed.activeReaders === 0, 5000, 'reader stopped');
    const seen = feedCalls(token).length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(feedCalls(token).length).toBe(seen);
    stack.sim.clearFaults();
  });
});

describe('a recreated upstream queue (ids restart lower)', () => {
  it('is found by a head check: a feed subscriber is ended with a clear error, listings go on', async () => {
    const token = stack.demoToken();
    const sub = subscribeAll<Feed>(
      stack.ws(token),
      'subscription($a: ID) { feedMessages(accountId: $a) { id } }',
      { a: SEED_IDS.accounts.test },
    );
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    stack.sim.injectMessage(token, { operation: 'before-reset', payload: {} });
    await until(() => sub.events.length === 1, 5000, 'the message before the reset');
    stack.sim.recreateQueue(token, 100);
    const res = await stack.gql<{
      account: { dataBroker: { s3Buckets: { name: string }[] } };
    }>(S3, s3Args, token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.account.dataBroker.s3Buckets.map((b) => b.name)).toContain('small');
    await sub.done;
    expect(sub.events.map((e) => e.feedMessages.id)).toEqual(['5802']);
    expect(errorCodes(sub.errors)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(String((sub.errors[0] as { message: string }).message)).toMatch(/recreated/);
  });

  it('without a stall check due, a listing that times out makes the reader check the head', async () => {
    const own = await startStack({ settings: { FEED_HEAD_CHECK_MS: '600000' } });
    try {
      const token = own.demoToken();
      // A listener that keeps the reader (and its old cursor) alive across the reset.
      const sub = subscribeAll<Feed>(
        own.ws(token),
        'subscription($a: ID) { feedMessages(accountId: $a) { id } }',
        { a: SEED_IDS.accounts.test },
      );
      await until(() => own.sim.pollsInFlight(token) === 1, 5000, 'polling');
      own.sim.injectMessage(token, { operation: 'before-reset', payload: {} });
      await until(() => sub.events.length === 1, 5000, 'the message before the reset');
      own.sim.recreateQueue(token, 100);
      const short = S3.replace('timeoutSeconds: 3', 'timeoutSeconds: 1');
      expect(codes(await own.gql(short, s3Args, token))).toEqual(['LISTING_TIMEOUT']);
      const res = await own.gql(S3, s3Args, token);
      expect(res.errors).toBeUndefined();
      expect(own.sim.listCallCount()).toBe(2);
      await sub.done;
      expect(errorCodes(sub.errors)).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      await own.stop();
    }
  });

  it('a subscriber resuming with an `after` beyond the head is told the queue was recreated', async () => {
    const token = stack.demoToken();
    const sub = subscribeAll<Feed>(
      stack.ws(token),
      'subscription { feedMessages(after: "90000") { id } }',
    );
    await sub.done;
    expect(errorCodes(sub.errors)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(String((sub.errors[0] as { message: string }).message)).toMatch(/recreated/);
  });
});

describe('feed polling paces itself by the cursor', () => {
  it('an upstream whose `last` is inclusive (every page old news) is not polled in a spin', async () => {
    stack.sim.setFeedQuirks({ inclusiveLast: true });
    const token = stack.demoToken();
    const sub = subscribeAll<Feed>(stack.ws(token), FEED);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    stack.sim.injectMessage(token, { operation: 'once', payload: {} });
    await until(() => sub.events.length === 1, 5000, 'the message');
    const before = polls(token).length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // At most one poll per half second (a spin makes hundreds); the message came exactly once.
    expect(polls(token).length - before).toBeLessThanOrEqual(3);
    expect(sub.events.map((e) => e.feedMessages.id)).toEqual(['5802']);
    sub.unsubscribe();
  });
});

describe('feedMessages(after) catch-up', () => {
  it('is a long poll: held past the ordinary headers timeout on a quiet queue, it is no error', async () => {
    const token = stack.demoToken();
    const sub = subscribeAll<Feed>(
      stack.ws(token),
      'subscription { feedMessages(after: "5800") { id } }',
    );
    // The live reader polls at the head (5801); the catch-up polls from 5800 and is held 900 ms.
    await until(() => polls(token, '5800').length === 1, 5000, 'the catch-up call');
    await Promise.race([
      sub.done,
      until(() => polls(token, '5801').length >= 2, 5000, 'a second live poll'),
    ]);
    stack.sim.injectMessage(token, { operation: 'after-catch-up', payload: {} });
    await Promise.race([sub.done, until(() => sub.events.length === 1, 5000, 'the message')]);
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((e) => e.feedMessages.id)).toEqual(['5802']);
    sub.unsubscribe();
  });

  it('orders a page that comes newest first', async () => {
    const token = stack.demoToken();
    for (let i = 0; i < 3; i++)
      stack.sim.injectMessage(token, { operation: 'old', payload: { i } });
    stack.sim.setFeedQuirks({ reversePages: true });
    const sub = subscribeAll<Feed>(
      stack.ws(token),
      'subscription { feedMessages(after: "5802") { id } }',
    );
    await Promise.race([sub.done, until(() => sub.events.length >= 2, 5000, 'two messages')]);
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((e) => e.feedMessages.id)).toEqual(['5803', '5804']);
    sub.unsubscribe();
  });

  it('one page of 12,000 messages to a client that keeps up is delivered whole', async () => {
    const token = stack.demoToken();
    const sub = subscribeAll<Feed>(stack.ws(token), FEED);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    for (let i = 0; i < 12_000; i++)
      stack.sim.injectMessage(token, { operation: 'big', payload: {} });
    await Promise.race([
      sub.done,
      until(() => sub.events.length === 12_000, 20_000, 'every message'),
    ]);
    expect(sub.errors).toEqual([]);
    expect(sub.events.length).toBe(12_000);
    expect(sub.events.at(-1)?.feedMessages.id).toBe(String(5801 + 12_000));
    sub.unsubscribe();
  }, 30_000);
});

describe("a feed that cannot be read is the upstream's fault, at once", () => {
  it('a 5xx on the feed head fails a listing with UPSTREAM_UNAVAILABLE before any list call', async () => {
    const token = stack.demoToken();
    stack.sim.addFault({ path: '/api/messages/client', kind: 'status', status: 500 });
    const res = await stack.gql(S3, s3Args, token);
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.sim.listCallCount()).toBe(0);
    expect(feedCalls(token).length).toBe(1);
  });

  it('a head id that is not a number fails listings and subscribers, and is not retried', async () => {
    const token = stack.demoToken();
    stack.sim.setFeedQuirks({ headId: 'not-a-number' });
    const res = await stack.gql(S3, s3Args, token);
    expect(codes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.sim.listCallCount()).toBe(0);
    const sub = subscribeAll<Feed>(stack.ws(token), FEED);
    await sub.done;
    expect(errorCodes(sub.errors)).toEqual(['UPSTREAM_UNAVAILABLE']);
    await until(() => stack.gateway.services.feed.activeReaders === 0, 5000, 'no reader left');
    const seen = feedCalls(token).length;
    expect(seen).toBe(2); // one head call per request, no retry loop
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(feedCalls(token).length).toBe(seen);
  });
});
