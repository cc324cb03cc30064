import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/relationships';
import { SEED_IDS } from '../../src/simulator/index';
import { type Stack, startStack, subscribeAll, until } from '../utils/stack';

/**
 * The shared progress pollers over real sockets, on a clock the test steps: every poll is one
 * `advance`, so upstream GETs are counted exactly from the simulator's log.
 */

const TEST = SEED_IDS.accounts.test;
const OTHER = SEED_IDS.accounts.other;
const RUNNING_MS = 1_000;

let stack: Stack;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock(Date.now());
  stack = await startStack({
    settings: {
      RELATIONSHIP_POLL_RUNNING_MS: String(RUNNING_MS),
      MAX_SUBSCRIPTIONS_PER_CONNECTION: '2000',
      MAX_SUBSCRIPTIONS_PER_TOKEN: '2000',
    },
    gateway: { relationshipClock: clock },
  });
});
afterAll(() => stack.stop());
beforeEach(() => stack.sim.reset());

const PROGRESS = `subscription($a: ID!, $id: ID!) { relationshipProgress(accountId: $a, id: $id) {
  final relationship { id activity { status progress } } } }`;

interface Event {
  relationshipProgress: {
    final: boolean;
    relationship: { id: string; activity: { status: string } };
  };
}

const pollers = () => stack.gateway.services.relationships.pollers;
const gets = (id: string) =>
  stack.sim.requests.filter((r) => r.method === 'GET' && r.path === `/api/relationships-v2/${id}`);

function seeded(account: string, name: string): string {
  const id = stack.sim.relationships.seededId(account, name);
  if (!id) throw new Error(`no seeded ${name}`);
  return id;
}

/** One step of the clock; waits until the poll it fired has come back and is scheduled again. */
async function step(ms: number, id: string, expectedGets: number): Promise<void> {
  await clock.advance(ms);
  await until(() => gets(id).length >= expectedGets, 5_000, `GET ${expectedGets}`);
  await until(() => clock.pending() > 0 || pollers().size === 0, 5_000, 'the poll to settle');
}

