import DataLoader from 'dataloader';
import { mapEndpoint } from '../cloudsync/endpoint-input';
import { checkId } from '../cloudsync/inputs';
import type { ReportEndpointGroup, UpstreamReport } from '../cloudsync/reports';
import type { GatewayContext } from '../context';
import { badInput, GatewayError } from '../errors';
import { openStream } from '../feed/streams';
import type { Loaders } from '../loaders';
import type { ReportProgressEvent } from '../relationships/reports';
import { AccountRef } from './accounts';
import { builder } from './builder';
import { Checker, checkEndpoint, EndpointInput } from './relationship-create';
import { loadRelationship } from './relationship-loaders';
import { attempt, type UserErrorModel, UserErrorRef } from './relationship-mutations';
import { EndpointRef, inAccount, type RelationshipModel, RelationshipRef } from './relationships';

/**
 * Data-discovery reports (design §3): create one on an endpoint, watch it to DONE with
 * `reportProgress` (the relationship pollers' rules, keyed by token, account and report), read its
 * totals and distributions, delete. Which relationships use a report's endpoint comes from
 * `reports/end-points`, read once per request and account.
 */

type ReportModel = UpstreamReport & { accountId: string };
const inAccountReport = (accountId: string, report: UpstreamReport): ReportModel => ({
  ...report,
  accountId,
});

