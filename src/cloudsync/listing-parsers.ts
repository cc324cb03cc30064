import type { ListingResultKind } from './list-operations';
import { isObject, text } from './parse';
import type { SecretInput } from './secret-value';
import { redactSecrets } from './secret-value';
import type { NfsExport, NfsFolder, S3Bucket } from './types';

/**
 * Lenient readers of list-* results (design §2.3). Only list-s3-buckets has a documented shape; for
 * the rest these accept every plausible form: a plain string, `{name}`, `Name`, `displayName`,
 * `Key/Value` tags, a single object instead of a list. An item without a name is skipped and
 * counted, never a crash; `raw` keeps whatever the broker sent.
 */

export interface Tag {
  key: string;
  value: string;
}

export interface Region {
  name: string;
  displayName: string | null;
}

/** Buckets, containers, drives. */
export interface StorageContainer {
  name: string;
  id: string | null;
  region: Region | null;
  tags: Tag[];
  raw: unknown;
}

export interface CifsShare {
  name: string;
  raw: unknown;
}

/** Folders of every kind; box and Google Drive folders have ids. */
export interface StorageFolder {
  name: string;
  path: string;
  id: string | null;
  raw: unknown;
}

export interface KmsKey {
  /** The alias when there is one, else the key id (DESIGN Appendix B.3). */
  name: string;
  id: string;
  arn: string | null;
  alias: string | null;
  raw: unknown;
}

export interface S3PrivateLink {
  name: string;
  dnsName: string | null;
  vpcEndpointId: string | null;
  raw: unknown;
}

export interface ListingItemByKind {
  nfsExports: NfsExport;
  nfsFolders: NfsFolder;
  s3Buckets: S3Bucket;
  cifsShares: CifsShare;
  containers: StorageContainer;
  drives: StorageContainer;
  folders: StorageFolder;
  rootFolder: StorageFolder;
  kmsKeys: KmsKey;
  privateLinks: S3PrivateLink;
}

/** The broker's answer: its items (and how many were skipped for want of a name), or its error. */
export type ParsedListing<T> =
  | { ok: true; items: T[]; skipped: number }
  | {
      ok: false;
      /** `invalid_credentials` when the broker refused the credentials; else the broker's code. */
      code: string;
      /** The broker's own code, as sent (bounded to a plain token). */
      brokerCode: string;
      /** The broker's message, every secret of the request replaced with `[secret]`. */
      message: string;
    };

/** What the gateway calls a broker's "wrong credentials" answer, whatever the broker's words. */
export const INVALID_CREDENTIALS = 'invalid_credentials';

const CREDENTIAL_CODE = /credential|auth|logon|login|signature|invalid.?access.?key|password/i;
const CREDENTIAL_MESSAGE =
  /NT_STATUS_LOGON_FAILURE|InvalidAccessKeyId|SignatureDoesNotMatch|AuthenticationFailed|invalid_grant|authentication failed|login failed/i;

function brokerCodeOf(value: unknown): string {
  const code = text(value);
  return code && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : 'unknown_error';
}

/** `{error: {code, message}}` (UP's failure shape), or `{error: "text"}`; null when not an error. */
export function listingError(
  value: unknown,
  secrets: readonly SecretInput[] = [],
): Extract<ParsedListing<never>, { ok: false }> | null {
  if (!isObject(value) || value.error === undefined || value.error === null) return null;
  const error = isObject(value.error) ? value.error : {};
  const brokerCode = brokerCodeOf(error.code);
  const message = redactSecrets(
    (text(error.message) ?? text(value.error) ?? 'The data broker reported an error').slice(
      0,
      1000,
    ),
    secrets,
  );
  const credentials = CREDENTIAL_CODE.test(brokerCode) || CREDENTIAL_MESSAGE.test(message);
  return { ok: false, code: credentials ? INVALID_CREDENTIALS : brokerCode, brokerCode, message };
}

const first = (entry: Record<string, unknown>, keys: readonly string[]): string | null => {
  for (const key of keys) {
    const found = text(entry[key]);
    if (found !== null && found !== '') return found;
  }
  return null;
};

const NAME_KEYS = ['name', 'Name', 'displayName', 'id', 'path', 'key', 'Key'] as const;
const ID_KEYS = ['id', 'folderId', 'driveId', 'KeyId'] as const;

function lastSegment(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? path;
}

function region(value: unknown): Region | null {
  if (isObject(value)) {
    const name = first(value, ['name', 'Name', 'code', 'id']);
    return name ? { name, displayName: first(value, ['displayName', 'DisplayName']) } : null;
  }
  const name = text(value);
  return name ? { name, displayName: null } : null;
}

