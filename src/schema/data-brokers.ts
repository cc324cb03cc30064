import { checkBrokerName, checkId } from '../cloudsync/inputs';
import type { UpstreamDataBroker, UpstreamGroup } from '../cloudsync/types';
import { AccountRef } from './accounts';
import { builder } from './builder';
import { selects } from './lookahead';

export type DataBrokerModel = UpstreamDataBroker & { accountId: string };
type GroupModel = UpstreamGroup & { accountId: string };

export const DataBrokerTypeEnum = builder.enumType('DataBrokerType', {
  values: ['AWS', 'AZURE', 'GCP', 'ONPREM'] as const,
});

const DataBrokerStatusEnum = builder.enumType('DataBrokerStatus', {
  values: {
    COMPLETE: { description: 'Online.' },
    FAILED: { description: 'Not online; `statusMessage` says why.' },
    PENDING: { description: 'Has never contacted the service yet.' },
    UNKNOWN: { description: 'A status this gateway does not know.' },
  } as const,
});

export const DataBrokerRef = builder.objectRef<DataBrokerModel>('DataBroker');
export const DataBrokerGroupRef = builder.objectRef<GroupModel>('DataBrokerGroup');

const inAccount = <T>(accountId: string, items: T[]) =>
  items.map((item) => ({ ...item, accountId }));

DataBrokerRef.implement({
  description: 'A data broker: the agent that moves data, and answers listings.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    type: t.field({ type: DataBrokerTypeEnum, resolve: (broker) => broker.type }),
    status: t.field({ type: DataBrokerStatusEnum, resolve: (broker) => broker.status }),
    statusMessage: t.exposeString('statusMessage', { nullable: true }),
    transferRate: t.exposeFloat('transferRate', { nullable: true }),
    lastPing: t.expose('lastPing', { type: 'DateTime', nullable: true }),
    latestVersion: t.exposeString('latestVersion', { nullable: true }),
    fileLink: t.exposeString('fileLink', { nullable: true }),
    account: t.field({
      type: AccountRef,
      resolve: async (broker, _args, ctx) => {
        const accounts = await ctx.loaders().accounts();
        return (
          accounts.find((a) => a.id === broker.accountId) ?? {
            id: broker.accountId,
            name: broker.accountId,
          }
        );
      },
    }),
    group: t.field({
      type: DataBrokerGroupRef,
      nullable: true,
      resolve: async (broker, _args, ctx) => {
        if (!broker.groupId) return null;
        const groups = await ctx.loaders().groups.load(broker.accountId);
        const group = groups.find((g) => g.id === broker.groupId);
        return group ? { ...group, accountId: broker.accountId } : null;
      },
    }),
  }),
});

DataBrokerGroupRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    dataBrokers: t.field({
      type: [DataBrokerRef],
      resolve: (group) => inAccount(group.accountId, group.dataBrokers),
    }),
  }),
});

builder.objectFields(AccountRef, (t) => ({
  dataBrokers: t.field({
    type: [DataBrokerRef],
    resolve: async (account, _args, ctx, info) => {
      // The groups are needed next: ask for them now so that both calls go out in one round.
      if (selects(info, 'group'))
        ctx
          .loaders()
          .groups.load(account.id)
          .catch(() => {});
      return inAccount(account.id, await ctx.loaders().dataBrokers.load(account.id));
    },
  }),
  dataBroker: t.field({
    type: DataBrokerRef,
    nullable: true,
    description:
      'One data broker of this account, or null when there is none with that id. A malformed id ' +
      'is BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (account, args, ctx) => {
      const id = checkId('id', args.id);
      const brokers = await ctx.loaders().dataBrokers.load(account.id);
      const broker = brokers.find((b) => b.id === id);
      return broker ? { ...broker, accountId: account.id } : null;
    },
  }),
  dataBrokerGroup: t.field({
    type: DataBrokerGroupRef,
    nullable: true,
    description:
      'One data broker group of this account (where its listings run), or null when there is ' +
      'none with that id. A malformed id is BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (account, args, ctx) => {
      const id = checkId('id', args.id);
      const groups = await ctx.loaders().groups.load(account.id);
      const group = groups.find((g) => g.id === id);
      return group ? { ...group, accountId: account.id } : null;
    },
  }),
  dataBrokerGroups: t.field({
    type: [DataBrokerGroupRef],
    resolve: async (account, _args, ctx) =>
      inAccount(account.id, await ctx.loaders().groups.load(account.id)),
  }),
}));

const CreateDataBrokerInput = builder.inputType('CreateDataBrokerInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.field({ type: DataBrokerTypeEnum, required: true }),
    groupId: t.id(),
  }),
});

const CreateDataBrokerPayload = builder
  .objectRef<{ dataBroker: DataBrokerModel; fileLink: string | null; template: unknown }>(
    'CreateDataBrokerPayload',
  )
  .implement({
    fields: (t) => ({
      dataBroker: t.field({ type: DataBrokerRef, resolve: (p) => p.dataBroker }),
      fileLink: t.exposeString('fileLink', { nullable: true }),
      template: t.expose('template', { type: 'JSON', nullable: true }),
    }),
  });

const DeleteDataBrokerPayload = builder
  .objectRef<{ id: string }>('DeleteDataBrokerPayload')
  .implement({ fields: (t) => ({ id: t.exposeID('id') }) });

builder.mutationFields((t) => ({
  createDataBroker: t.field({
    type: CreateDataBrokerPayload,
    args: {
      accountId: t.arg.id({ required: true }),
      input: t.arg({ type: CreateDataBrokerInput, required: true }),
    },
    resolve: async (_root, { accountId, input }, ctx) => {
      const name = checkBrokerName(input.name);
      const created = await ctx.cloudsync.createDataBroker(ctx.requireCaller(), accountId, {
        name,
        type: input.type,
        groupId: input.groupId ?? null,
      });
      return {
        dataBroker: {
          id: created.id,
          name: created.name,
          type: created.type,
          status: 'PENDING' as const,
          statusMessage: null,
          groupId: created.groupId,
          fileLink: created.fileLink,
          transferRate: null,
          lastPing: null,
          latestVersion: created.latestVersion,
          accountId,
        },
        fileLink: created.fileLink,
        template: created.template,
      };
    },
  }),
  deleteDataBroker: t.field({
    type: DeleteDataBrokerPayload,
    args: { accountId: t.arg.id({ required: true }), id: t.arg.id({ required: true }) },
    resolve: async (_root, { accountId, id }, ctx) => {
      await ctx.cloudsync.deleteDataBroker(ctx.requireCaller(), accountId, id);
      return { id };
    },
  }),
}));
