import { checkId } from '../cloudsync/inputs';
import type { FeedMessage } from '../cloudsync/types';
import { badInput, GatewayError } from '../errors';
import { isFeedId, isNewer } from '../feed/ids';
import { queueRecreated } from '../feed/reader';
import { openStream } from '../feed/streams';
import { builder } from './builder';

const FeedMessageRef = builder.objectRef<FeedMessage>('FeedMessage').implement({
  description: "One message of the caller's Cloud Sync message queue.",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Grows by one per message; resume with `after: id`.' }),
    operation: t.exposeString('operation', {
      description: 'The payload\'s key, e.g. "list-s3-buckets".',
    }),
    requestId: t.exposeString('requestId', { nullable: true }),
    clientId: t.exposeString('clientId', { nullable: true }),
    agentId: t.exposeString('agentId', {
      nullable: true,
      description: 'The data broker that answered.',
    }),
    groupId: t.exposeString('groupId', { nullable: true }),
    payload: t.expose('payload', { type: 'JSON', nullable: true }),
  }),
});

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

builder.subscriptionFields((t) => ({
  feedMessages: t.field({
    type: FeedMessageRef,
    description:
      "Every message on the caller's feed, oldest first, once each: from `after` (exclusive) when " +
      'given, else from now. A client that reconnects with the last id it saw misses nothing. If ' +
      'the upstream queue is recreated (its ids restart lower), the subscription ends with an ' +
      'UPSTREAM_UNAVAILABLE error (`extensions.feedReset`): ids seen before are void.',
    args: { accountId: t.arg.id(), after: t.arg.id() },
    subscribe: (_root, args, ctx) => {
      const caller = ctx.requireCaller();
      const accountId = args.accountId ? checkId('accountId', args.accountId) : null;
      if (args.after != null && !isFeedId(args.after)) throw badInput('after must be a message id');
      return openStream<FeedMessage>(ctx, async (push, stop) => {
        const lease = ctx.feed.acquire(caller, accountId);
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
          if (args.after != null && isNewer(args.after, head)) throw queueRecreated();
          const after = args.after ?? head;
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
      });
    },
    resolve: (message, _args, ctx) => {
      ctx.refreshLoaders();
      return message;
    },
  }),
}));