function tags(value: unknown): Tag[] {
  if (isObject(value)) {
    return Object.entries(value).map(([key, item]) => ({ key, value: text(item) ?? '' }));
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((tag: unknown) => {
    if (!isObject(tag)) return [];
    const key = text(tag.Key ?? tag.key);
    return key === null ? [] : [{ key, value: text(tag.Value ?? tag.value) ?? '' }];
  });
}

type ItemParser<T> = (entry: unknown) => T | null;

function container(entry: unknown): StorageContainer | null {
  if (!isObject(entry)) {
    const name = text(entry);
    return name ? { name, id: null, region: null, tags: [], raw: entry } : null;
  }
  const name = first(entry, NAME_KEYS);
  if (!name) return null;
  return {
    name,
    id: first(entry, ID_KEYS),
    region: region(entry.region ?? entry.Region ?? entry.location),
    tags: tags(entry.tags ?? entry.Tags),
    raw: entry,
  };
}

function folder(entry: unknown): StorageFolder | null {
  if (!isObject(entry)) {
    const path = text(entry);
    return path ? { name: lastSegment(path), path, id: null, raw: entry } : null;
  }
  const name = first(entry, NAME_KEYS);
  const path = first(entry, ['path', 'prefix']) ?? name;
  if (!name || !path) return null;
  return { name, path, id: first(entry, ID_KEYS), raw: entry };
}

function kmsKey(entry: unknown): KmsKey | null {
  if (!isObject(entry)) {
    const id = text(entry);
    return id ? { name: id, id, arn: null, alias: null, raw: entry } : null;
  }
  const id = first(entry, ['KeyId', 'keyId', 'id', 'name', 'Name']);
  if (!id) return null;
  const alias = first(entry, ['AliasName', 'aliasName', 'alias', 'Alias']);
  return {
    name: alias ?? id,
    id,
    arn: first(entry, ['KeyArn', 'keyArn', 'arn', 'Arn']),
    alias,
    raw: entry,
  };
}

function privateLink(entry: unknown): S3PrivateLink | null {
  if (!isObject(entry)) {
    const name = text(entry);
    return name ? { name, dnsName: null, vpcEndpointId: null, raw: entry } : null;
  }
  const vpcEndpointId = first(entry, ['vpcEndpointId', 'VpcEndpointId', 'id']);
  const dnsEntries = Array.isArray(entry.DnsEntries) ? entry.DnsEntries : [];
  const dnsName =
    first(entry, ['dnsName', 'DnsName', 'dns']) ??
    (isObject(dnsEntries[0]) ? first(dnsEntries[0], ['DnsName', 'dnsName']) : null);
  const name = first(entry, NAME_KEYS) ?? vpcEndpointId ?? dnsName;
  return name ? { name, dnsName, vpcEndpointId, raw: entry } : null;
}

function cifsShare(entry: unknown): CifsShare | null {
  const named = container(entry);
  return named ? { name: named.name, raw: entry } : null;
}

function nfsExport(entry: unknown): NfsExport | null {
  const path = isObject(entry) ? first(entry, ['path', 'name', 'Name']) : text(entry);
  return path ? { path } : null;
}

function nfsFolder(entry: unknown): NfsFolder | null {
  const found = folder(entry);
  return found ? { name: found.name, path: found.path } : null;
}

function s3Bucket(entry: unknown): S3Bucket | null {
  const found = container(entry);
  return found ? { name: found.name, region: found.region, tags: found.tags } : null;
}

const PARSERS: { [K in ListingResultKind]: ItemParser<ListingItemByKind[K]> } = {
  nfsExports: nfsExport,
  nfsFolders: nfsFolder,
  s3Buckets: s3Bucket,
  cifsShares: cifsShare,
  containers: container,
  drives: container,
  folders: folder,
  rootFolder: folder,
  kmsKeys: kmsKey,
  privateLinks: privateLink,
};

/**
 * Reads one listing result (the feed payload's value, or a 200's body) with the parser of its kind.
 * `secrets`: the request's secret values, redacted from a broker error's message.
 */
export function parseListing<K extends ListingResultKind>(
  kind: K,
  value: unknown,
  secrets: readonly SecretInput[] = [],
): ParsedListing<ListingItemByKind[K]> {
  const failure = listingError(value, secrets);
  if (failure) return failure;
  const parse = PARSERS[kind] as ItemParser<ListingItemByKind[K]>;
  // A single object (the box root folder, the SFTP root) is a list of one.
  const entries = Array.isArray(value)
    ? value
    : isObject(value) || (typeof value === 'string' && value !== '')
      ? [value]
      : null;
  if (entries === null) {
    return {
      ok: false,
      code: 'malformed_result',
      brokerCode: 'malformed_result',
      message: 'The data broker sent an unreadable result',
    };
  }
  const items: ListingItemByKind[K][] = [];
  let skipped = 0;
  for (const entry of entries) {
    const parsed = parse(entry);
    if (parsed === null) skipped++;
    else items.push(parsed);
  }
  return { ok: true, items, skipped };
}