describe('relationshipProgress pollers', () => {
  it('1,000 subscribers of one RUNNING relationship make one GET per interval, none after DONE', async () => {
    const id = seeded(TEST, 'grid-to-s3');
    const token = stack.demoToken();
    const client = stack.ws(token);
    const subs = Array.from({ length: 1_000 }, () =>
      subscribeAll<Event>(client, PROGRESS, { a: TEST, id }),
    );
    await until(() => pollers().subscriberCount() === 1_000, 10_000, '1,000 subscribers');
    expect(pollers().size).toBe(1);
    await step(0, id, 1);
    await until(() => subs.every((s) => s.events.length === 1), 10_000, 'the first event');
    for (let n = 2; n <= 4; n++) {
      await step(RUNNING_MS, id, n);
      expect(gets(id)).toHaveLength(n);
    }
    // The run goes on and ends in the simulator; the next poll sees DONE and ends every stream.
    stack.sim.relationships.setKnobs({ tickMs: 5 });
    stack.sim.relationships.releaseRun(id);
    // Read from the list route (not counted below) until the simulator shows DONE.
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${stack.sim.url}/api/relationships-v2`, {
        headers: { authorization: `Bearer ${token}`, 'x-account-id': TEST },
      });
      const rows = (await res.json()) as { id: string; activity: { status: string } }[];
      if (rows.find((row) => row.id === id)?.activity.status === 'DONE') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await step(RUNNING_MS * 8, id, 5);
    await Promise.all(subs.map((s) => s.done));
    expect(gets(id)).toHaveLength(5);
    for (const sub of subs) {
      expect(sub.errors).toEqual([]);
      expect(sub.events.at(-1)?.relationshipProgress).toMatchObject({
        final: true,
        relationship: { activity: { status: 'DONE' } },
      });
    }
    for (let i = 0; i < 5; i++) await clock.advance(RUNNING_MS * 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gets(id)).toHaveLength(5);
    expect(pollers().size).toBe(0);
    // Every GET carried the subscribers' token.
    expect(new Set(gets(id).map((r) => r.authorization))).toEqual(new Set([`Bearer ${token}`]));
  });

  it('zero GETs once the last subscriber leaves', async () => {
    const id = seeded(TEST, 'grid-to-s3');
    const client = stack.ws(stack.demoToken());
    const subs = Array.from({ length: 3 }, () =>
      subscribeAll<Event>(client, PROGRESS, { a: TEST, id }),
    );
    await until(() => pollers().subscriberCount() === 3);
    await step(0, id, 1);
    await until(() => subs.every((s) => s.events.length === 1));
    for (const sub of subs) sub.unsubscribe();
    await until(() => pollers().subscriberCount() === 0);
    for (let i = 0; i < 5; i++) await clock.advance(RUNNING_MS * 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gets(id)).toHaveLength(1);
    expect(pollers().size).toBe(0);
  });

  it('two tokens get two pollers and never see each other’s data', async () => {
    const id = seeded(TEST, 'grid-to-s3');
    const otherId = seeded(OTHER, 'grid-to-s3');
    const [a, b, c] = [stack.demoToken(), stack.demoToken(), stack.otherToken()];
    const subA = subscribeAll<Event>(stack.ws(a), PROGRESS, { a: TEST, id });
    const subB = subscribeAll<Event>(stack.ws(b), PROGRESS, { a: TEST, id });
    const subC = subscribeAll<Event>(stack.ws(c), PROGRESS, { a: OTHER, id: otherId });
    await until(() => pollers().subscriberCount() === 3);
    expect(pollers().size).toBe(3);
    await clock.advance(0);
    await until(() => gets(id).length === 2 && gets(otherId).length === 1);
    await until(() => [subA, subB, subC].every((s) => s.events.length === 1));
    const authOf = (rid: string) => gets(rid).map((r) => r.authorization);
    expect(authOf(id).sort()).toEqual([`Bearer ${a}`, `Bearer ${b}`].sort());
    expect(authOf(otherId)).toEqual([`Bearer ${c}`]);
    // The other user's token cannot watch the demo account's relationship: its own poller, refused.
    const denied = subscribeAll<Event>(stack.ws(c), PROGRESS, { a: TEST, id });
    await until(() => pollers().size === 4);
    await clock.advance(0);
    await denied.done;
    expect(denied.events).toEqual([]);
    expect(denied.errors.length).toBeGreaterThan(0);
    expect(authOf(id).filter((auth) => auth === `Bearer ${c}`)).toHaveLength(1);
    expect(subA.events[0]?.relationshipProgress.relationship.id).toBe(id);
    expect(subB.events[0]?.relationshipProgress.relationship.id).toBe(id);
    expect(subC.events[0]?.relationshipProgress.relationship.id).toBe(otherId);
    for (const sub of [subA, subB, subC]) sub.unsubscribe();
    await until(() => pollers().subscriberCount() === 0);
    await clock.advance(RUNNING_MS);
  });

  it('a 401 mid-run ends the stream with UNAUTHENTICATED and polling stops', async () => {
    const id = seeded(TEST, 'grid-to-s3');
    const token = stack.demoToken();
    const sub = subscribeAll<Event>(stack.ws(token), PROGRESS, { a: TEST, id });
    await until(() => pollers().subscriberCount() === 1);
    await step(0, id, 1);
    await until(() => sub.events.length === 1);
    stack.sim.expireToken(token);
    await clock.advance(RUNNING_MS);
    await sub.done;
    expect(sub.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    ]);
    const after = gets(id).length;
    expect(after).toBe(2);
    for (let i = 0; i < 5; i++) await clock.advance(RUNNING_MS * 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gets(id)).toHaveLength(after);
    expect(pollers().size).toBe(0);
  });
});

describe('relationshipProgress pollers coalesce on the list', () => {
  const lists = (token: string) =>
    stack.sim.requests.filter(
      (r) =>
        r.method === 'GET' &&
        r.path === '/api/relationships-v2' &&
        r.authorization === `Bearer ${token}`,
    );

  /** Starts a run of `id` in the simulator (straight to it, not through the gateway) and holds it. */
  async function startHeld(token: string, id: string): Promise<void> {
    stack.sim.relationships.holdRun(id);
    const res = await fetch(`${stack.sim.url}/api/relationships/${id}/sync`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'x-account-id': TEST },
    });
    expect(res.status).toBe(202);
  }

  it('12 subscriptions over 4 relationships of one account make one list GET per interval, no GET by id', async () => {
    const token = stack.demoToken();
    const running = seeded(TEST, 'grid-to-s3');
    const started = ['projects-to-s3', 'gcs-to-dc1', 'home-dirs-to-anf'].map((name) =>
      seeded(TEST, name),
    );
    for (const id of started) await startHeld(token, id);
    const ids = [running, ...started];
    const client = stack.ws(token);
    const subs = ids.flatMap((id) =>
      Array.from({ length: 3 }, () => subscribeAll<Event>(client, PROGRESS, { a: TEST, id })),
    );
    await until(() => pollers().subscriberCount() === 12, 10_000, '12 subscribers');
    expect(pollers().size).toBe(4);
    await clock.advance(0);
    await until(() => lists(token).length === 1, 5_000, 'the first list');
    await until(() => subs.every((s) => s.events.length === 1), 5_000, 'the first events');
    for (const sub of subs) {
      expect(sub.events[0]?.relationshipProgress.final).toBe(false);
    }
    for (let n = 2; n <= 4; n++) {
      await until(() => clock.pending() > 0, 5_000, 'the next list to be planned');
      await clock.advance(RUNNING_MS);
      await until(() => lists(token).length >= n, 5_000, `list ${n}`);
      expect(lists(token)).toHaveLength(n);
    }
    // Not one GET by id: the list fed every poller.
    for (const id of ids) expect(gets(id)).toEqual([]);
    for (const sub of subs) sub.unsubscribe();
    await until(() => pollers().subscriberCount() === 0);
    for (let i = 0; i < 5; i++) await clock.advance(RUNNING_MS * 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lists(token)).toHaveLength(4);
    for (const id of ids) expect(gets(id)).toEqual([]);
    expect(pollers().size).toBe(0);
    for (const sub of subs) expect(sub.errors).toEqual([]);
  });
});
