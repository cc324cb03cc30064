import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SseEvent, sse } from '../utils/sse';
import { type Stack, startStack, subscribeAll, until } from '../utils/stack';

// Cohort delivery: subscribers of one feed with the same operation and the same token share one
// execution per event (src/feed/cohorts.ts); isolation stays exact.
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    settings: { MAX_SUBSCRIPTIONS_PER_CONNECTION: '100', MAX_SUBSCRIPTIONS_PER_TOKEN: '300' },
  });
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  stack.sim.setLongPoll(400);
});

type FeedEvent = { feedMessages: { id: string; operation: string; payload: { i: number } } };
const FEED = 'subscription { feedMessages { id operation payload } }';
const cohorts = () => stack.gateway.services.cohorts.stats;

/** SSE subscribers of FEED that collect their `next` events until aborted. */
function sseSubscribers(count: number, token: string) {
  const abort = new AbortController();
  const received: FeedEvent[][] = Array.from({ length: count }, () => []);
  const ended = received.map((events) =>
    sse(stack.gateway.url, FEED, {}, token, {
      signal: abort.signal,
      onEvent: (event: SseEvent) => {
        if (event.event === 'next') events.push(JSON.parse(event.data).data as FeedEvent);
      },
    }),
  );
  return { received, stop: () => abort.abort(), ended };
}

describe('cohort delivery of feedMessages', () => {
  it('N subscribers of one token (graphql-ws and SSE): each event executed once, every subscriber gets every message once, in order', async () => {
    const token = stack.demoToken();
    const clients = [stack.ws(token), stack.ws(token)];
    const subs = Array.from({ length: 20 }, (_, i) =>
      subscribeAll<FeedEvent>(clients[i % 2]!, FEED),
    );
    const streams = sseSubscribers(5, token);
    await until(() => cohorts().members === 25, 10_000, 'every subscriber in the cohort');
    expect(cohorts().cohorts).toBe(1);
    expect(stack.gateway.services.subscriptions.active).toBe(25);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5_000, 'reader polling');

    const before = cohorts().events;
    for (let i = 0; i < 3; i++)
      stack.sim.injectMessage(token, { operation: 'step', payload: { i } });
    const all = () => [...subs.map((s) => s.events), ...streams.received];
    await until(() => all().every((events) => events.length === 3), 10_000, 'three each');
    // One execution per event for the whole cohort (without cohorts: 25 per event).
    expect(cohorts().events - before).toBe(3);
    for (const events of all()) {
      expect(events.map((e) => e.feedMessages.payload.i)).toEqual([0, 1, 2]);
    }
    expect(subs.flatMap((s) => s.errors)).toEqual([]);

    for (const sub of subs) sub.unsubscribe();
    streams.stop();
    await Promise.all(streams.ended);
    await until(() => cohorts().cohorts === 0, 5_000, 'the cohort gone');
    await until(() => stack.gateway.services.subscriptions.active === 0, 5_000, 'caps released');
  });

  it('two tokens never share a cohort, even with the same user and operation', async () => {
    const mine = stack.demoToken();
    const theirs = stack.demoToken();
    const a = Array.from({ length: 3 }, () => subscribeAll<FeedEvent>(stack.ws(mine), FEED));
    const b = Array.from({ length: 3 }, () => subscribeAll<FeedEvent>(stack.ws(theirs), FEED));
    await until(() => cohorts().members === 6, 10_000, 'six subscribers');
    expect(cohorts().cohorts).toBe(2);
    await until(() => stack.sim.pollsInFlight() === 2, 5_000, 'both readers polling');
    const before = cohorts().events;
    stack.sim.injectMessage(mine, { operation: 'mine', payload: { i: 1 } });
    stack.sim.injectMessage(theirs, { operation: 'theirs', payload: { i: 2 } });
    await until(() => [...a, ...b].every((s) => s.events.length === 1), 10_000, 'one each');
    expect(a.map((s) => s.events[0]!.feedMessages.operation)).toEqual(['mine', 'mine', 'mine']);
    expect(b.map((s) => s.events[0]!.feedMessages.operation)).toEqual([
      'theirs',
      'theirs',
      'theirs',
    ]);
    expect(cohorts().events - before).toBe(2);
    for (const sub of [...a, ...b]) sub.unsubscribe();
    await until(() => cohorts().cohorts === 0, 5_000, 'cohorts gone');
  });

  it('a subscriber leaving mid-stream (the first one too) does not disturb the others', async () => {
    const token = stack.demoToken();
    const subs = Array.from({ length: 4 }, () => subscribeAll<FeedEvent>(stack.ws(token), FEED));
    await until(() => cohorts().members === 4, 10_000, 'four subscribers');
    await until(() => stack.sim.pollsInFlight(token) === 1, 5_000, 'reader polling');
    stack.sim.injectMessage(token, { operation: 'step', payload: { i: 0 } });
    await until(() => subs.every((s) => s.events.length === 1), 10_000, 'first message');

    // The first subscriber started the cohort's source; it and one more leave.
    subs[0]!.unsubscribe();
    subs[2]!.unsubscribe();
    await until(() => cohorts().members === 2, 5_000, 'two left');
    expect(stack.gateway.services.subscriptions.active).toBe(2);
    for (let i = 1; i < 4; i++)
      stack.sim.injectMessage(token, { operation: 'step', payload: { i } });
    const stayed = [subs[1]!, subs[3]!];
    await until(() => stayed.every((s) => s.events.length === 4), 10_000, 'the rest');
    for (const sub of stayed) {
      expect(sub.events.map((e) => e.feedMessages.payload.i)).toEqual([0, 1, 2, 3]);
      expect(sub.errors).toEqual([]);
    }
    expect(subs[0]!.events).toHaveLength(1);
    expect(subs[2]!.events).toHaveLength(1);
    for (const sub of stayed) sub.unsubscribe();
    await until(() => stack.gateway.services.feed.activeReaders === 0, 5_000, 'reader stopped');
    expect(stack.gateway.services.subscriptions.active).toBe(0);
  });
});
