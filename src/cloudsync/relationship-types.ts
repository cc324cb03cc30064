/**
 * The gateway's view of sync relationships, as the lenient parser (parse-relationships.ts) builds it.
 * No type here has a field that can hold a credential: the parser drops them.
 */

export interface RelationshipTag {
  key: string;
  value: string;
}

export type EndpointProtocol =
  | 'NFS'
  | 'CIFS'
  | 'S3'
  | 'LOCAL'
  | 'AZURE'
  | 'GCP'
  | 'SFTP'
  | 'BOX'
  | 'GDRIVE'
  | 'UNKNOWN';

interface EndpointBase {
  protocol: EndpointProtocol;
  /** Raw upstream provider ("anf", "sgws", "azure_data_lake"...), the protocol's name when absent. */
  provider: string;
  /** A readable one-line address: "nfs://10.0.0.5:/vol1/projects", "sgws://grid:443/bucket/prefix". */
  label: string;
}

export interface NfsEndpoint extends EndpointBase {
  kind: 'nfs';
  host: string;
  export: string;
  path: string | null;
  version: string | null;
  accessPoint: string | null;
  workingEnvironmentId: string | null;
}

export interface CifsEndpoint extends EndpointBase {
  kind: 'cifs';
  host: string;
  share: string;
  path: string | null;
  version: string | null;
  workingEnvironmentId: string | null;
}

export interface S3Endpoint extends EndpointBase {
  kind: 's3';
  bucket: string;
  prefix: string | null;
  region: string | null;
  /** Without a scheme: "https://s3.grid.lan" is read as "s3.grid.lan". */
  host: string | null;
  port: number | null;
  storageClass: string | null;
  encryption: { protocol: string | null; keyId: string | null } | null;
  privateLinkDns: string | null;
  tags: RelationshipTag[];
  workingEnvironmentId: string | null;
}

export interface AzureEndpoint extends EndpointBase {
  kind: 'azure';
  storageAccountName: string | null;
  container: string;
  prefix: string | null;
  path: string | null;
  blobTier: string | null;
  tags: RelationshipTag[];
}

export interface GcpEndpoint extends EndpointBase {
  kind: 'gcp';
  bucket: string;
  prefix: string | null;
  storageClass: string | null;
  kmsKeyName: string | null;
  tags: RelationshipTag[];
}

export interface SftpEndpoint extends EndpointBase {
  kind: 'sftp';
  host: string;
  port: number | null;
  rootDirectory: string;
  path: string | null;
}

export interface BoxEndpoint extends EndpointBase {
  kind: 'box';
  folderId: string;
  clientId: string;
  enterpriseId: string | null;
  appName: string | null;
  rootDirectory: string | null;
  path: string | null;
}

export interface GoogleDriveEndpoint extends EndpointBase {
  kind: 'gdrive';
  driveId: string;
  driveName: string | null;
  folderId: string | null;
  path: string | null;
  subject: string;
  tags: RelationshipTag[];
}

export interface LocalEndpoint extends EndpointBase {
  kind: 'local';
  path: string;
}

/** A protocol the gateway does not know, or a known one missing its required fields. */
export interface UnknownEndpoint extends EndpointBase {
  kind: 'unknown';
  /** The protocol string as upstream sent it. */
  protocolRaw: string | null;
  /** The endpoint as upstream sent it, with every credential-like key removed at any depth. */
  raw: unknown;
}

export type RelationshipEndpoint =
  | NfsEndpoint
  | CifsEndpoint
  | S3Endpoint
  | AzureEndpoint
  | GcpEndpoint
  | SftpEndpoint
  | BoxEndpoint
  | GoogleDriveEndpoint
  | LocalEndpoint
  | UnknownEndpoint;

export type RelationshipStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'ABORTED' | 'UNKNOWN';
export type RelationshipRunType = 'INITIAL_COPY' | 'SYNC' | 'UNKNOWN';

export const TERMINAL_STATUSES: ReadonlySet<RelationshipStatus> = new Set([
  'DONE',
  'FAILED',
  'ABORTED',
]);

/** Counters may exceed 2^31 (bytes, files): plain numbers, exact up to 2^53. */
export interface FileCounts {
  files: number | null;
  dirs: number | null;
  bytes: number | null;
}

export interface RelationshipCounters {
  scanned: FileCounts;
  markedForCopy: FileCounts;
  copied: FileCounts;
  failed: FileCounts;
  markedForRemove: FileCounts;
  removed: FileCounts;
  removeFailed: FileCounts;
  filesIgnored: number | null;
  dirsFailedToScan: number | null;
}

export interface RelationshipErrorCount {
  step: string | null;
  errorCode: string;
  count: number;
  description: string | null;
}

export interface RelationshipBrokerError {
  dataBrokerId: string;
  reason: string;
}

export interface RelationshipActivity {
  status: RelationshipStatus;
  /** The status string as upstream sent it (null when absent). */
  statusRaw: string | null;
  runType: RelationshipRunType;
  runTypeRaw: string | null;
  syncType: string | null;
  /** 0–100. */
  progress: number | null;
  startTime: Date | null;
  endTime: Date | null;
  lastMessageTime: Date | null;
  /** Null before the first run. */
  executionTimeMs: number | null;
  timeEstimation: number | null;
  /** Null when upstream sends "". */
  failureMessage: string | null;
  counters: RelationshipCounters;
  topErrors: RelationshipErrorCount[];
  brokerErrors: RelationshipBrokerError[];
}

export interface RelationshipSettings {
  gracePeriodSeconds: number | null;
  retries: number | null;
  deleteOnSource: boolean;
  deleteOnTarget: boolean;
  objectTagging: boolean | null;
  copyAcl: boolean | null;
  copyData: boolean | null;
  continuousSync: boolean | null;
  /**
   * The settings object as upstream sent it (settings carry no credentials). A patch is deep-merged
   * into it (mergeSettings) and the whole object is written back, so fields the gateway does not
   * model survive an edit.
   */
  raw: Record<string, unknown>;
}

export interface RelationshipEncryptionSide {
  dataBrokerId: string | null;
  groupId: string | null;
  encryptionType: string | null;
}

export interface UpstreamRelationship {
  id: string;
  /** The value of the tag "name". */
  name: string | null;
  source: RelationshipEndpoint;
  target: RelationshipEndpoint;
  activity: RelationshipActivity;
  settings: RelationshipSettings | null;
  tags: RelationshipTag[];
  createdAt: Date | null;
  /** isCM (string, SPEC) or isCm (bool, real data). */
  createdInConsole: boolean | null;
  groupId: string | null;
  /** The deprecated single-broker id. */
  dataBrokerId: string | null;
  encryption: {
    initiator: RelationshipEncryptionSide | null;
    listener: RelationshipEncryptionSide | null;
  } | null;
}

export interface TransferStats {
  totalBytes: number;
  totalFiles: number;
  relationshipCount: number | null;
  bytesCopiedLast30Days: { date: string; bytesCopied: number }[];
}

export interface AccountSubscription {
  accountId: string | null;
  name: string | null;
  noCharge: boolean | null;
  /** -1 once the trial is over. */
  daysLeftForTrial: number | null;
  subscriptionType: string | null;
  subscriptionStatus: string | null;
  subscriptionProvider: string | null;
}
