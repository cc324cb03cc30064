import type { ListingFailure, SeedBucket } from './model';
import type { Store } from './store';

/** What a broker answers to each listing operation, computed from the store. */

/** A list-* operation name (the table is listing-operations.ts). */
export type ListingOperation = string;

export interface WireNfsFolder {
  name: string;
  path: string;
}

export function listingFailure(code: string, message: string): ListingFailure {
  return { error: { code, message } };
}

function unreachable(host: string): ListingFailure {
  return listingFailure('host_unreachable', `mount: ${host}: connection timed out`);
}

function trimSlashes(path: string): string {
  return path.split('/').filter(Boolean).join('/');
}

export function s3Buckets(store: Store, accountId: string): SeedBucket[] {
  return store.buckets(accountId);
}

export function nfsExports(store: Store, host: string): { path: string }[] | ListingFailure {
  const server = store.nfsServer(host);
  if (!server) return unreachable(host);
  return server.exports.map((item) => ({ path: item.path }));
}

/** The folders directly under path (relative to the export; root when absent). */
export function nfsExportFolders(
  store: Store,
  host: string,
  exportName: string,
  path: string | undefined,
): WireNfsFolder[] | ListingFailure {
  const server = store.nfsServer(host);
  if (!server) return unreachable(host);
  const exportPath = `/${trimSlashes(exportName)}`;
  const found = server.exports.find((item) => item.path === exportPath);
  if (!found) {
    return listingFailure(
      'path_not_found',
      `mount: ${host}:${exportPath}: No such file or directory`,
    );
  }
  const base = trimSlashes(path ?? '');
  if (base !== '' && !found.folders.includes(base)) {
    return listingFailure('path_not_found', `${exportPath}/${base}: No such file or directory`);
  }
  const prefix = base === '' ? '' : `${base}/`;
  return found.folders
    .filter((folder) => folder.startsWith(prefix) && !folder.slice(prefix.length).includes('/'))
    .map((folder) => ({ name: folder.slice(prefix.length), path: folder }));
}