interface ReportLoaders {
  list: DataLoader<string, UpstreamReport[]>;
  listed: Set<string>;
  byId: DataLoader<string, UpstreamReport | null>;
  endpoints: DataLoader<string, ReportEndpointGroup[]>;
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
const perRequest = new WeakMap<Loaders, ReportLoaders>();

function reportLoaders(ctx: GatewayContext): ReportLoaders {
  const base = ctx.loaders();
  let found = perRequest.get(base);
  if (found) return found;
  const caller = ctx.requireCaller();
  const client = ctx.cloudsync.reports;
  const each = <K, V>(load: (key: K) => Promise<V>) =>
    new DataLoader<K, V>((keys) => Promise.all(keys.map((key) => load(key).catch(asError))));
  found = {
    list: each((accountId: string) => client.listReports(caller, accountId)),
    listed: new Set(),
    byId: each(async (key: string) => {
      const [accountId, id] = JSON.parse(key) as [string, string];
      try {
        return await client.getReport(caller, accountId, id);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    }),
    endpoints: each((accountId: string) => client.reportEndpoints(caller, accountId)),
  };
  perRequest.set(base, found);
  return found;
}

async function loadReport(
  ctx: GatewayContext,
  accountId: string,
  id: string,
): Promise<UpstreamReport | null> {
  const loaders = reportLoaders(ctx);
  if (loaders.listed.has(accountId)) {
    return (await loaders.list.load(accountId)).find((r) => r.id === id) ?? null;
  }
  return loaders.byId.load(JSON.stringify([accountId, id]));
}

function forgetReports(ctx: GatewayContext, accountId: string): void {
  const loaders = reportLoaders(ctx);
  loaders.list.clear(accountId);
  loaders.listed.delete(accountId);
  loaders.byId.clearAll();
  loaders.endpoints.clear(accountId);
}

// ---- Types ----

const ReportStatusEnum = builder.enumType('ReportStatus', {
  description: 'Only DONE is known from real data; an unknown status is UNKNOWN (see statusRaw).',
  values: ['RUNNING', 'DONE', 'FAILED', 'UNKNOWN'] as const,
});

const opt = { nullable: true } as const;

const ReportTotalsRef = builder
  .objectRef<NonNullable<UpstreamReport['totals']>>('ReportTotals')
  .implement({
    fields: (t) => ({
      directories: t.expose('directories', { type: 'SafeInt', ...opt }),
      files: t.expose('files', { type: 'SafeInt', ...opt }),
      others: t.expose('others', { type: 'SafeInt', ...opt }),
      objects: t.expose('objects', { type: 'SafeInt', ...opt }),
      emptyObjects: t.expose('emptyObjects', { type: 'SafeInt', ...opt }),
      size: t.expose('size', { type: 'SafeInt', ...opt, description: 'Bytes.' }),
      failed: t.expose('failed', { type: 'SafeInt', ...opt }),
    }),
  });

const BucketRef = builder.objectRef<{ label: string; count: number }>('Bucket').implement({
  fields: (t) => ({
    label: t.exposeString('label', { description: 'e.g. "0hr-1hr", "1mb-10mb", "STANDARD".' }),
    count: t.expose('count', { type: 'SafeInt' }),
  }),
});

const DistributionsRef = builder
  .objectRef<NonNullable<UpstreamReport['distributions']>>('ReportDistributions')
  .implement({
    fields: (t) => ({
      modifiedTime: t.field({ type: [BucketRef], resolve: (d) => d.modifiedTime }),
      size: t.field({ type: [BucketRef], resolve: (d) => d.size }),
      storageClass: t.field({ type: [BucketRef], resolve: (d) => d.storageClass }),
    }),
  });

const ReportErrorCountRef = builder
  .objectRef<UpstreamReport['errors'][number]>('ReportErrorCount')
  .implement({
    fields: (t) => ({
      errorCode: t.exposeString('errorCode'),
      count: t.exposeInt('count'),
      description: t.exposeString('description', opt),
    }),
  });

export const ReportRef = builder.objectRef<ReportModel>('Report').implement({
  description: 'A data-discovery report of one endpoint: counts, sizes, ages, errors.',
  fields: (t) => ({
    id: t.exposeID('id'),
    endpoint: t.field({ type: EndpointRef, resolve: (r) => r.endpoint }),
    status: t.field({ type: ReportStatusEnum, resolve: (r) => r.status }),
    statusRaw: t.exposeString('statusRaw'),
    startTime: t.expose('startTime', { type: 'DateTime', ...opt }),
    endTime: t.expose('endTime', { type: 'DateTime', ...opt }),
    durationMs: t.exposeFloat('durationMs', opt),
    reason: t.exposeString('reason', { ...opt, description: 'Why it FAILED.' }),
    totals: t.field({ type: ReportTotalsRef, ...opt, resolve: (r) => r.totals }),
    errors: t.field({ type: [ReportErrorCountRef], resolve: (r) => r.errors }),
    distributions: t.field({ type: DistributionsRef, ...opt, resolve: (r) => r.distributions }),
    relationships: t.field({
      type: [RelationshipRef],
      description: "The relationships that use this report's endpoint.",
      resolve: async (r, _args, ctx) => {
        const groups = await reportLoaders(ctx).endpoints.load(r.accountId);
        const ids = new Set(
          groups.filter((g) => g.reportIds.includes(r.id)).flatMap((g) => g.relationshipIds),
        );
        const found = await Promise.all(
          [...ids].map((id) => loadRelationship(ctx, r.accountId, id)),
        );
        return found.flatMap((rel) => (rel ? [inAccount(r.accountId, rel)] : []));
      },
    }),
  }),
});

const ReportEdgeRef = builder
  .objectRef<{ cursor: string; node: ReportModel }>('ReportEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: ReportRef, resolve: (e) => e.node }),
    }),
  });

interface ReportConnectionModel {
  edges: { cursor: string; node: ReportModel }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

const ReportPageInfoRef = builder.objectRef<ReportConnectionModel>('ReportPageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.string({ ...opt, resolve: (c) => c.edges[0]?.cursor ?? null }),
    endCursor: t.string({ ...opt, resolve: (c) => c.edges.at(-1)?.cursor ?? null }),
  }),
});

const ReportConnectionRef = builder.objectRef<ReportConnectionModel>('ReportConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ReportEdgeRef], resolve: (c) => c.edges }),
    nodes: t.field({ type: [ReportRef], resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: ReportPageInfoRef, resolve: (c) => c }),
    totalCount: t.exposeInt('totalCount'),
  }),
});

