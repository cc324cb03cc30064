import { listingFailure, nfsExportFolders, nfsExports, s3Buckets } from './listing-results';
import type { ListingFailure } from './model';
import type { StorageWorld, WorldBucket, WorldFolderNode } from './storage-world';
import type { Store } from './store';

/**
 * The simulator's table of the 29 list-* operations (the OpenAPI's parameters and headers, written
 * independently of the gateway's registry so that each checks the other), with what a broker
 * answers to each. Credentials are checked here: wrong ones are an `invalid_credentials` broker
 * error on the feed, never an HTTP error, and no message ever carries a credential.
 */

export interface ListingCall {
  store: Store;
  world: StorageWorld;
  accountId: string;
  query: Record<string, string>;
  /** The request's headers, lower-case names. */
  header(name: string): string | undefined;
}

export type QueryType = 'string' | 'port' | 'boolean' | 'nfsVersion' | 'cifsVersion';

export interface SimQueryParam {
  name: string;
  required: boolean;
  type: QueryType;
}

export interface SimListingOperation {
  name: string;
  /** B: also `/api/data-brokers/:id/<op>`; BA: also `/api/accounts/:accountId/data-brokers/:id/<op>`; G: group only. */
  family: 'B' | 'BA' | 'G';
  query: SimQueryParam[];
  /** Header names; `*` marks the required ones. */
  headers: { name: string; required: boolean }[];
  result(call: ListingCall): unknown;
}

export const NFS_VERSIONS = ['3', '4.0', '4.1', '4.2'];
export const CIFS_VERSIONS = ['1.0', '2.0', '2.1', '3.0', '3.11'];

const trim = (path: string | undefined): string =>
  (path ?? '').split('/').filter(Boolean).join('/');

function pathNotFound(where: string): ListingFailure {
  return listingFailure('path_not_found', `${where}: No such file or directory`);
}

function unreachable(host: string, port?: string): ListingFailure {
  return listingFailure(
    'host_unreachable',
    `connect ETIMEDOUT ${host}${port === undefined ? '' : `:${port}`}`,
  );
}

function badCredentials(message: string): ListingFailure {
  return listingFailure('invalid_credentials', message);
}

/** The folders directly under `base` of a flat folder list: `[{name, path}]`, or path_not_found. */
function childFolders(
  folders: readonly string[],
  base: string | undefined,
  where: string,
): { name: string; path: string }[] | ListingFailure {
  const start = trim(base);
  if (start !== '' && !folders.includes(start)) return pathNotFound(`${where}/${start}`);
  const prefix = start === '' ? '' : `${start}/`;
  return folders
    .filter((folder) => folder.startsWith(prefix) && !folder.slice(prefix.length).includes('/'))
    .map((folder) => ({ name: folder.slice(prefix.length), path: folder }));
}

function bucketFolders(
  buckets: readonly WorldBucket[],
  name: string | undefined,
  base: string | undefined,
): unknown {
  const bucket = buckets.find((item) => item.name === name);
  if (!bucket)
    return listingFailure('bucket_not_found', `The specified bucket does not exist: ${name}`);
  return childFolders(bucket.folders, base, bucket.name);
}

const containers = (buckets: readonly WorldBucket[]) =>
  buckets.map((bucket) =>
    bucket.region ? { name: bucket.name, region: bucket.region } : { name: bucket.name },
  );

/** An S3-compatible endpoint (sgws, ibm, ontap) after its host, port and keys are checked. */
function s3Endpoint(
  call: ListingCall,
  kind: 'sgws' | 'ibm' | 'ontap',
  then: (buckets: WorldBucket[]) => unknown,
) {
  const host = call.query.host ?? '';
  const port = call.query.port;
  const endpoint = call.world.s3Endpoints.find(
    (item) =>
      item.kind === kind &&
      item.host.toLowerCase() === host.toLowerCase() &&
      (port === undefined || Number(port) === item.port),
  );
  if (!endpoint) return unreachable(host, port);
  if (
    call.header('access-key') !== endpoint.accessKey ||
    call.header('secret-key') !== endpoint.secretKey
  ) {
    return badCredentials(
      'InvalidAccessKeyId: The access key ID or the signature of the request does not match the records of the server',
    );
  }
  return then(endpoint.buckets);
}

