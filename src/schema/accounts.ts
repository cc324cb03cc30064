import { checkId } from '../cloudsync/inputs';
import type { UpstreamAccount } from '../cloudsync/types';
import { builder } from './builder';

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
    resolve: async (_root, args, ctx) => {
      const id = checkId('id', args.id);
      return (await ctx.loaders().accounts()).find((account) => account.id === id) ?? null;
    },
  }),
}));
