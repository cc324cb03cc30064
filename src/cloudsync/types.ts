/** The gateway's own view of the Cloud Sync wire format: only what it uses, parsed leniently. */

/** The caller, as every upstream call needs it. Built per request; never stored past it. */
export interface Caller {
  /** The `Authorization` header exactly as the client sent it ("Bearer <token>"). */
  readonly authorization: string;
  /** A hash of the authorization: the key of anything shared between requests of this caller. */
  readonly key: string;
  /** Upstream calls made for this request (for logs). */
  upstreamCalls: number;
  /** Aborted when the client goes away: its upstream calls are cancelled with it. */
  readonly signal?: AbortSignal | undefined;
}

export interface UpstreamAccount {
  id: string;
  name: string;
}

export type DataBrokerType = 'AWS' | 'AZURE' | 'GCP' | 'ONPREM';
export type DataBrokerStatus = 'COMPLETE' | 'FAILED' | 'PENDING' | 'UNKNOWN';

export interface UpstreamDataBroker {
  id: string;
  name: string;
  type: DataBrokerType;
  status: DataBrokerStatus;
  statusMessage: string | null;
  groupId: string | null;
  fileLink: string | null;
  transferRate: number | null;
  lastPing: Date | null;
  latestVersion: string | null;
}

export interface UpstreamGroup {
  id: string;
  name: string;
  createdAt: Date | null;
  dataBrokers: UpstreamDataBroker[];
}

export interface CreatedDataBroker {
  id: string;
  name: string;
  type: DataBrokerType;
  groupId: string | null;
  fileLink: string | null;
  latestVersion: string | null;
  template: unknown;
}

export interface AuthGrant {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
}

export interface FeedMessage {
  /** Decimal string; compare as numbers. */
  id: string;
  operation: string;
  requestId: string | null;
  clientId: string | null;
  agentId: string | null;
  groupId: string | null;
  payload: unknown;
}

export type ListingOperation = 'list-s3-buckets' | 'list-nfs-exports' | 'list-nfs-export-folders';

/** How a list call was answered: accepted (the result comes on the feed), or with the result itself. */
export type ListingStart =
  | { answered: false; requestId: string | null }
  | { answered: true; payload: unknown };

export interface S3Bucket {
  name: string;
  region: { name: string; displayName: string | null } | null;
  tags: { key: string; value: string }[];
}

export interface NfsExport {
  path: string;
}

export interface NfsFolder {
  name: string;
  path: string;
}
