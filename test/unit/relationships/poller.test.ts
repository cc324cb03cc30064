import { describe, expect, it } from 'vitest';
import { parseRelationship } from '../../../src/cloudsync/parse-relationships';
import type { UpstreamRelationship } from '../../../src/cloudsync/relationship-types';
import type { Caller } from '../../../src/cloudsync/types';
import { GatewayError } from '../../../src/errors';
import { ManualClock } from '../../../src/relationships/clock';
import type { ProgressEvent, RelationshipSource } from '../../../src/relationships/poller';
import { RelationshipPollers } from '../../../src/relationships/poller';

const ACCOUNT = 'account-1';
const ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const T0 = 1_700_000_000_000;

function rel(
  status: string,
  bytesCopied: number,
  extra: { startTime?: number; continuous?: boolean; name?: string } = {},
): UpstreamRelationship {
  return parseRelationship({
    id: ID,
    source: { protocol: 'nfs', nfs: { host: 'h', export: '/e', provider: 'nfs' } },
    target: { protocol: 's3', s3: { bucket: 'b', provider: 's3' } },
    settings: { continuousSync: extra.continuous ?? false },
    tags: [{ key: 'name', value: extra.name ?? 'n' }],
    activity: {
      status,
      type: 'Sync',
      bytesCopied,
      startTime: new Date(extra.startTime ?? T0).toISOString(),
    },
  });
}

/** A source whose answer the test sets; it records every call. */
class FakeSource implements RelationshipSource {
  calls: { at: number; token: string; id: string }[] = [];
  answers = new Map<string, UpstreamRelationship | GatewayError>();
  constructor(private readonly clock: ManualClock) {}
  set(answer: UpstreamRelationship | GatewayError, token = 'A', id = ID): void {
    this.answers.set(`${token}|${id}`, answer);
  }
  async getRelationship(caller: Caller, _account: string, id: string) {
    this.calls.push({ at: this.clock.now() - T0, token: caller.key, id });
    const answer = this.answers.get(`${caller.key}|${id}`);
    if (!answer) throw new GatewayError('NOT_FOUND', 'nope');
    if (answer instanceof GatewayError) throw answer;
    return answer;
  }
}

interface Collected {
  events: ProgressEvent[];
  ended: boolean;
  error: unknown;
}

function collect(iterator: AsyncIterableIterator<ProgressEvent>): Collected {
  const out: Collected = { events: [], ended: false, error: null };
  void (async () => {
    try {
      for await (const event of iterator) out.events.push(event);
    } catch (error) {
      out.error = error;
    }
    out.ended = true;
  })();
  return out;
}

function setup(settings: Record<string, number> = {}) {
  const clock = new ManualClock(T0);
  const source = new FakeSource(clock);
  const pollers = new RelationshipPollers(source, {
    clock,
    settings: { idleMs: 1_000, ...settings },
  });
  const watch = (token = 'A', extra: Record<string, unknown> = {}) =>
    pollers.watch({
      caller: { authorization: `Bearer ${token}`, key: token },
      accountId: ACCOUNT,
      id: ID,
      ...extra,
    });
  return { clock, source, pollers, watch };
}

