import { FixedBuffer } from 'graphql-yoga';
import { checkId } from '../cloudsync/client';
import type { FeedMessage } from '../cloudsync/types';
import { badInput, GatewayError } from '../errors';
import { isFeedId, isNewer } from '../feed/ids';
import { builder } from './builder';
import { openStream } from './streams';

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
/** Messages kept for a subscriber that reads slower than they come; past that it is ended. */
const BACKLOG = 10_000;

builder.subscriptionFields((t) => ({
  feedMessages: t.field({
    type: FeedMessageRef,
    description:
      "Every message on the caller's feed, oldest first, once each: from `after` (exclusive) when " +
      'given, else from now. A client that reconnects with the last id it saw misses nothing.',
    args: { accountId: t.arg.id(), after: t.arg.id() },
    subscribe: (_root, args, ctx) => {
      const caller = ctx.requireCaller();
      const accountId = args.accountId ? checkId('accountId', args.accountId) : null;
      if (args.after != null && !isFeedId(args.after)) throw badInput('after must be a message id');
      return openStream<FeedMessage>(
        ctx,
        async (push, stop) => {
          const lease = ctx.feed.acquire(caller, accountId);
          const abort = new AbortController();
          let last: string | null = null;
          let backlog: FeedMessage[] | null = [];
          const deliver = (message: FeedMessage) => {
            if (last !== null && !isNewer(message.id, last)) return;
            try {
              push(message).catch(() => {});
            } catch {
              // The buffer is full: end with a clear error rather than drop a message silently.
              stop(
                new GatewayError(
                  'RATE_LIMITED',
                  `This subscriber fell more than ${BACKLOG} messages behind; subscribe again with ` +
                    '`after` set to the last id it received',
                ),
              );
              return;
            }
            last = message.id;
          };
          let unlisten = () => {};
          stop.then(() => {
            abort.abort(new Error('unsubscribed'));
            unlisten();
            lease.release();
          });
          try {
            const head = await lease.reader.cursor();
            if (abort.signal.aborted) return;
            const after = args.after ?? head;
            const start = isNewer(after, head) ? after : head;
            unlisten = lease.reader.listen(
              {
                message: (message) => (backlog ? backlog.push(message) : deliver(message)),
                fatal: (error) => stop(error),
              },
              start,
            );
            last = after;
            // Messages between `after` and the reader's cursor were read before this subscriber
            // came: fetch them once more, then hand over to the live reader.
            for (let page = 0; isNewer(head, last); page++) {
              if (page === MAX_CATCH_UP_PAGES) {
                throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The feed could not be caught up');
              }
              const messages = await ctx.cloudsync.messages(caller, accountId, last, {
                signal: abort.signal,
              });
              const before: string | null = last;
              for (const message of messages) deliver(message);
              if (last === before) break; // nothing newer came back: the upstream has no more
            }
            const pending = backlog;
            backlog = null;
            for (const message of pending) deliver(message);
          } catch (error) {
            stop(abort.signal.aborted ? undefined : error);
          }
        },
        new FixedBuffer(BACKLOG),
      );
    },
    resolve: (message, _args, ctx) => {
      ctx.refreshLoaders();
      return message;
    },
  }),
}));
