import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../src/simulator';
import { codes, type Stack, startStack, subscribeAll, until } from './harness';

let stack: Stack;

beforeAll(async () => {
  // A long poll held longer than the headers timeout of ordinary calls.
  stack = await startStack({
    settings: { UPSTREAM_HEADERS_TIMEOUT_MS: '300', UPSTREAM_BODY_TIMEOUT_MS: '300' },
    simulator: { longPollMs: 900, retention: 5000 },
  });
});
afterAll(() => stack.stop());

const FEED = 'subscription { feedMessages { id } }';
const feedCalls = (token: string) =>
  stack.sim.requests.filter(
    (r) => r.path === '/api/messages/client' && r.authorization === `Bearer ${token}`,
  );

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
      await until(() => feedCalls(token).length >= 2, 5000, 'polling');
      const before = feedCalls(token).length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // At most one poll per half second (a spin would make hundreds).
      expect(feedCalls(token).length - before).toBeLessThanOrEqual(3);
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
