import { checkId } from '../cloudsync/client';
import type { FeedMessage } from '../cloudsync/types';
import { badInput } from '../errors';
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
const MAX_CATCH_UP_PAGES = 100;

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
      return openStream<FeedMessage>(ctx, async (push, stop) => {
        const lease = ctx.feed.acquire(caller, accountId);
        const abort = new AbortController();
        let last: string | null = null;
        let backlog: FeedMessage[] | null = [];
        const deliver = (message: FeedMessage) => {
          if (last !== null && !isNewer(message.id, last)) return;
          last = message.id;
          push(message).catch(() => {});
        };
        let unlisten = () => {};
        stop.then(() => {
          abort.abort(new Error('unsubscribed'));
          unlisten();
          lease.release();
        });
        try {
          const head = await lease.reader.cursor();
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
          // Messages between `after` and the reader's cursor were read before this subscriber came:
          // fetch them once more, then hand over to the live reader.
          for (let page = 0; page < MAX_CATCH_UP_PAGES && isNewer(head, last); page++) {
            const messages = await ctx.cloudsync.messages(caller, accountId, last, {
              signal: abort.signal,
            });
            if (messages.length === 0) break;
            for (const message of messages) deliver(message);
          }
          const pending = backlog;
          backlog = null;
          for (const message of pending) deliver(message);
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
