import type { Caller, FeedMessage } from '../cloudsync/types';
import { GatewayError } from '../errors';
import type { FeedProvider } from './hub';
import { isNewer } from './ids';
import { queueRecreated } from './reader';
import type { StreamExecutor } from './streams';

/** Upper bound of catch-up pages when a subscriber resumes from an old id. */
const MAX_CATCH_UP_PAGES = 1_000;
/**
 * How far a subscriber may lag: messages of earlier pages its client has not taken yet when a new
 * page comes. Past that it is ended (a page of any size to a client that keeps up is not lag).
 */
const BACKLOG = 10_000;

const lagging = () =>
  new GatewayError(
    'RATE_LIMITED',
    `This subscriber fell more than ${BACKLOG} messages behind; subscribe again with ` +
      '`after` set to the last id it received',
  );

/**
 * The `feedMessages` subscription's stream: every message on the caller's feed, oldest first, once
 * each, from `from` (the subscription's `after`, exclusive) when given, else from the reader's head. A subscriber that resumes
 * from an old id is caught up page by page, then handed over to the shared live reader; one that
 * falls more than BACKLOG messages behind is ended with RATE_LIMITED.
 */
export function feedMessages(
  feed: FeedProvider,
  caller: Caller,
  accountId: string | null,
  from: string | null | undefined,
): StreamExecutor<FeedMessage> {
  return async (push, stop) => {
    const lease = feed.acquire(caller, accountId);
    const abort = new AbortController();
    let last: string | null = null;
    /** Given to this subscriber, not yet taken by its client, oldest first. */
    const queue: FeedMessage[] = [];
    let pumping = false;
    let drained: (() => void) | null = null;
    /** True while one page is being handed over (a page comes in one synchronous run). */
    let inPage = false;
    /** Live messages held back while the catch-up runs. */
    let held: FeedMessage[] | null = [];
    // One message at a time: `push` resolves when the client has taken it.
    const pump = async () => {
      if (pumping) return;
      pumping = true;
      while (queue.length > 0 && !abort.signal.aborted) {
        await push(queue.shift() as FeedMessage);
      }
      pumping = false;
      drained?.();
    };
    const enqueue = (message: FeedMessage) => {
      if (abort.signal.aborted || (last !== null && !isNewer(message.id, last))) return;
      if (!inPage) {
        inPage = true;
        queueMicrotask(() => {
          inPage = false;
        });
        // The lag is what the client still has not taken when new messages come.
        if (queue.length > BACKLOG) {
          abort.abort(new Error('lagging'));
          stop(lagging());
          return;
        }
      }
      last = message.id;
      queue.push(message);
      void pump();
    };
    const whenDrained = () =>
      queue.length === 0 || abort.signal.aborted
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            drained = () => {
              drained = null;
              resolve();
            };
            abort.signal.addEventListener('abort', () => resolve(), { once: true });
          });
    let unlisten = () => {};
    stop.then(() => {
      abort.abort(new Error('unsubscribed'));
      unlisten();
      lease.release();
    });
    try {
      const head = await lease.reader.cursor();
      if (abort.signal.aborted) return;
      // An id beyond the head is from before the queue was recreated (or from no feed at all).
      if (from != null && isNewer(from, head)) throw queueRecreated();
      const after = from ?? head;
      unlisten = lease.reader.listen(
        {
          message: (message) => (held ? held.push(message) : enqueue(message)),
          fatal: (error) => stop(error),
          // Ids restart lower: a resumable subscriber cannot follow them, it is told instead.
          reset: (error) => stop(error),
        },
        head,
      );
      last = after;
      // Messages between `after` and the reader's cursor were read before this subscriber
      // came: fetch them once more, then hand over to the live reader.
      for (let page = 0; isNewer(head, last); page++) {
        if (page === MAX_CATCH_UP_PAGES) {
          throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The feed could not be caught up');
        }
        // A client that catches up is fed as fast as it reads, not faster.
        await whenDrained();
        if (abort.signal.aborted) return;
        const messages = await lease.reader.page(last, abort.signal);
        const before: string | null = last;
        for (const message of messages) enqueue(message);
        if (last === before) break; // nothing newer came back: the upstream has no more
      }
      const pending = held;
      held = null;
      for (const message of pending) enqueue(message);
    } catch (error) {
      stop(abort.signal.aborted ? undefined : error);
    }
  };
}
