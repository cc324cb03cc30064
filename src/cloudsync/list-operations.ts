/**
 * The registry of the 29 list-* operations (the official OpenAPI, v1.0.59): one row per operation,
 * from which the upstream calls, the parsers and (later) the schema fields are built. Adding an
 * operation is one row in ROWS below.
 *
 * A row's query and header columns are written in a small notation, read once at load time:
 * - query: `name[*][:type]`, space-separated; `*` = required; type is `string` (default), `port`
 *   (an integer 1-65535), `boolean`, `nfsVersion` or `cifsVersion` (the SPEC's enums);
 * - headers: a credential set (CREDENTIALS) naming each header, the input field it comes from,
 *   whether it is required and whether it is a secret.
 */

/** Where the operation exists: the group family (current) only, or also the deprecated broker family. */
export type ListingFamily = 'group' | 'both';

/** Which parser reads the result (listing-parsers.ts). */
export type ListingResultKind =
  | 'nfsExports'
  | 'nfsFolders'
  | 's3Buckets'
  | 'cifsShares'
  | 'containers'
  | 'drives'
  | 'folders'
  | 'rootFolder'
  | 'kmsKeys'
  | 'privateLinks';

/** The storage the operation browses. */
export type ListingStorage =
  | 'nfs'
  | 'cifs'
  | 's3'
  | 'sgws'
  | 'ibm'
  | 'ontapS3'
  | 'alibaba'
  | 'azureBlob'
  | 'azureDataLake'
  | 'gcp'
  | 'sftp'
  | 'googleDrive'
  | 'box';

export type QueryParamType = 'string' | 'integer' | 'boolean';

export interface ListingQueryParam {
  /** The upstream's query parameter name, exactly. */
  readonly name: string;
  readonly type: QueryParamType;
  readonly required: boolean;
  /** Allowed values of a string parameter (the SPEC's enums). */
  readonly enum?: readonly string[];
  /** Bounds of an integer parameter. */
  readonly min?: number;
  readonly max?: number;
}

/**
 * How a header value travels. `text`: as it is (printable ASCII only). `escapedNewlines`: a PEM key;
 * its line breaks are sent as the two characters `\n` (the form of a Google service-account JSON),
 * because a header cannot carry a line break [assumed: the upstream's encoding is undocumented].
 */
export type HeaderEncoding = 'text' | 'escapedNewlines';

export interface ListingHeader {
  /** The upstream's header name, exactly (lower case). */
  readonly name: string;
  /** The credentials field it comes from (camelCase, as the schema's credential inputs name it). */
  readonly input: string;
  readonly required: boolean;
  /** A secret is never logged, echoed, put in a URL or a key (DESIGN: Secret). */
  readonly secret: boolean;
  readonly encoding: HeaderEncoding;
}

export interface ListingOperationSpec {
  /** The upstream operation name: the path's last segment and the feed payload's key. */
  readonly name: string;
  /** The field name the schema gives it on DataBrokerGroup. */
  readonly field: string;
  readonly storage: ListingStorage;
  readonly family: ListingFamily;
  /** Template of the current route: `{accountId}` and `{groupId}` are filled in. */
  readonly groupPath: string;
  /** Template of the deprecated per-broker route (`{id}`, maybe `{accountId}`), null if none. */
  readonly brokerPath: string | null;
  readonly query: readonly ListingQueryParam[];
  readonly headers: readonly ListingHeader[];
  /** Which credential set its headers are (the schema's credentials input is named by it). */
  readonly credentials: CredentialSetName;
  readonly result: ListingResultKind;
}

/** The SPEC's enums. */
export const NFS_VERSIONS = ['3', '4.0', '4.1', '4.2'] as const;
export const CIFS_VERSIONS = ['1.0', '2.0', '2.1', '3.0', '3.11'] as const;

type HeaderRow = [name: string, input: string, required: boolean, secret: boolean];

