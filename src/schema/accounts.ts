import type { GraphQLResolveInfo } from 'graphql';
import { checkId, isId } from '../cloudsync/inputs';
import type { UpstreamAccount } from '../cloudsync/types';
import { builder } from './builder';
import { idArgument, selectedFields, selects } from './lookahead';

export const AccountRef = builder.objectRef<UpstreamAccount>('Account');

AccountRef.implement({
  description:
    'A Cloud Sync account. Everything under it is fetched with its id as `x-account-id`.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The account id, "account-XXXXXXXX".' }),
    name: t.exposeString('name'),
  }),
});

builder.queryFields((t) => ({
  accounts: t.field({
    type: [AccountRef],
    description: 'The accounts the caller can see.',
    resolve: (_root, _args, ctx) => ctx.loaders().accounts(),
  }),
  account: t.field({
    type: AccountRef,
    nullable: true,
    description:
      'One account, or null when the caller cannot see it. A malformed id is BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx, info) => {
      const id = checkId('id', args.id);
      // The account's brokers are needed next: ask for them now so that both calls go out in one
      // round (a listing under `dataBroker` then waits one round trip less before its list call).
      // An account the caller cannot see costs one refused call, its answer never used; a
      // malformed broker id none (it is BAD_USER_INPUT before any call).
      if (needsBrokers(info))
        ctx
          .loaders()
          .dataBrokers.load(id)
          .catch(() => {});
      return (await ctx.loaders().accounts()).find((account) => account.id === id) ?? null;
    },
  }),
}));

/** Whether the account's brokers will be read: `dataBrokers`, or `dataBroker` with well-formed ids. */
function needsBrokers(info: GraphQLResolveInfo): boolean {
  if (selects(info, 'dataBrokers')) return true;
  const fields = selectedFields(info, 'dataBroker');
  return fields.length > 0 && fields.every((field) => isId(idArgument(info, field, 'id')));
}
