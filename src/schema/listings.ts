import { checkId } from '../cloudsync/client';
import { checkExportName, checkFolderPath, checkHost, checkNfsVersion } from '../cloudsync/inputs';
import {
  type ListingResult,
  parseNfsExports,
  parseNfsFolders,
  parseS3Buckets,
} from '../cloudsync/parse';
import type { ListingOperation, NfsFolder, S3Bucket } from '../cloudsync/types';
import { MAX_LISTING_TIMEOUT_SECONDS } from '../config';
import type { GatewayContext } from '../context';
import { badInput, GatewayError, isGatewayError } from '../errors';
import { openStream } from '../feed/streams';
import { builder } from './builder';
import { DataBrokerRef } from './data-brokers';

/** Where a listing runs, and for whom: carried by every listing result down to nested listings. */
interface BrokerScope {
  accountId: string;
  dataBrokerId: string;
}

type NfsExportModel = BrokerScope & { path: string; host: string };

interface ListingSpec<T> {
  operation: ListingOperation;
  parse: (payload: unknown) => ListingResult<T>;
}

const S3_BUCKETS: ListingSpec<S3Bucket> = { operation: 'list-s3-buckets', parse: parseS3Buckets };
const NFS_EXPORTS: ListingSpec<{ path: string }> = {
  operation: 'list-nfs-exports',
  parse: parseNfsExports,
};
const NFS_FOLDERS: ListingSpec<NfsFolder> = {
  operation: 'list-nfs-export-folders',
  parse: parseNfsFolders,
};

export const DEFAULT_TIMEOUT_SECONDS = 30;

const MAX_TIMEOUT_SECONDS = MAX_LISTING_TIMEOUT_SECONDS;

/** 1 to 120 (the contract), then shortened to the configured longest listing timeout. */
function timeoutMs(ctx: GatewayContext, seconds: number | null | undefined): number {
  const value = seconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_SECONDS) {
    throw badInput(`timeoutSeconds must be from 1 to ${MAX_TIMEOUT_SECONDS}`);
  }
  return Math.min(value, ctx.listings.maxTimeoutSeconds) * 1000;
}

/** Starts a listing and waits for its answer: the items, or LISTING_FAILED / LISTING_TIMEOUT. */
async function list<T>(
  ctx: GatewayContext,
  scope: BrokerScope,
  spec: ListingSpec<T>,
  params: Record<string, string | undefined>,
  timeoutSeconds: number | null | undefined,
  signal?: AbortSignal,
): Promise<T[]> {
  const caller = ctx.requireCaller();
  const payload = await ctx.listings.run(caller, {
    accountId: checkId('accountId', scope.accountId),
    dataBrokerId: checkId('dataBrokerId', scope.dataBrokerId),
    operation: spec.operation,
    params,
    timeoutMs: timeoutMs(ctx, timeoutSeconds),
    signal: signal ?? ctx.signal,
  });
  const result = spec.parse(payload);
  if (!result.ok) {
    throw new GatewayError('LISTING_FAILED', result.message, {
      listingError: { code: result.code, message: result.message },
    });
  }
  return result.items;
}

const exportsParams = (host: string) => ({ host: checkHost(host) });

function folderParams(args: {
  host: string;
  exportName: string;
  path?: string | null;
  version?: string | null;
}) {
  return {
    host: checkHost(args.host),
    exportName: checkExportName(args.exportName),
    path: args.path ? checkFolderPath(args.path) : undefined,
    version: args.version ? checkNfsVersion(args.version) : undefined,
  };
}

const withScope = (scope: BrokerScope, host: string, items: { path: string }[]): NfsExportModel[] =>
  items.map((item) => ({ ...scope, host, path: item.path }));

// ---- Types ----

const TagRef = builder.objectRef<{ key: string; value: string }>('Tag').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

const RegionRef = builder
  .objectRef<{ name: string; displayName: string | null }>('Region')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      displayName: t.exposeString('displayName', { nullable: true }),
    }),
  });

const S3BucketRef = builder.objectRef<S3Bucket>('S3Bucket').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    region: t.field({ type: RegionRef, nullable: true, resolve: (bucket) => bucket.region }),
    tags: t.field({ type: [TagRef], resolve: (bucket) => bucket.tags }),
  }),
});

const NfsFolderRef = builder.objectRef<NfsFolder>('NfsFolder').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path', { description: 'Relative to the export.' }),
  }),
});