function alibaba(call: ListingCall, then: (buckets: WorldBucket[]) => unknown) {
  const { alibaba: world } = call.world;
  if (
    call.header('access-key') !== world.accessKey ||
    call.header('secret-key') !== world.secretKey
  ) {
    return badCredentials(
      'InvalidAccessKeyId: The OSS Access Key Id you provided does not exist in our records',
    );
  }
  return then(world.buckets);
}

function azure(call: ListingCall, lake: boolean, then: (buckets: WorldBucket[]) => unknown) {
  const name = call.query.storageAccountName ?? '';
  const account = call.world.azureAccounts.find((item) => item.name === name);
  if (!account) {
    return listingFailure(
      'storage_account_not_found',
      `getaddrinfo ENOTFOUND ${name}.blob.core.windows.net`,
    );
  }
  if (call.header('storage-account-connection-string') !== account.connectionString) {
    return badCredentials(
      'AuthenticationFailed: Server failed to authenticate the request. Make sure the connection string is correct',
    );
  }
  return then(lake ? account.dataLakeContainers : account.blobContainers);
}

function cifs(call: ListingCall, then: (shares: WorldBucket[]) => unknown) {
  const host = call.query.host ?? '';
  const server = call.world.cifsServers.find(
    (item) => item.host.toLowerCase() === host.toLowerCase(),
  );
  if (!server) return unreachable(host, '445');
  const domain = call.header('domain');
  const domainOk =
    server.domain === null || domain === undefined || domain.toUpperCase() === server.domain;
  if (
    call.header('username') !== server.username ||
    call.header('password') !== server.password ||
    !domainOk
  ) {
    return badCredentials(
      `NT_STATUS_LOGON_FAILURE: ${server.host} refused the user name or password`,
    );
  }
  return then(server.shares);
}

function sftp(call: ListingCall, then: (server: StorageWorld['sftpServers'][number]) => unknown) {
  const host = call.query.host ?? '';
  const port = call.query.port ?? '';
  const server = call.world.sftpServers.find(
    (item) => item.host.toLowerCase() === host.toLowerCase() && String(item.port) === port,
  );
  if (!server) return unreachable(host, port);
  if (call.header('username') !== server.username || call.header('password') !== server.password) {
    return badCredentials(`All configured authentication methods failed for ${server.host}`);
  }
  return then(server);
}

/** PEM keys travel with `\n` escapes [assumed]: a header with none is a key the broker cannot read. */
const escapedKey = (key: string): string => key.trim().replace(/\n/g, '\\n');

function google(call: ListingCall, then: (drives: StorageWorld['google']['drives']) => unknown) {
  const account = call.world.google.accounts.find(
    (item) => item.clientEmail === call.header('client-email'),
  );
  if (!account || call.header('private-key') !== escapedKey(account.privateKey)) {
    return badCredentials('invalid_grant: Invalid JWT Signature or unknown service account');
  }
  if (!account.subjects.includes(call.header('subject') ?? '')) {
    return badCredentials('unauthorized_client: Client is unauthorized to impersonate the subject');
  }
  return then(call.world.google.drives);
}

function box(call: ListingCall, then: (world: StorageWorld['box']) => unknown) {
  const app = call.world.box.apps.find(
    (item) =>
      item.clientId === call.query.clientId && item.enterpriseId === call.query.enterpriseId,
  );
  const ok =
    app !== undefined &&
    call.header('client-secret') === app.clientSecret &&
    call.header('public-key-id') === app.publicKeyId &&
    call.header('private-key') === escapedKey(app.privateKey) &&
    call.header('passphrase') === app.passphrase;
  if (!ok)
    return badCredentials(
      'invalid_grant: Please check the JWT app credentials and the enterprise id',
    );
  return then(call.world.box);
}

/** Folders by parent id: `[{id, name}]`; an unknown parent is path_not_found. */
function childNodes(
  nodes: readonly WorldFolderNode[],
  parent: string | null,
  known: boolean,
): unknown {
  if (!known) return pathNotFound(`folder ${parent}`);
  return nodes
    .filter((node) => node.parent === parent)
    .map((node) => ({ id: node.id, name: node.name }));
}

