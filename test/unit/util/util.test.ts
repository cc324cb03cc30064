import { describe, expect, it } from 'vitest';
import { abortable, anySignal } from '../../../src/util/abort';
import { exponentialBackoff } from '../../../src/util/backoff';
import { deferred } from '../../../src/util/deferred';
import { KeyedCounter } from '../../../src/util/keyed-counter';
import { KeyedSerialQueue } from '../../../src/util/keyed-serial-queue';

describe('exponentialBackoff', () => {
  const upstream = { firstMs: 250, jitter: 0.5 };
  const feed = { firstMs: 200, maxMs: 5_000, jitter: 0.25 };

  it('doubles from the first wait, bounded by max and floor', () => {
    const none = () => 1; // no jitter taken off
    expect([1, 2, 3, 4].map((n) => exponentialBackoff(n, upstream, none))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect([1, 5, 6, 10].map((n) => exponentialBackoff(n, feed, none))).toEqual([
      200, 3200, 5000, 5000,
    ]);
    expect(exponentialBackoff(1, { ...feed, floorMs: 30_000 }, none)).toBe(30_000);
  });

  it('takes at most `jitter` of the wait off at random', () => {
    expect(exponentialBackoff(2, upstream, () => 0)).toBe(250);
    expect(exponentialBackoff(2, feed, () => 0)).toBe(300);
    expect(exponentialBackoff(2, feed, () => 0.5)).toBe(350);
  });
});

describe('KeyedCounter', () => {
  it('counts per key, counts off once per acquire, and forgets a key at 0', () => {
    const counter = new KeyedCounter();
    const a1 = counter.acquire('a');
    const a2 = counter.acquire('a');
    counter.acquire('b');
    expect([counter.get('a'), counter.get('b'), counter.get('c')]).toEqual([2, 1, 0]);
    a1();
    a1();
    expect(counter.get('a')).toBe(1);
    a2();
    expect(counter.get('a')).toBe(0);
    expect(counter.size).toBe(1);
  });
});

describe('KeyedSerialQueue', () => {
  it('hands a key to one holder at a time, in order of asking', async () => {
    const queue = new KeyedSerialQueue();
    const signal = new AbortController().signal;
    const order: string[] = [];
    const first = await queue.acquire('k', signal);
    let queued = 0;
    const second = queue
      .acquire('k', signal, () => queued++)
      .then((release) => {
        order.push('second');
        return release;
      });
    const third = queue
      .acquire('k', signal, () => queued++)
      .then((release) => {
        order.push('third');
        return release;
      });
    const other = await queue.acquire('other', signal);
    expect(queued).toBe(2);
    first();
    first(); // a second release is a no-op: it does not let the third in
    (await second)();
    (await third)();
    other();
    expect(order).toEqual(['second', 'third']);
    expect(queue.size).toBe(0);
  });

  it('a wait left by its signal gives its turn to the next', async () => {
    const queue = new KeyedSerialQueue();
    const never = new AbortController().signal;
    const first = await queue.acquire('k', never);
    const leave = new AbortController();
    const left = queue.acquire('k', leave.signal);
    const next = queue.acquire('k', never);
    leave.abort(new Error('gone'));
    await expect(left).rejects.toThrow('gone');
    first();
    (await next)();
    expect(queue.size).toBe(0);
  });
});

describe('deferred and abortable', () => {
  it('a deferred settles once; abortable rejects with the reason when its signal aborts', async () => {
    const d = deferred<number>();
    d.resolve(1);
    d.resolve(2);
    await expect(d.promise).resolves.toBe(1);
    const pending = deferred<number>();
    const abort = new AbortController();
    const wait = abortable(pending.promise, abort.signal);
    abort.abort(new Error('left'));
    await expect(wait).rejects.toThrow('left');
    await expect(abortable(Promise.resolve(3), new AbortController().signal)).resolves.toBe(3);
  });

  it('anySignal aborts with the reason of the first source that aborts', () => {
    const a = new AbortController();
    const b = new AbortController();
    const both = anySignal(a.signal, b.signal);
    expect(both.aborted).toBe(false);
    b.abort(new Error('b'));
    expect(both.aborted).toBe(true);
    expect((both.reason as Error).message).toBe('b');
  });
});
