import { describe, expect, it } from 'vitest';
import { parseRelationship } from '../../../src/cloudsync/parse-relationships';
import type { UpstreamRelationship } from '../../../src/cloudsync/relationship-types';
import type { Caller } from '../../../src/cloudsync/types';
import { GatewayError } from '../../../src/errors';
import type { RelationshipChangeEvent } from '../../../src/relationships/changes';
import { RelationshipChangeWatchers } from '../../../src/relationships/changes';
import { ManualClock } from '../../../src/relationships/clock';
import type { ProgressEvent, RelationshipSource } from '../../../src/relationships/poller';
import { RelationshipPollers } from '../../../src/relationships/poller';

/**
 * Coalescing (design §1.6): one (token, account) watching 3 or more relationships, or with a
 * relationshipChanges subscriber, is fed by one list GET per interval instead of one GET per id.
 */

const ACCOUNT = 'account-1';
const OTHER_ACCOUNT = 'account-2';
const T0 = 1_700_000_000_000;
const ids = Array.from({ length: 6 }, (_, i) => `${String(i + 1).repeat(2)}${'a'.repeat(22)}`);

function rel(
  id: string,
  status: string,
  bytesCopied: number,
  extra: { startTime?: number } = {},
): UpstreamRelationship {
  return parseRelationship({
    id,
    source: { protocol: 'nfs', nfs: { host: 'h', export: '/e', provider: 'nfs' } },
    target: { protocol: 's3', s3: { bucket: 'b', provider: 's3' } },
    settings: { continuousSync: false },
    tags: [{ key: 'name', value: `n-${id}` }],
    activity: {
      status,
      type: 'Sync',
      bytesCopied,
      startTime: new Date(extra.startTime ?? T0).toISOString(),
    },
  });
}

type Answer = UpstreamRelationship[] | GatewayError;

/** Answers per (token, account): the rows of the list; a GET by id reads the same rows. */
class FakeSource implements RelationshipSource {
  lists: { at: number; token: string; account: string }[] = [];
  gets: { at: number; token: string; account: string; id: string }[] = [];
  private readonly answers = new Map<string, Answer>();
  constructor(private readonly clock: ManualClock) {}

  set(answer: Answer, token = 'A', account = ACCOUNT): void {
    this.answers.set(`${token}|${account}`, answer);
  }

  /** Replaces one row of (token, account). */
  update(row: UpstreamRelationship, token = 'A', account = ACCOUNT): void {
    const rows = this.answers.get(`${token}|${account}`);
    if (!Array.isArray(rows)) throw new Error('no rows');
    this.set(
      rows.map((r) => (r.id === row.id ? row : r)),
      token,
      account,
    );
  }

  private answer(caller: Caller, account: string): UpstreamRelationship[] {
    const answer = this.answers.get(`${caller.key}|${account}`);
    if (!answer) throw new GatewayError('FORBIDDEN', 'not your account');
    if (answer instanceof GatewayError) throw answer;
    return answer;
  }

  async getRelationship(caller: Caller, account: string, id: string) {
    this.gets.push({ at: this.clock.now() - T0, token: caller.key, account, id });
    const found = this.answer(caller, account).find((r) => r.id === id);
    if (!found) throw new GatewayError('NOT_FOUND', 'Relationship not found');
    return found;
  }

  async listRelationships(caller: Caller, account: string) {
    this.lists.push({ at: this.clock.now() - T0, token: caller.key, account });
    return this.answer(caller, account);
  }
}

interface Collected<T> {
  events: T[];
  ended: boolean;
  error: unknown;
}