const CREDENTIALS = {
  none: [],
  cifs: [
    ['username', 'username', true, false],
    ['password', 'password', true, true],
    ['domain', 'domain', false, false],
  ],
  accessKeys: [
    ['access-key', 'accessKey', true, true],
    ['secret-key', 'secretKey', true, true],
  ],
  azure: [['storage-account-connection-string', 'connectionString', true, true]],
  sftp: [
    ['username', 'username', true, false],
    ['password', 'password', true, true],
  ],
  googleDrive: [
    ['private-key', 'privateKey', true, true],
    ['client-email', 'clientEmail', true, false],
    ['subject', 'subject', true, false],
  ],
  box: [
    ['client-secret', 'clientSecret', true, true],
    ['public-key-id', 'publicKeyId', true, false],
    ['private-key', 'privateKey', true, true],
    ['passphrase', 'passphrase', true, true],
  ],
  /** "S3 bucket - for UI use": optional, not a credential. */
  privateLink: [['x-bucket-name', 'bucketName', false, false]],
} satisfies Record<string, HeaderRow[]>;

export type CredentialSetName = keyof typeof CREDENTIALS;

/** B: both families, broker route `/api/data-brokers/{id}/<op>`; BA: both, the account-scoped broker route; G: group only. */
type FamilyMark = 'B' | 'BA' | 'G';

type Row = [
  name: string,
  field: string,
  storage: ListingStorage,
  family: FamilyMark,
  query: string,
  credentials: CredentialSetName,
  result: ListingResultKind,
];

// biome-ignore format: one row per operation reads as a table
const ROWS: Row[] = [
  ['list-nfs-exports', 'nfsExports', 'nfs', 'B', 'host* isEFS:boolean', 'none', 'nfsExports'],
  ['list-nfs-export-folders', 'nfsExportFolders', 'nfs', 'B', 'host* exportName* isEFS:boolean version:nfsVersion accessPoint path', 'none', 'nfsFolders'],
  ['list-cifs-shares', 'cifsShares', 'cifs', 'B', 'host* version:cifsVersion', 'cifs', 'cifsShares'],
  ['list-cifs-share-folders', 'cifsShareFolders', 'cifs', 'B', 'host* version:cifsVersion path share*', 'cifs', 'folders'],
  ['list-s3-buckets', 's3Buckets', 's3', 'B', '', 'none', 's3Buckets'],
  ['list-s3-bucket-folders', 's3BucketFolders', 's3', 'B', 'bucket* prefix', 'none', 'folders'],
  ['list-sgws-buckets', 'sgwsBuckets', 'sgws', 'B', 'host* port*:port', 'accessKeys', 'containers'],
  ['list-sgws-bucket-folders', 'sgwsBucketFolders', 'sgws', 'B', 'host* port:port bucket* prefix', 'accessKeys', 'folders'],
  ['list-ibm-buckets', 'ibmBuckets', 'ibm', 'B', 'host* port*:port', 'accessKeys', 'containers'],
  ['list-ibm-bucket-folders', 'ibmBucketFolders', 'ibm', 'B', 'host* port:port bucket* prefix', 'accessKeys', 'folders'],
  ['list-ontap-s3-buckets', 'ontapS3Buckets', 'ontapS3', 'B', 'host* port:port', 'accessKeys', 'containers'],
  ['list-ontap-s3-bucket-folders', 'ontapS3BucketFolders', 'ontapS3', 'B', 'host* port:port bucket* prefix', 'accessKeys', 'folders'],
  ['list-alibaba-buckets', 'alibabaBuckets', 'alibaba', 'B', '', 'accessKeys', 'containers'],
  ['list-alibaba-bucket-folders', 'alibabaBucketFolders', 'alibaba', 'B', 'bucket* prefix', 'accessKeys', 'folders'],
  ['list-azure-blob-storage-containers', 'azureBlobContainers', 'azureBlob', 'B', 'storageAccountName*', 'azure', 'containers'],
  ['list-azure-blob-storage-container-folders', 'azureBlobContainerFolders', 'azureBlob', 'B', 'storageAccountName* container* prefix', 'azure', 'folders'],
  ['list-azure-dataLake-storage-containers', 'azureDataLakeContainers', 'azureDataLake', 'G', 'storageAccountName*', 'azure', 'containers'],
  ['list-azure-dataLake-storage-container-folders', 'azureDataLakeContainerFolders', 'azureDataLake', 'G', 'storageAccountName* container* path', 'azure', 'folders'],
  ['list-gcp-buckets', 'gcpBuckets', 'gcp', 'B', '', 'none', 'containers'],
  ['list-gcp-bucket-folders', 'gcpBucketFolders', 'gcp', 'B', 'bucket* prefix', 'none', 'folders'],
  ['list-aws-kms-keys', 'awsKmsKeys', 's3', 'B', 'bucket*', 'none', 'kmsKeys'],
  ['list-gcp-kms-keys', 'gcpKmsKeys', 'gcp', 'G', 'bucket*', 'none', 'kmsKeys'],
  ['list-s3-private-links', 's3PrivateLinks', 's3', 'BA', 'region*', 'privateLink', 'privateLinks'],
  ['list-sftp-root-directory', 'sftpRootDirectory', 'sftp', 'G', 'host* port*:port', 'sftp', 'rootFolder'],
  ['list-sftp-directories', 'sftpDirectories', 'sftp', 'G', 'host* port*:port rootDirectory* path', 'sftp', 'folders'],
  ['list-google-drives', 'googleDrives', 'googleDrive', 'G', '', 'googleDrive', 'drives'],
  ['list-google-drive-folders', 'googleDriveFolders', 'googleDrive', 'G', 'driveId* folderId folderName', 'googleDrive', 'folders'],
  ['list-box-root-folder', 'boxRootFolder', 'box', 'G', 'clientId* enterpriseId* appName', 'box', 'rootFolder'],
  ['list-box-folders', 'boxFolders', 'box', 'G', 'clientId* enterpriseId* folderId* folderName appName', 'box', 'folders'],
];

