import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/cloudsync/types';
import { isGatewayError } from '../../../src/errors';
import { FeedHub } from '../../../src/feed/hub';
import type { FeedSource } from '../../../src/feed/reader';

/** FeedHub alone: readers keyed by token hash and account, shared, stopped when unused. */

const caller = (key: string): Caller => ({ authorization: `Bearer ${key}`, key, upstreamCalls: 0 });

/** A feed that never answers (a poll waits until aborted): the hub's bookkeeping is all we test. */
const silent: FeedSource = {
  messages: (_caller, _account, _last, options = {}) =>
    new Promise((_resolve, reject) => {
      const signal = options.signal;
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
};

const hub = (idleMs = 0) =>
  new FeedHub(silent, { pollTimeoutMs: 1_000, headCheckMs: 60_000, idleMs });

describe('FeedHub', () => {
  it('one reader per (token, account), shared by its users', () => {
    const feed = hub();
    const a1 = feed.acquire(caller('a'), 'acc');
    const a2 = feed.acquire(caller('a'), 'acc');
    const other = feed.acquire(caller('a'), 'other-account');
    const b = feed.acquire(caller('b'), 'acc');
    expect(a1.reader).toBe(a2.reader);
    expect(other.reader).not.toBe(a1.reader);
    expect(b.reader).not.toBe(a1.reader);
    expect(feed.activeReaders).toBe(3);
    for (const lease of [a1, a2, other, b]) lease.release();
    expect(feed.activeReaders).toBe(0);
  });

  it('a reader stops when its last user leaves (idleMs 0); a double release counts once', () => {
    const feed = hub();
    const first = feed.acquire(caller('a'), null);
    const second = feed.acquire(caller('a'), null);
    first.release();
    first.release();
    expect(first.reader.stopped).toBe(false);
    second.release();
    expect(first.reader.stopped).toBe(true);
    expect(feed.activeReaders).toBe(0);
    expect(feed.acquire(caller('a'), null).reader).not.toBe(first.reader);
  });

  it('with idleMs, an unused reader lives on and is reused', () => {
    const feed = hub(60_000);
    const first = feed.acquire(caller('a'), null);
    first.release();
    const again = feed.acquire(caller('a'), null);
    expect(again.reader).toBe(first.reader);
    expect(again.reader.stopped).toBe(false);
    feed.stopAll();
  });

  it('stopAll stops every reader, and no reader starts after it', () => {
    const feed = hub(60_000);
    const lease = feed.acquire(caller('a'), null);
    feed.stopAll();
    expect(lease.reader.stopped).toBe(true);
    let refused: unknown;
    try {
      feed.acquire(caller('b'), null);
    } catch (error) {
      refused = error;
    }
    expect(isGatewayError(refused) && refused.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
