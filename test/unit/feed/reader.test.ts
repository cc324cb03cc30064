import { describe, expect, it } from 'vitest';
import type { Caller, FeedMessage } from '../../../src/cloudsync/types';
import { GatewayError } from '../../../src/errors';
import { type FeedListener, FeedReader, type FeedSource } from '../../../src/feed/reader';

/** FeedReader against a scripted source, with injected waits and clock: no sockets, no timers. */

const caller: Caller = { authorization: 'Bearer t', key: 'k', upstreamCalls: 0 };
const msg = (id: number): FeedMessage => ({
  id: String(id),
  operation: 'op',
  requestId: null,
  clientId: null,
  agentId: null,
  groupId: null,
  payload: {},
});

type Answer = FeedMessage[] | Error;

/** Answers calls in order from the script; past its end a poll hangs until aborted. */
function scripted(script: Answer[]) {
  const calls: (string | null)[] = [];
  const source: FeedSource = {
    messages: (_caller, _account, last, options = {}) => {
      calls.push(last);
      const next = script.shift();
      if (next instanceof Error) return Promise.reject(next);
      if (next) return Promise.resolve(next);
      return new Promise((_resolve, reject) => {
        const signal = options.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  };
  return { source, calls };
}

function harness(script: Answer[], headCheckMs = 60_000) {
  const { source, calls } = scripted(script);
  const waits: number[] = [];
  let clock = 0;
  const reader = new FeedReader(source, caller, null, {
    pollTimeoutMs: 1000,
    headCheckMs,
    now: () => clock,
    wait: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  return { reader, calls, waits, script };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

function collect(reset = false) {
  const ids: string[] = [];
  const errors: GatewayError[] = [];
  const listener: FeedListener = {
    message: (m) => ids.push(m.id),
    fatal: (e) => errors.push(e),
    ...(reset ? { reset: (e: GatewayError) => errors.push(e) } : {}),
  };
  return { ids, errors, listener };
}

describe('FeedReader (unit)', () => {
  it('lets what a message settles run before the next poll goes out', async () => {
    // Head 5; one page with message 6; then the next poll hangs.
    const h = harness([[msg(5)], [msg(6)]]);
    const after = await h.reader.cursor();
    const pollsWhenSettled: number[] = [];
    h.reader.listen(
      {
        // A listing's answer resolves a promise: its continuation is a chain of microtasks.
        message: () => {
          void Promise.resolve()
            .then(() => undefined)
            .then(() => pollsWhenSettled.push(h.calls.length));
        },
        fatal: () => {},
      },
      after,
    );
    await settle();
    expect(pollsWhenSettled).toEqual([2]);
    expect(h.calls).toEqual([null, '5', '6']);
    h.reader.stop();
  });

  it('pauses after a poll that did not advance the cursor, even when the page was not empty', async () => {
    // Head 5; then three pages that hold only the cursor's own message (an inclusive `last`).
    const h = harness([[msg(5)], [msg(5)], [msg(5)], [msg(5)]]);
    expect(await h.reader.cursor()).toBe('5');
    await settle();
    expect(h.calls).toEqual([null, '5', '5', '5', '5']);
    expect(h.waits).toEqual([500, 500, 500]);
    h.reader.stop();
  });

  it('does not pause after a poll that advanced it', async () => {
    const h = harness([[msg(5)], [msg(6)], [msg(8), msg(7)]]);
    const c = collect();
    h.reader.listen(c.listener, await h.reader.cursor());
    await settle();
    expect(c.ids).toEqual(['6', '7', '8']);
    expect(h.waits).toEqual([]);
    h.reader.stop();
  });

  it('a head below the cursor: listeners go on from the start of the new queue, or end themselves', async () => {
    // Head 10, message 11; then an empty poll while the stall check is due; the head is now 2.
    const h = harness([[msg(10)], [msg(11)], [], [msg(2)], [msg(1), msg(2)]], 100);
    const follower = collect();
    const resumable = collect(true);
    const head = await h.reader.cursor();
    h.reader.listen(follower.listener, head);
    h.reader.listen(resumable.listener, head);
    await settle();
    expect(h.calls).toEqual([null, '10', '11', null, '0', '2']);
    expect(follower.ids).toEqual(['11', '1', '2']);
    expect(follower.errors).toEqual([]);
    expect(resumable.errors.map((e) => [e.code, e.extensions.feedReset])).toEqual([
      ['UPSTREAM_UNAVAILABLE', true],
    ]);
    h.reader.stop();
  });

  it('checkHead() cuts the held poll short and reads the head at once', async () => {
    const h = harness([[msg(10)]]);
    await h.reader.cursor();
    await settle();
    expect(h.calls).toEqual([null, '10']); // held
    h.script.push([msg(10)]); // the head has not moved
    h.reader.checkHead();
    await settle();
    expect(h.calls).toEqual([null, '10', null, '10']);
    expect(h.waits).toEqual([]);
    h.reader.stop();
  });

  it('a head that is not an id fails the caller and ends the reader: one call, no retry', async () => {
    const h = harness([[]]);
    await expect(h.reader.cursor()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await settle();
    expect(h.calls).toEqual([null]);
    expect(h.reader.stopped).toBe(true);
  });

  it('a failing feed fails cursor() at once until a poll succeeds again', async () => {
    const down = new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync failed');
    const h = harness([[msg(3)], down]);
    expect(await h.reader.cursor()).toBe('3');
    await settle();
    // The retry after the failure hangs: the feed is down now.
    expect(h.calls).toEqual([null, '3', '3']);
    await expect(h.reader.cursor()).rejects.toBe(down);
    h.reader.stop();
  });
});