const NfsExportRef = builder.objectRef<NfsExportModel>('NfsExport').implement({
  fields: (t) => ({
    path: t.exposeString('path'),
    folders: t.field({
      type: [NfsFolderRef],
      description: 'Lists the folders of this export (a list-nfs-export-folders call).',
      args: {
        path: t.arg.string({ description: 'A folder below the export, relative to it.' }),
        timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
      },
      resolve: (nfsExport, args, ctx) =>
        list(
          ctx,
          nfsExport,
          NFS_FOLDERS,
          folderParams({ host: nfsExport.host, exportName: nfsExport.path, path: args.path }),
          args.timeoutSeconds,
        ),
    }),
  }),
});

builder.objectFields(DataBrokerRef, (t) => ({
  s3Buckets: t.field({
    type: [S3BucketRef],
    description: 'Lists the S3 buckets this broker can reach, waiting for the answer on the feed.',
    args: { timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }) },
    resolve: (broker, args, ctx) =>
      list(
        ctx,
        { accountId: broker.accountId, dataBrokerId: broker.id },
        S3_BUCKETS,
        {},
        args.timeoutSeconds,
      ),
  }),
  nfsExports: t.field({
    type: [NfsExportRef],
    description: 'Lists the exports of an NFS server as this broker sees it.',
    args: {
      host: t.arg.string({ required: true }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    resolve: async (broker, args, ctx) => {
      const scope = { accountId: broker.accountId, dataBrokerId: broker.id };
      const items = await list(
        ctx,
        scope,
        NFS_EXPORTS,
        exportsParams(args.host),
        args.timeoutSeconds,
      );
      return withScope(scope, args.host, items);
    },
  }),
  nfsExportFolders: t.field({
    type: [NfsFolderRef],
    description: 'Lists the folders of an NFS export (or of a folder below it, with `path`).',
    args: {
      host: t.arg.string({ required: true }),
      exportName: t.arg.string({ required: true }),
      path: t.arg.string(),
      version: t.arg.string({ description: 'NFS version: 3, 4.0, 4.1 or 4.2.' }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    resolve: (broker, args, ctx) =>
      list(
        ctx,
        { accountId: broker.accountId, dataBrokerId: broker.id },
        NFS_FOLDERS,
        folderParams(args),
        args.timeoutSeconds,
      ),
  }),
}));

// ---- Subscriptions ----

const ListingStatus = builder.enumType('ListingStatus', {
  values: ['PENDING', 'READY', 'FAILED'] as const,
});

interface ListingErrorModel {
  code: string;
  message: string;
}

const ListingErrorRef = builder.objectRef<ListingErrorModel>('ListingError').implement({
  description:
    'Why a listing failed: the broker\'s own code (e.g. "host_unreachable"), or a contract code ' +
    '(LISTING_TIMEOUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, UPSTREAM_UNAVAILABLE, ...).',
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});

interface ListingEvent<T> {
  status: 'PENDING' | 'READY' | 'FAILED';
  items: T[] | null;
  error: ListingErrorModel | null;
  requestedAt: Date;
  completedAt: Date | null;
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

function listingFields<Shape extends ListingEvent<unknown>>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>,
) {
  return {
    status: t.field({ type: ListingStatus, resolve: (event) => event.status }),
    error: t.field({ type: ListingErrorRef, nullable: true, resolve: (event) => event.error }),
    requestedAt: t.field({ type: 'DateTime', resolve: (event) => event.requestedAt }),
    completedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (event) => event.completedAt,
    }),
  };
}

const S3BucketListingRef = builder.objectRef<ListingEvent<S3Bucket>>('S3BucketListing').implement({
  fields: (t) => ({
    ...listingFields(t),
    buckets: t.field({ type: [S3BucketRef], nullable: true, resolve: (event) => event.items }),
  }),
});

const NfsExportListingRef = builder
  .objectRef<ListingEvent<NfsExportModel>>('NfsExportListing')
  .implement({
    fields: (t) => ({
      ...listingFields(t),
      exports: t.field({ type: [NfsExportRef], nullable: true, resolve: (event) => event.items }),
    }),
  });

const NfsFolderListingRef = builder
  .objectRef<ListingEvent<NfsFolder>>('NfsFolderListing')
  .implement({
    fields: (t) => ({
      ...listingFields(t),
      folders: t.field({ type: [NfsFolderRef], nullable: true, resolve: (event) => event.items }),
    }),
  });