function awsKeys(call: ListingCall): unknown {
  const bucket = call.store.buckets(call.accountId).find((item) => item.name === call.query.bucket);
  if (!bucket)
    return listingFailure(
      'bucket_not_found',
      `The specified bucket does not exist: ${call.query.bucket}`,
    );
  const keys = call.world.awsKmsKeys;
  return keys[bucket.region.name] ?? keys.default ?? [];
}

type Row = [
  name: string,
  family: SimListingOperation['family'],
  query: string,
  headers: string,
  result: (call: ListingCall) => unknown,
];

const CIFS_HEADERS = 'username* password* domain';
const KEY_HEADERS = 'access-key* secret-key*';
const AZURE_HEADERS = 'storage-account-connection-string*';
const GOOGLE_HEADERS = 'private-key* client-email* subject*';
const BOX_HEADERS = 'client-secret* public-key-id* private-key* passphrase*';

// biome-ignore format: one row per operation reads as a table
const ROWS: Row[] = [
  ['list-nfs-exports', 'B', 'host* isEFS:boolean', '', (c) => nfsExports(c.store, c.query.host ?? '')],
  ['list-nfs-export-folders', 'B', 'host* exportName* isEFS:boolean version:nfsVersion accessPoint path', '',
    (c) => nfsExportFolders(c.store, c.query.host ?? '', c.query.exportName ?? '', c.query.path)],
  ['list-cifs-shares', 'B', 'host* version:cifsVersion', CIFS_HEADERS,
    (c) => cifs(c, (shares) => shares.map((share) => ({ name: share.name })))],
  ['list-cifs-share-folders', 'B', 'host* version:cifsVersion path share*', CIFS_HEADERS,
    (c) => cifs(c, (shares) => bucketFolders(shares, c.query.share, c.query.path))],
  ['list-s3-buckets', 'B', '', '', (c) => s3Buckets(c.store, c.accountId)],
  ['list-s3-bucket-folders', 'B', 'bucket* prefix', '', (c) => {
    const found = c.store.buckets(c.accountId).some((item) => item.name === c.query.bucket);
    return found
      ? childFolders(c.world.s3Folders, c.query.prefix, c.query.bucket ?? '')
      : listingFailure('bucket_not_found', `The specified bucket does not exist: ${c.query.bucket}`);
  }],
  ['list-sgws-buckets', 'B', 'host* port*:port', KEY_HEADERS, (c) => s3Endpoint(c, 'sgws', containers)],
  ['list-sgws-bucket-folders', 'B', 'host* port:port bucket* prefix', KEY_HEADERS,
    (c) => s3Endpoint(c, 'sgws', (b) => bucketFolders(b, c.query.bucket, c.query.prefix))],
  ['list-ibm-buckets', 'B', 'host* port*:port', KEY_HEADERS, (c) => s3Endpoint(c, 'ibm', containers)],
  ['list-ibm-bucket-folders', 'B', 'host* port:port bucket* prefix', KEY_HEADERS,
    (c) => s3Endpoint(c, 'ibm', (b) => bucketFolders(b, c.query.bucket, c.query.prefix))],
  ['list-ontap-s3-buckets', 'B', 'host* port:port', KEY_HEADERS, (c) => s3Endpoint(c, 'ontap', containers)],
  ['list-ontap-s3-bucket-folders', 'B', 'host* port:port bucket* prefix', KEY_HEADERS,
    (c) => s3Endpoint(c, 'ontap', (b) => bucketFolders(b, c.query.bucket, c.query.prefix))],
  ['list-alibaba-buckets', 'B', '', KEY_HEADERS, (c) => alibaba(c, containers)],
  ['list-alibaba-bucket-folders', 'B', 'bucket* prefix', KEY_HEADERS,
    (c) => alibaba(c, (b) => bucketFolders(b, c.query.bucket, c.query.prefix))],
  ['list-azure-blob-storage-containers', 'B', 'storageAccountName*', AZURE_HEADERS, (c) => azure(c, false, containers)],
  ['list-azure-blob-storage-container-folders', 'B', 'storageAccountName* container* prefix', AZURE_HEADERS,
    (c) => azure(c, false, (b) => bucketFolders(b, c.query.container, c.query.prefix))],
  ['list-azure-dataLake-storage-containers', 'G', 'storageAccountName*', AZURE_HEADERS, (c) => azure(c, true, containers)],
  ['list-azure-dataLake-storage-container-folders', 'G', 'storageAccountName* container* path', AZURE_HEADERS,
    (c) => azure(c, true, (b) => bucketFolders(b, c.query.container, c.query.path))],
  ['list-gcp-buckets', 'B', '', '', (c) => containers(c.world.gcpBuckets)],
  ['list-gcp-bucket-folders', 'B', 'bucket* prefix', '', (c) => bucketFolders(c.world.gcpBuckets, c.query.bucket, c.query.prefix)],
  ['list-aws-kms-keys', 'B', 'bucket*', '', awsKeys],
  ['list-gcp-kms-keys', 'G', 'bucket*', '', (c) => {
    const bucket = c.world.gcpBuckets.find((item) => item.name === c.query.bucket);
    return bucket
      ? bucket.kmsKeys.map((name) => ({ name }))
      : listingFailure('bucket_not_found', `The specified bucket does not exist: ${c.query.bucket}`);
  }],
  ['list-s3-private-links', 'BA', 'region*', 'x-bucket-name', (c) => c.world.privateLinks[c.query.region ?? ''] ?? []],
  ['list-sftp-root-directory', 'G', 'host* port*:port', 'username* password*',
    (c) => sftp(c, (server) => ({ name: server.rootDirectory, path: server.rootDirectory }))],
  ['list-sftp-directories', 'G', 'host* port*:port rootDirectory* path', 'username* password*',
    (c) => sftp(c, (server) =>
      trim(c.query.rootDirectory) === trim(server.rootDirectory)
        ? childFolders(server.folders, c.query.path, server.rootDirectory)
        : pathNotFound(c.query.rootDirectory ?? ''))],
  ['list-google-drives', 'G', '', GOOGLE_HEADERS, (c) => google(c, (drives) => drives.map(({ id, name }) => ({ id, name })))],
  ['list-google-drive-folders', 'G', 'driveId* folderId folderName', GOOGLE_HEADERS,
    (c) => google(c, (drives) => {
      const drive = drives.find((item) => item.id === c.query.driveId);
      if (!drive) return listingFailure('drive_not_found', `Shared drive not found: ${c.query.driveId}`);
      const parent = c.query.folderId ?? null;
      return childNodes(drive.folders, parent, parent === null || drive.folders.some((node) => node.id === parent));
    })],
  ['list-box-root-folder', 'G', 'clientId* enterpriseId* appName', BOX_HEADERS, (c) => box(c, (world) => ({ ...world.root }))],
  ['list-box-folders', 'G', 'clientId* enterpriseId* folderId* folderName appName', BOX_HEADERS,
    (c) => box(c, (world) => {
      const parent = c.query.folderId ?? '';
      return childNodes(world.folders, parent, parent === world.root.id || world.folders.some((node) => node.id === parent));
    })],
];

function param(token: string): SimQueryParam {
  const [head = '', type = 'string'] = token.split(':');
  const required = head.endsWith('*');
  return { name: required ? head.slice(0, -1) : head, required, type: type as QueryType };
}

export const SIM_LISTING_OPERATIONS: readonly SimListingOperation[] = ROWS.map(
  ([name, family, query, headers, result]) => ({
    name,
    family,
    query: query.split(' ').filter(Boolean).map(param),
    headers: headers
      .split(' ')
      .filter(Boolean)
      .map((token) => ({ name: token.replace('*', ''), required: token.endsWith('*') })),
    result,
  }),
);

/** The knob `plainStrings`: every item of a result becomes its name, e.g. `["a","b"]`. */
export function plainStrings(result: unknown): unknown {
  const name = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return (
      record.name ?? record.path ?? record.AliasName ?? record.KeyId ?? record.VpcEndpointId ?? item
    );
  };
  if (Array.isArray(result)) return result.map(name);
  if (typeof result === 'object' && result !== null && !('error' in result)) return name(result);
  return result;
}