const cursorOf = (id: string) => Buffer.from(JSON.stringify({ id })).toString('base64url');
function idOfCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') {
      return parsed.id;
    }
  } catch {
    // answered below
  }
  throw badInput('after is not a cursor of this connection');
}

/** Newest first (start time, then id), so a page boundary survives a report created meanwhile. */
function reportConnection(
  accountId: string,
  all: UpstreamReport[],
  first: number,
  after: string | null,
): ReportConnectionModel {
  const sorted = [...all].sort(
    (a, b) =>
      (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0) ||
      (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  let start = 0;
  if (after !== null) {
    const id = idOfCursor(after);
    const index = sorted.findIndex((r) => r.id === id);
    start = index < 0 ? sorted.length : index + 1;
  }
  const page = sorted.slice(start, start + first);
  return {
    edges: page.map((r) => ({ cursor: cursorOf(r.id), node: inAccountReport(accountId, r) })),
    hasNextPage: start + first < sorted.length,
    hasPreviousPage: start > 0,
    totalCount: sorted.length,
  };
}

// ---- Fields ----

builder.objectFields(AccountRef, (t) => ({
  reports: t.field({
    type: ReportConnectionRef,
    description:
      "The account's data-discovery reports, newest first (one upstream call per account and " +
      'request). Default page 50, at most 500.',
    args: { first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    resolve: async (account, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 0 || first > 500) throw badInput('first must be from 0 to 500');
      const loaders = reportLoaders(ctx);
      loaders.listed.add(account.id);
      const all = await loaders.list.load(account.id);
      return reportConnection(account.id, all, first, args.after ?? null);
    },
  }),
  report: t.field({
    type: ReportRef,
    nullable: true,
    description: 'One report, or null when there is none with that id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (account, args, ctx) => {
      const report = await loadReport(ctx, account.id, checkId('id', args.id));
      return report ? inAccountReport(account.id, report) : null;
    },
  }),
}));

builder.objectFields(RelationshipRef, (t) => ({
  reports: t.field({
    type: [ReportRef],
    description: "Reports of this relationship's endpoints (from reports/end-points).",
    resolve: async (rel: RelationshipModel, _args, ctx) => {
      const groups = await reportLoaders(ctx).endpoints.load(rel.accountId);
      const ids = new Set(
        groups.filter((g) => g.relationshipIds.includes(rel.id)).flatMap((g) => g.reportIds),
      );
      const found = await Promise.all([...ids].map((id) => loadReport(ctx, rel.accountId, id)));
      return found.flatMap((r) => (r ? [inAccountReport(rel.accountId, r)] : []));
    },
  }),
}));

interface ReportPayloadModel {
  report: ReportModel | null;
  userErrors: UserErrorModel[];
}

const ReportPayloadRef = builder.objectRef<ReportPayloadModel>('ReportPayload').implement({
  fields: (t) => ({
    report: t.field({ type: ReportRef, nullable: true, resolve: (p) => p.report }),
    userErrors: t.field({ type: [UserErrorRef], resolve: (p) => p.userErrors }),
  }),
});

const DeleteReportsPayloadRef = builder
  .objectRef<{ deletedIds: string[]; userErrors: UserErrorModel[] }>('DeleteReportsPayload')
  .implement({
    fields: (t) => ({
      deletedIds: t.exposeIDList('deletedIds'),
      userErrors: t.field({ type: [UserErrorRef], resolve: (p) => p.userErrors }),
    }),
  });

const MAX_DELETE_IDS = 500;

builder.mutationFields((t) => ({
  createReport: t.field({
    type: ReportPayloadRef,
    description:
      'Starts a data-discovery report of an endpoint (RUNNING at first): watch it with ' +
      '`reportProgress`. Checks of the input are `userErrors` with `field` ["endpoint", …].',
    args: {
      accountId: t.arg.id({ required: true }),
      endpoint: t.arg({ type: EndpointInput, required: true }),
    },
    resolve: async (_root, args, ctx): Promise<ReportPayloadModel> => {
      const accountId = checkId('accountId', args.accountId);
      const caller = ctx.requireCaller();
      const check = new Checker();
      checkEndpoint(check, ['endpoint'], args.endpoint);
      if (check.errors.length > 0) return { report: null, userErrors: check.errors };
      const created: { report: UpstreamReport | null } = { report: null };
      const userErrors = await attempt(async () => {
        created.report = await ctx.cloudsync.reports.createReport(
          caller,
          accountId,
          mapEndpoint(args.endpoint),
        );
      });
      forgetReports(ctx, accountId);
      return {
        report: created.report ? inAccountReport(accountId, created.report) : null,
        userErrors,
      };
    },
  }),
  deleteReports: t.field({
    type: DeleteReportsPayloadRef,
    description:
      'Deletes the reports named, in one upstream call. Ids the account does not have are ' +
      'NOT_FOUND userErrors (field ["ids", index]); the others are deleted.',
    args: { accountId: t.arg.id({ required: true }), ids: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const accountId = checkId('accountId', args.accountId);
      const caller = ctx.requireCaller();
      if (args.ids.length > MAX_DELETE_IDS) {
        throw badInput(`ids may name at most ${MAX_DELETE_IDS} reports`);
      }
      const ids = [...new Set(args.ids.map((id) => checkId('ids', id)))];
      const loaders = reportLoaders(ctx);
      const existing = new Set((await loaders.list.load(accountId)).map((r) => r.id));
      const known = ids.filter((id) => existing.has(id));
      const userErrors: UserErrorModel[] = args.ids.flatMap((id, index) =>
        existing.has(id)
          ? []
          : [
              {
                code: 'NOT_FOUND' as const,
                message: `There is no report with id ${id}`,
                field: ['ids', String(index)],
              },
            ],
      );
      if (known.length === 0) return { deletedIds: [], userErrors };
      const failed = await attempt(() =>
        ctx.cloudsync.reports.deleteReports(caller, accountId, known),
      );
      forgetReports(ctx, accountId);
      if (failed.length > 0) return { deletedIds: [], userErrors: [...userErrors, ...failed] };
      return { deletedIds: known, userErrors };
    },
  }),
}));

// ---- Live ----

interface ReportProgressModel {
  report: ReportModel;
  final: boolean;
  observedAt: Date;
}

const ReportProgressRef = builder.objectRef<ReportProgressModel>('ReportProgress').implement({
  fields: (t) => ({
    report: t.field({ type: ReportRef, resolve: (e) => e.report }),
    final: t.exposeBoolean('final', {
      description: 'The report ended (DONE or FAILED): the stream completes after this.',
    }),
    observedAt: t.expose('observedAt', { type: 'DateTime' }),
  }),
});

builder.subscriptionFields((t) => ({
  reportProgress: t.field({
    type: ReportProgressRef,
    description:
      'One report until it ends (DONE or FAILED), then completes: the current state first, then ' +
      'every change. One upstream GET per interval per token and report, however many watch.',
    args: { accountId: t.arg.id({ required: true }), id: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => {
      const caller = ctx.requireCaller();
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      return openStream<ReportProgressModel>(ctx, (push, stop) => {
        let source: AsyncIterableIterator<ReportProgressEvent>;
        try {
          source = ctx.relationships.reports.watch({ caller, accountId, id });
        } catch (error) {
          stop(error);
          return;
        }
        return (async () => {
          void stop.then(() => source.return?.());
          try {
            for await (const event of source) {
              await push({
                report: inAccountReport(accountId, event.report),
                final: event.final,
                observedAt: event.observedAt,
              });
            }
            stop();
          } catch (error) {
            stop(error);
          }
        })();
      });
    },
    resolve: (event, _args, ctx) => {
      ctx.refreshLoaders();
      return event;
    },
  }),
}));