/** A failure as the ListingError of a FAILED event: a contract code, or the broker's own. */
function listingErrorOf(error: unknown): ListingErrorModel {
  if (!isGatewayError(error))
    return { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' };
  const listingError = error.extensions.listingError as ListingErrorModel | undefined;
  return listingError ?? { code: error.code, message: error.message };
}

/**
 * A listing as a stream: PENDING at once, then READY or FAILED, then the end. Once PENDING was
 * sent, every outcome is an event (DESIGN.md, Errors): a refused token, an unknown broker, a
 * forbidden account, a timeout, an upstream failure and a shutdown are all FAILED with the
 * contract code in `error.code` (a broker's failure keeps the broker's own code), then complete.
 * A client that leaves (complete, socket close, SSE abort) aborts the wait, and with it the
 * upstream work; nothing more is sent to it.
 */
function listingStream<T>(
  ctx: GatewayContext,
  run: (signal: AbortSignal) => Promise<T[]>,
): AsyncIterable<ListingEvent<T>> {
  return openStream<ListingEvent<T>>(
    ctx,
    async (push, stop, shutdown) => {
      const left = new AbortController();
      stop.then(() => left.abort(new Error('unsubscribed')));
      const requestedAt = new Date();
      const event = { requestedAt, items: null, error: null, completedAt: null };
      await push({ ...event, status: 'PENDING' });
      try {
        const items = await run(AbortSignal.any([left.signal, shutdown]));
        ctx.refreshLoaders();
        await push({ ...event, status: 'READY', items, completedAt: new Date() });
      } catch (error) {
        if (left.signal.aborted) return stop();
        await push({
          ...event,
          status: 'FAILED',
          error: listingErrorOf(shutdown.aborted ? shutdown.reason : error),
          completedAt: new Date(),
        });
      }
      stop();
    },
    undefined,
    'signal',
  );
}

/**
 * A subscription's arguments, checked before its stream starts: a refused listing is a plain error,
 * never a PENDING event followed by one.
 */
function scopeArgs(
  ctx: GatewayContext,
  args: { accountId: string; dataBrokerId: string; timeoutSeconds?: number | null },
): BrokerScope {
  timeoutMs(ctx, args.timeoutSeconds);
  ctx.listings.assertRoom(ctx.requireCaller());
  return {
    accountId: checkId('accountId', args.accountId),
    dataBrokerId: checkId('dataBrokerId', args.dataBrokerId),
  };
}

builder.subscriptionFields((t) => ({
  s3BucketListing: t.field({
    type: S3BucketListingRef,
    description: 'Starts an S3 bucket listing and streams it: PENDING, then READY or FAILED.',
    args: {
      accountId: t.arg.id({ required: true }),
      dataBrokerId: t.arg.id({ required: true }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    subscribe: (_root, args, ctx) => {
      const scope = scopeArgs(ctx, args);
      return listingStream(ctx, (signal) =>
        list(ctx, scope, S3_BUCKETS, {}, args.timeoutSeconds, signal),
      );
    },
    resolve: (event) => event,
  }),
  nfsExportListing: t.field({
    type: NfsExportListingRef,
    description: 'Starts an NFS export listing of `host` and streams it.',
    args: {
      accountId: t.arg.id({ required: true }),
      dataBrokerId: t.arg.id({ required: true }),
      host: t.arg.string({ required: true }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    subscribe: (_root, args, ctx) => {
      const scope = scopeArgs(ctx, args);
      const params = exportsParams(args.host);
      return listingStream(ctx, async (signal) =>
        withScope(
          scope,
          args.host,
          await list(ctx, scope, NFS_EXPORTS, params, args.timeoutSeconds, signal),
        ),
      );
    },
    resolve: (event) => event,
  }),
  nfsExportFolderListing: t.field({
    type: NfsFolderListingRef,
    description: 'Starts a folder listing of an NFS export (or of `path` below it) and streams it.',
    args: {
      accountId: t.arg.id({ required: true }),
      dataBrokerId: t.arg.id({ required: true }),
      host: t.arg.string({ required: true }),
      exportName: t.arg.string({ required: true }),
      path: t.arg.string(),
      version: t.arg.string(),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    subscribe: (_root, args, ctx) => {
      const scope = scopeArgs(ctx, args);
      const params = folderParams(args);
      return listingStream(ctx, (signal) =>
        list(ctx, scope, NFS_FOLDERS, params, args.timeoutSeconds, signal),
      );
    },
    resolve: (event) => event,
  }),
}));