describe('RelationshipPollers', () => {
  it('1,000 subscribers cost one GET per interval, and each sees every change once', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('RUNNING', 1));
    const all = Array.from({ length: 1000 }, () => collect(watch()));
    await clock.advance(0);
    expect(source.calls).toHaveLength(1);
    expect(all.every((c) => c.events.length === 1)).toBe(true);
    source.set(rel('RUNNING', 2));
    await clock.advance(2_000);
    expect(source.calls).toHaveLength(2);
    expect(all.every((c) => c.events.length === 2)).toBe(true);
    source.set(rel('RUNNING', 3));
    await clock.advance(2_000);
    expect(source.calls).toHaveLength(3);
    expect(
      all.every((c) => c.events.at(-1)?.relationship.activity.counters.copied.bytes === 3),
    ).toBe(true);
  });

  it('emits on change only and backs off while RUNNING is unchanged: 2, 2, 2, 4, 8, 15 s; back to 2 s on a change', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('RUNNING', 1));
    const c = collect(watch());
    await clock.advance(33_000);
    expect(source.calls.map((call) => call.at)).toEqual([
      0, 2_000, 4_000, 6_000, 10_000, 18_000, 33_000,
    ]);
    expect(c.events).toHaveLength(1);
    source.set(rel('RUNNING', 5));
    await clock.advance(15_000);
    expect(source.calls.at(-1)?.at).toBe(48_000);
    expect(c.events).toHaveLength(2);
    await clock.advance(2_000);
    expect(source.calls.at(-1)?.at).toBe(50_000);
  });

  it('DONE: a final event completes every subscriber, then zero GETs and the poller is forgotten', async () => {
    const { clock, source, pollers, watch } = setup();
    source.set(rel('RUNNING', 1));
    const a = collect(watch());
    const b = collect(watch());
    await clock.advance(0);
    source.set(rel('DONE', 10));
    await clock.advance(2_000);
    expect(a.events.map((e) => e.final)).toEqual([false, true]);
    expect(a.ended && b.ended).toBe(true);
    expect(a.error).toBeNull();
    const calls = source.calls.length;
    await clock.advance(120_000);
    expect(source.calls).toHaveLength(calls);
    expect(pollers.size).toBe(0);
  });

  it('without startedAfter a terminal first snapshot is final at once', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('FAILED', 0));
    const c = collect(watch());
    await clock.advance(0);
    expect(c.events.map((e) => e.final)).toEqual([true]);
    expect(c.ended).toBe(true);
  });

  it('zero GETs after the last subscriber leaves', async () => {
    const { clock, source, pollers, watch } = setup();
    source.set(rel('RUNNING', 1));
    const one = watch();
    const two = watch();
    const c1 = collect(one);
    collect(two);
    await clock.advance(2_000);
    expect(source.calls).toHaveLength(2);
    await one.return?.();
    await clock.advance(2_000);
    expect(source.calls).toHaveLength(3);
    await two.return?.();
    await clock.advance(60_000);
    expect(source.calls).toHaveLength(3);
    expect(pollers.size).toBe(0);
    expect(c1.ended).toBe(true);
  });

  it('a subscriber ends with its signal', async () => {
    const { clock, source, pollers, watch } = setup();
    source.set(rel('RUNNING', 1));
    const controller = new AbortController();
    const c = collect(watch('A', { signal: controller.signal }));
    await clock.advance(0);
    controller.abort();
    await clock.advance(10_000);
    expect(c.ended).toBe(true);
    expect(source.calls).toHaveLength(1);
    expect(pollers.size).toBe(0);
  });

  it('two tokens get two pollers and never each other’s data', async () => {
    const { clock, source, pollers, watch } = setup();
    source.set(rel('RUNNING', 1, { name: 'seen-by-A' }), 'A');
    source.set(rel('RUNNING', 1, { name: 'seen-by-B' }), 'B');
    const a = collect(watch('A'));
    const b = collect(watch('B'));
    await clock.advance(0);
    expect(pollers.size).toBe(2);
    expect(source.calls.map((call) => call.token).sort()).toEqual(['A', 'B']);
    expect(a.events[0]?.relationship.name).toBe('seen-by-A');
    expect(b.events[0]?.relationship.name).toBe('seen-by-B');
  });

  it('startedAfter: the previous run’s DONE is not final; polls every 1 s until the new run shows', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('DONE', 10, { startTime: T0 - 3_600_000 }));
    const c = collect(watch('A', { startedAfter: T0 }));
    await clock.advance(2_000);
    expect(source.calls.map((call) => call.at)).toEqual([0, 1_000, 2_000]);
    expect(c.events).toHaveLength(0);
    source.set(rel('RUNNING', 1, { startTime: T0 + 2_500 }));
    await clock.advance(1_000);
    expect(c.events.map((e) => e.relationship.activity.status)).toEqual(['RUNNING']);
    source.set(rel('DONE', 20, { startTime: T0 + 2_500 }));
    await clock.advance(2_000);
    expect(c.events.map((e) => [e.relationship.activity.status, e.final])).toEqual([
      ['RUNNING', false],
      ['DONE', true],
    ]);
    expect(c.ended).toBe(true);
  });

  it('startedAfter: a run that ended quickly (DONE after startedAfter) is final at once', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('DONE', 10, { startTime: T0 - 1_000 }));
    const c = collect(watch('A', { startedAfter: T0 }));
    await clock.advance(0);
    expect(c.events.map((e) => e.final)).toEqual([true]);
  });

  it('startedAfter: no new run within waitSeconds ends with SYNC_NOT_STARTED', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('DONE', 10, { startTime: T0 - 3_600_000 }));
    const c = collect(watch('A', { startedAfter: T0, waitSeconds: 3 }));
    await clock.advance(5_000);
    expect(c.ended).toBe(true);
    expect((c.error as GatewayError).code).toBe('SYNC_NOT_STARTED');
    const calls = source.calls.length;
    await clock.advance(30_000);
    expect(source.calls).toHaveLength(calls);
  });

  it('5xx: backs off 2, 4, 8, 16 s and ends with UPSTREAM_UNAVAILABLE after 5 in a row', async () => {
    const { clock, source, watch } = setup();
    source.set(new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync answered 503'));
    const c = collect(watch());
    await clock.advance(100_000);
    expect(source.calls.map((call) => call.at)).toEqual([0, 2_000, 6_000, 14_000, 30_000]);
    expect((c.error as GatewayError).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('a success resets the failure count', async () => {
    const { clock, source, watch } = setup();
    source.set(new GatewayError('UPSTREAM_UNAVAILABLE', 'x'));
    const c = collect(watch());
    await clock.advance(14_000);
    source.set(rel('RUNNING', 1));
    await clock.advance(16_000);
    expect(c.events).toHaveLength(1);
    source.set(new GatewayError('UPSTREAM_UNAVAILABLE', 'x'));
    await clock.advance(20_000);
    expect(c.ended).toBe(false);
  });

  it('401 ends every watch of that token, and the token is never polled again', async () => {
    const { clock, source, pollers, watch } = setup();
    source.set(rel('RUNNING', 1), 'A', ID);
    source.set(rel('RUNNING', 1), 'A', 'bbbbbbbbbbbbbbbbbbbbbbbb');
    const a = collect(watch());
    const other = collect(
      pollers.watch({
        caller: { authorization: 'Bearer A', key: 'A' },
        accountId: ACCOUNT,
        id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
      }),
    );
    await clock.advance(0);
    source.set(new GatewayError('UNAUTHENTICATED', 'jwt expired'), 'A', ID);
    await clock.advance(2_000);
    expect((a.error as GatewayError).code).toBe('UNAUTHENTICATED');
    expect((other.error as GatewayError).code).toBe('UNAUTHENTICATED');
    const calls = source.calls.length;
    expect(() => watch()).toThrow(GatewayError);
    await clock.advance(60_000);
    expect(source.calls).toHaveLength(calls);
  });

  it('403 ends the watches of that token on that account only; its other accounts go on', async () => {
    const { clock, source, pollers, watch } = setup();
    const OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbb';
    const onAccount2 = () =>
      pollers.watch({
        caller: { authorization: 'Bearer A', key: 'A' },
        accountId: 'account-2',
        id: OTHER,
      });
    source.set(rel('RUNNING', 1), 'A', ID);
    source.set(rel('RUNNING', 1), 'A', OTHER);
    const forbidden = collect(watch());
    const elsewhere = collect(onAccount2());
    await clock.advance(0);
    source.set(new GatewayError('FORBIDDEN', 'not your account'), 'A', ID);
    source.set(rel('RUNNING', 2), 'A', OTHER);
    await clock.advance(2_000);
    expect((forbidden.error as GatewayError).code).toBe('FORBIDDEN');
    expect(elsewhere.error).toBeNull();
    expect(elsewhere.events).toHaveLength(2); // the first snapshot, then its change
    expect(() => watch()).toThrow(GatewayError);
    const again = collect(onAccount2());
    await clock.advance(0);
    expect(again.error).toBeNull();
  });

  it('404 ends with NOT_FOUND', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('RUNNING', 1));
    const c = collect(watch());
    await clock.advance(0);
    source.set(new GatewayError('NOT_FOUND', 'Relationship not found'));
    await clock.advance(2_000);
    expect((c.error as GatewayError).code).toBe('NOT_FOUND');
  });

  it('429 waits Retry-After, capped at 60 s', async () => {
    const { clock, source, watch } = setup();
    source.set(new GatewayError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 120 }));
    collect(watch());
    await clock.advance(0);
    source.set(rel('RUNNING', 1));
    await clock.advance(59_000);
    expect(source.calls).toHaveLength(1);
    await clock.advance(1_000);
    expect(source.calls).toHaveLength(2);
  });

  it('PENDING polls every 5 s, continuous sync every 30 s', async () => {
    const { clock, source, watch } = setup();
    source.set(rel('PENDING', 0));
    collect(watch());
    await clock.advance(10_000);
    expect(source.calls.map((call) => call.at)).toEqual([0, 5_000, 10_000]);
    source.set(rel('RUNNING', 1, { continuous: true }));
    await clock.advance(65_000);
    expect(source.calls.map((call) => call.at)).toEqual([0, 5_000, 10_000, 15_000, 45_000, 75_000]);
  });

  it('a token may watch at most maxWatchedPerToken relationships; nothing is sent for the refused one', async () => {
    const { clock, source, pollers } = setup({ maxWatchedPerToken: 2 });
    const ids = ['a', 'b', 'c'].map((ch) => ch.repeat(24));
    for (const id of ids) source.set(rel('RUNNING', 1), 'A', id);
    const watchId = (id: string) =>
      pollers.watch({ caller: { authorization: 'Bearer A', key: 'A' }, accountId: ACCOUNT, id });
    collect(watchId(ids[0] ?? ''));
    collect(watchId(ids[1] ?? ''));
    collect(watchId(ids[0] ?? ''));
    let refused: unknown;
    try {
      watchId(ids[2] ?? '');
    } catch (error) {
      refused = error;
    }
    expect((refused as GatewayError).code).toBe('RATE_LIMITED');
    await clock.advance(0);
    expect(source.calls.map((call) => call.id).sort()).toEqual([ids[0], ids[1]]);
  });

  it('nudge polls at once (never closer than 1 s to the last poll)', async () => {
    const { clock, source, pollers, watch } = setup();
    source.set(rel('RUNNING', 1));
    collect(watch());
    await clock.advance(6_000); // unchanged: next poll planned at 10 s
    expect(source.calls.at(-1)?.at).toBe(6_000);
    await clock.advance(200);
    pollers.nudge(ACCOUNT, ID);
    await clock.advance(800);
    expect(source.calls.at(-1)?.at).toBe(7_000);
  });
});