function collect<T>(iterator: AsyncIterableIterator<T>): Collected<T> {
  const out: Collected<T> = { events: [], ended: false, error: null };
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

function setup() {
  const clock = new ManualClock(T0);
  const source = new FakeSource(clock);
  const pollers = new RelationshipPollers(source, { clock, settings: { idleMs: 1_000 } });
  const changes = new RelationshipChangeWatchers(
    source,
    pollers.settings,
    pollers.clock,
    {},
    pollers.lists,
  );
  const watch = (id: string, token = 'A', extra: Record<string, unknown> = {}) =>
    pollers.watch({
      caller: { authorization: `Bearer ${token}`, key: token },
      accountId: (extra.accountId as string | undefined) ?? ACCOUNT,
      id,
      ...extra,
    });
  const watchChanges = (token = 'A') =>
    changes.watch({
      caller: { authorization: `Bearer ${token}`, key: token },
      accountId: ACCOUNT,
      accepts: () => true,
    });
  return { clock, source, pollers, changes, watch, watchChanges };
}

const bytesOf = (c: Collected<ProgressEvent>) =>
  c.events.map((e) => e.relationship.activity.counters.copied.bytes);

describe('relationship pollers coalesce on the list', () => {
  it('5 relationships of one account, one token: one list GET per interval feeds them all, no GET by id', async () => {
    const { clock, source, watch } = setup();
    source.set(ids.slice(0, 5).map((id) => rel(id, 'RUNNING', 1)));
    const subs = ids.slice(0, 5).map((id) => [collect(watch(id)), collect(watch(id))]);
    await clock.advance(0);
    expect(source.lists).toHaveLength(1);
    expect(source.gets).toEqual([]);
    for (const pair of subs) for (const c of pair) expect(bytesOf(c)).toEqual([1]);
    // Every interval: one list; only the relationship that changed emits.
    for (let n = 2; n <= 4; n++) {
      source.update(rel(ids[0] as string, 'RUNNING', n));
      await clock.advance(2_000);
      expect(source.lists).toHaveLength(n);
    }
    expect(source.lists.map((call) => call.at)).toEqual([0, 2_000, 4_000, 6_000]);
    expect(source.gets).toEqual([]);
    expect(subs[0]?.map(bytesOf)).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    for (const pair of subs.slice(1)) for (const c of pair) expect(bytesOf(c)).toEqual([1]);
    // DONE of one ends its streams only; the rest go on from the list.
    source.update(rel(ids[1] as string, 'DONE', 1));
    await clock.advance(2_000);
    expect(subs[1]?.every((c) => c.ended && c.events.at(-1)?.final === true)).toBe(true);
    expect(subs[0]?.every((c) => !c.ended)).toBe(true);
    expect(source.gets).toEqual([]);
  });

  it('2 relationships: one GET by id each, as without coalescing', async () => {
    const { clock, source, watch } = setup();
    source.set(ids.slice(0, 2).map((id) => rel(id, 'RUNNING', 1)));
    const subs = ids.slice(0, 2).map((id) => collect(watch(id)));
    await clock.advance(0);
    await clock.advance(2_000);
    expect(source.lists).toEqual([]);
    expect(source.gets.map((call) => [call.at, call.id])).toEqual([
      [0, ids[0]],
      [0, ids[1]],
      [2_000, ids[0]],
      [2_000, ids[1]],
    ]);
    expect(subs.every((c) => c.events.length === 1)).toBe(true);
  });

  it('a relationshipChanges subscriber and 1 watched relationship: one list GET feeds both', async () => {
    const { clock, source, watch, watchChanges } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    const progress = collect(watch(ids[0] as string));
    const changed = collect<RelationshipChangeEvent>(watchChanges());
    await clock.advance(0);
    expect(source.lists).toHaveLength(1);
    expect(source.gets).toEqual([]);
    expect(bytesOf(progress)).toEqual([1]);
    source.update(rel(ids[0] as string, 'RUNNING', 7));
    await clock.advance(2_000);
    expect(source.lists).toHaveLength(2);
    expect(source.gets).toEqual([]);
    expect(bytesOf(progress)).toEqual([1, 7]);
    expect(changed.events.map((e) => [e.kind, e.id])).toEqual([['UPDATED', ids[0]]]);
  });

  it('two tokens: two list pollers, each with its own token, never each other’s data', async () => {
    const { clock, source, watch } = setup();
    source.set(
      ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)),
      'A',
    );
    source.set(
      ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 100)),
      'B',
    );
    const a = ids.slice(0, 3).map((id) => collect(watch(id, 'A')));
    const b = ids.slice(0, 3).map((id) => collect(watch(id, 'B')));
    await clock.advance(0);
    source.update(rel(ids[0] as string, 'RUNNING', 2), 'A');
    await clock.advance(2_000);
    expect(source.gets).toEqual([]);
    expect(source.lists.map((call) => [call.at, call.token])).toEqual([
      [0, 'A'],
      [0, 'B'],
      [2_000, 'A'],
      [2_000, 'B'],
    ]);
    expect(bytesOf(a[0] as Collected<ProgressEvent>)).toEqual([1, 2]);
    for (const c of b) expect(bytesOf(c)).toEqual([100]);
  });

  it('one token on two accounts: one list per account, and 2 watched on the second stay per id', async () => {
    const { clock, source, watch } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    source.set(
      ids.slice(3, 5).map((id) => rel(id, 'RUNNING', 1)),
      'A',
      OTHER_ACCOUNT,
    );
    for (const id of ids.slice(0, 3)) collect(watch(id));
    for (const id of ids.slice(3, 5)) collect(watch(id, 'A', { accountId: OTHER_ACCOUNT }));
    await clock.advance(0);
    expect(source.lists.map((call) => call.account)).toEqual([ACCOUNT]);
    expect(source.gets.map((call) => [call.account, call.id])).toEqual([
      [OTHER_ACCOUNT, ids[3]],
      [OTHER_ACCOUNT, ids[4]],
    ]);
  });

  it('a watched relationship missing from the list ends with NOT_FOUND, the others go on', async () => {
    const { clock, source, watch } = setup();
    source.set(ids.slice(0, 4).map((id) => rel(id, 'RUNNING', 1)));
    const subs = ids.slice(0, 4).map((id) => collect(watch(id)));
    await clock.advance(0);
    source.set([1, 2, 3].map((i) => rel(ids[i] as string, 'RUNNING', 2)));
    await clock.advance(2_000);
    expect(subs[0]?.ended).toBe(true);
    expect(subs[0]?.error).toMatchObject({ code: 'NOT_FOUND' });
    for (const c of subs.slice(1)) {
      expect(c.ended).toBe(false);
      expect(bytesOf(c)).toEqual([1, 2]);
    }
    await clock.advance(2_000);
    expect(source.lists).toHaveLength(3);
    expect(source.gets).toEqual([]);
  });

  it('back to one GET by id each when the watched relationships drop below 3', async () => {
    const { clock, source, pollers } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    const iterators = ids
      .slice(0, 3)
      .map((id) =>
        pollers.watch({ caller: { authorization: 'Bearer A', key: 'A' }, accountId: ACCOUNT, id }),
      );
    const subs = iterators.map((it) => collect(it));
    await clock.advance(0);
    expect(source.lists).toHaveLength(1);
    await iterators[2]?.return?.();
    await clock.advance(2_000);
    expect(source.lists).toHaveLength(1);
    expect(source.gets.map((call) => [call.at, call.id])).toEqual([
      [2_000, ids[0]],
      [2_000, ids[1]],
    ]);
    // And back to the list when a third comes again.
    const third = collect(
      pollers.watch({
        caller: { authorization: 'Bearer A', key: 'A' },
        accountId: ACCOUNT,
        id: ids[2] as string,
      }),
    );
    await clock.advance(2_000);
    // The newcomer needs an answer now: the list at once, then every 2 s.
    expect(source.lists.map((call) => call.at)).toEqual([0, 2_000, 4_000]);
    expect(source.gets).toHaveLength(2);
    expect(subs.slice(0, 2).every((c) => !c.ended)).toBe(true);
    expect(bytesOf(third)).toEqual([1]);
  });

  it('401 on the list ends every watch of the token with UNAUTHENTICATED and it is never polled again', async () => {
    const { clock, source, watch, watchChanges } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    const subs = ids.slice(0, 3).map((id) => collect(watch(id)));
    const changed = collect<RelationshipChangeEvent>(watchChanges());
    await clock.advance(0);
    source.set(new GatewayError('UNAUTHENTICATED', 'jwt expired'));
    await clock.advance(2_000);
    for (const c of [...subs, changed]) {
      expect(c.ended).toBe(true);
      expect(c.error).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(() => watch(ids[0] as string)).toThrow(GatewayError);
    expect(source.lists).toHaveLength(2);
    expect(source.gets).toEqual([]);
    const calls = source.lists.length + source.gets.length;
    for (let i = 0; i < 5; i++) await clock.advance(30_000);
    expect(source.lists.length + source.gets.length).toBe(calls);
  });

  it('403 on the list ends the watches of that account with FORBIDDEN', async () => {
    const { clock, source, watch } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    const subs = ids.slice(0, 3).map((id) => collect(watch(id)));
    await clock.advance(0);
    source.set(new GatewayError('FORBIDDEN', 'not your account'));
    await clock.advance(2_000);
    for (const c of subs) expect(c.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(() => watch(ids[0] as string)).toThrow(GatewayError);
    expect(source.lists).toHaveLength(2);
    expect(source.gets).toEqual([]);
  });

  it('5xx on the list (after a first answer) backs off 2, 4, 8, 16 s and ends with UPSTREAM_UNAVAILABLE after 5 in a row', async () => {
    const { clock, source, watch } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    const subs = ids.slice(0, 3).map((id) => collect(watch(id)));
    await clock.advance(0);
    source.set(new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync answered 503'));
    await clock.advance(60_000);
    expect(source.lists.map((call) => call.at)).toEqual([0, 2_000, 4_000, 8_000, 16_000, 32_000]);
    for (const c of subs) expect(c.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(source.gets).toEqual([]);
    await clock.advance(120_000);
    expect(source.lists).toHaveLength(6);
  });

  it('429 on the list waits Retry-After, capped at 60 s', async () => {
    const { clock, source, watch } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    ids.slice(0, 3).map((id) => collect(watch(id)));
    await clock.advance(0);
    source.set(new GatewayError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 120 }));
    await clock.advance(2_000);
    await clock.advance(59_999);
    expect(source.lists).toHaveLength(2);
    await clock.advance(1);
    expect(source.lists).toHaveLength(3);
  });

  it('while the list waits out a 429 or a 5xx, a newcomer or a nudge does not list sooner', async () => {
    const { clock, source, pollers, watch } = setup();
    source.set(ids.slice(0, 4).map((id) => rel(id, 'RUNNING', 1)));
    ids.slice(0, 3).map((id) => collect(watch(id)));
    await clock.advance(0);
    source.set(new GatewayError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 10 }));
    await clock.advance(2_000);
    expect(source.lists).toHaveLength(2);
    source.set(ids.slice(0, 4).map((id) => rel(id, 'RUNNING', 1)));
    const late = collect(watch(ids[3] as string));
    pollers.nudge(ACCOUNT, ids[0] as string, 'A');
    await clock.advance(9_999);
    expect(source.lists).toHaveLength(2);
    expect(late.events).toEqual([]);
    await clock.advance(1);
    expect(source.lists.map((call) => call.at)).toEqual([0, 2_000, 12_000]);
    expect(bytesOf(late)).toEqual([1]);
    expect(source.gets).toEqual([]);
  });

  it('startedAfter: a waiting subscriber makes the list poll every 1 s until the new run shows', async () => {
    const { clock, source, watch } = setup();
    const old = T0 - 3_600_000;
    source.set([
      rel(ids[0] as string, 'DONE', 1, { startTime: old }),
      ...ids.slice(1, 3).map((id) => rel(id, 'DONE', 1, { startTime: old })),
    ]);
    const waiting = collect(watch(ids[0] as string, 'A', { startedAfter: T0 }));
    for (const id of ids.slice(1, 3)) collect(watch(id, 'A', { startedAfter: T0 }));
    await clock.advance(3_000);
    expect(source.lists.map((call) => call.at)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(waiting.events).toEqual([]);
    source.update(rel(ids[0] as string, 'RUNNING', 5, { startTime: T0 + 3_500 }));
    await clock.advance(1_000);
    expect(bytesOf(waiting)).toEqual([5]);
    expect(source.gets).toEqual([]);
  });

  it('zero GETs once every watcher left; a nudge lists at once (never closer than 1 s)', async () => {
    const { clock, source, pollers } = setup();
    source.set(ids.slice(0, 3).map((id) => rel(id, 'RUNNING', 1)));
    const caller = { authorization: 'Bearer A', key: 'A' };
    const iterators = ids
      .slice(0, 3)
      .map((id) => pollers.watch({ caller, accountId: ACCOUNT, id }));
    for (const it of iterators) collect(it);
    await clock.advance(0);
    await clock.advance(500);
    pollers.nudge(ACCOUNT, ids[0] as string, 'A');
    await clock.advance(500);
    expect(source.lists.map((call) => call.at)).toEqual([0, 1_000]);
    for (const it of iterators) await it.return?.();
    for (let i = 0; i < 5; i++) await clock.advance(30_000);
    expect(source.lists).toHaveLength(2);
    expect(source.gets).toEqual([]);
    expect(pollers.size).toBe(0);
    expect(pollers.lists?.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});