function queryParam(token: string): ListingQueryParam {
  const [head = '', type = 'string'] = token.split(':');
  const required = head.endsWith('*');
  const name = required ? head.slice(0, -1) : head;
  switch (type) {
    case 'string':
      return { name, type: 'string', required };
    case 'boolean':
      return { name, type: 'boolean', required };
    case 'port':
      return { name, type: 'integer', required, min: 1, max: 65_535 };
    case 'nfsVersion':
      return { name, type: 'string', required, enum: NFS_VERSIONS };
    case 'cifsVersion':
      return { name, type: 'string', required, enum: CIFS_VERSIONS };
    default:
      throw new Error(`list-operations: unknown parameter type ${type}`);
  }
}

function spec([name, field, storage, mark, query, credentials, result]: Row): ListingOperationSpec {
  const headerRows: readonly HeaderRow[] = CREDENTIALS[credentials];
  return {
    name,
    field,
    storage,
    family: mark === 'G' ? 'group' : 'both',
    groupPath: `/api/accounts/{accountId}/groups/{groupId}/${name}`,
    brokerPath:
      mark === 'B'
        ? `/api/data-brokers/{id}/${name}`
        : mark === 'BA'
          ? `/api/accounts/{accountId}/data-brokers/{id}/${name}`
          : null,
    query: query.split(' ').filter(Boolean).map(queryParam),
    headers: headerRows.map(([header, input, required, secret]) => ({
      name: header,
      input,
      required,
      secret,
      encoding: header === 'private-key' ? 'escapedNewlines' : 'text',
    })),
    credentials,
    result,
  };
}

/** Every list-* operation, in the order of the design's table. */
export const LIST_OPERATIONS: readonly ListingOperationSpec[] = Object.freeze(ROWS.map(spec));

const BY_NAME = new Map(LIST_OPERATIONS.map((operation) => [operation.name, operation]));

export const listOperation = (name: string): ListingOperationSpec | undefined => BY_NAME.get(name);

/** Operation names, e.g. for a bounded metric label. */
export const LIST_OPERATION_NAMES: readonly string[] = LIST_OPERATIONS.map((item) => item.name);
