import { checkId } from '../cloudsync/inputs';
import type { FeedMessage } from '../cloudsync/types';
import { badInput } from '../errors';
import { isFeedId } from '../feed/ids';
import { openStream } from '../feed/streams';
import { feedMessages } from '../feed/subscribe';
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
      return openStream<FeedMessage>(ctx, feedMessages(ctx.feed, caller, accountId, args.after));
    },
    resolve: (message, _args, ctx) => {
      ctx.refreshLoaders();
      return message;
    },
  }),
}));
