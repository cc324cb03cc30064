import { checkExportName, checkFolderPath, checkHost, checkNfsVersion } from '../cloudsync/inputs';
import { type ListingOperationSpec, listOperation } from '../cloudsync/list-operations';
import { parseNfsExports, parseNfsFolders } from '../cloudsync/parse';
import type { NfsFolder } from '../cloudsync/types';
import { builder, LISTING_COST } from './builder';
import { DataBrokerRef } from './data-brokers';
import {
  awaitGroupListing,
  awaitListing,
  type BrokerScope,
  DEFAULT_TIMEOUT_SECONDS,
  type GroupScope,
  type ListingEvent,
  type ListingSpec,
  listingFields,
  listingStream,
  scopeArgs,
} from './listing-events';
import { ListingItemRef } from './listing-items';

/** An export listed through a broker (broker family) or through a group (group family). */
export type NfsExportModel = (BrokerScope | (GroupScope & { dataBrokerId: null })) & {
  path: string;
  host: string;
};

const GROUP_NFS_FOLDERS = listOperation('list-nfs-export-folders') as ListingOperationSpec & {
  result: 'nfsFolders';
};

const NFS_EXPORTS: ListingSpec<{ path: string }> = {
  operation: 'list-nfs-exports',
  parse: parseNfsExports,
};
const NFS_FOLDERS: ListingSpec<NfsFolder> = {
  operation: 'list-nfs-export-folders',
  parse: parseNfsFolders,
};

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

export const withScope = (
  scope: BrokerScope | (GroupScope & { dataBrokerId: null }),
  host: string,
  items: { path: string }[],
): NfsExportModel[] => items.map((item) => ({ ...scope, host, path: item.path }));

export const NfsFolderRef = builder.objectRef<NfsFolder>('NfsFolder').implement({
  interfaces: [ListingItemRef],
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path', { description: 'Relative to the export.' }),
  }),
});

export const NfsExportRef = builder.objectRef<NfsExportModel>('NfsExport').implement({
  interfaces: [ListingItemRef],
  fields: (t) => ({
    path: t.exposeString('path'),
    folders: t.field({
      type: [NfsFolderRef],
      complexity: LISTING_COST,
      description: 'Lists the folders of this export (a list-nfs-export-folders call).',
      args: {
        path: t.arg.string({ description: 'A folder below the export, relative to it.' }),
        timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
      },
      resolve: (nfsExport, args, ctx) => {
        const params = folderParams({
          host: nfsExport.host,
          exportName: nfsExport.path,
          path: args.path,
        });
        // The family of its parent: an export listed through a group lists its folders so too.
        return nfsExport.dataBrokerId === null
          ? awaitGroupListing(ctx, nfsExport, GROUP_NFS_FOLDERS, params, {}, args.timeoutSeconds)
          : awaitListing(ctx, nfsExport, NFS_FOLDERS, params, args.timeoutSeconds);
      },
    }),
  }),
});

builder.objectFields(DataBrokerRef, (t) => ({
  nfsExports: t.field({
    type: [NfsExportRef],
    complexity: LISTING_COST,
    description: 'Lists the exports of an NFS server as this broker sees it.',
    args: {
      host: t.arg.string({ required: true }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    resolve: async (broker, args, ctx) => {
      const scope = {
        accountId: broker.accountId,
        dataBrokerId: broker.id,
        groupId: broker.groupId,
      };
      const items = await awaitListing(
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
    complexity: LISTING_COST,
    description: 'Lists the folders of an NFS export (or of a folder below it, with `path`).',
    args: {
      host: t.arg.string({ required: true }),
      exportName: t.arg.string({ required: true }),
      path: t.arg.string(),
      version: t.arg.string({ description: 'NFS version: 3, 4.0, 4.1 or 4.2.' }),
      timeoutSeconds: t.arg.int({ defaultValue: DEFAULT_TIMEOUT_SECONDS }),
    },
    resolve: (broker, args, ctx) =>
      awaitListing(
        ctx,
        { accountId: broker.accountId, dataBrokerId: broker.id, groupId: broker.groupId },
        NFS_FOLDERS,
        folderParams(args),
        args.timeoutSeconds,
      ),
  }),
}));

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

builder.subscriptionFields((t) => ({
  nfsExportListing: t.field({
    type: NfsExportListingRef,
    complexity: LISTING_COST,
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
          await awaitListing(ctx, scope, NFS_EXPORTS, params, args.timeoutSeconds, signal),
        ),
      );
    },
    resolve: (event) => event,
  }),
  nfsExportFolderListing: t.field({
    type: NfsFolderListingRef,
    complexity: LISTING_COST,
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
        awaitListing(ctx, scope, NFS_FOLDERS, params, args.timeoutSeconds, signal),
      );
    },
    resolve: (event) => event,
  }),
}));
