/** The data the simulator serves: the shapes of the seed and of what goes over the wire. */

export type DataBrokerType = 'AWS' | 'AZURE' | 'GCP' | 'ONPREM';
export const DATA_BROKER_TYPES: readonly DataBrokerType[] = ['AWS', 'AZURE', 'GCP', 'ONPREM'];

export interface SeedUser {
  username: string;
  password: string;
  refreshToken: string;
  /** Subject claim of the user's access tokens. */
  sub: string;
  name: string;
  accountIds: string[];
}

export interface SeedAccount {
  accountId: string;
  name: string;
}

export interface SeedGroup {
  id: string;
  accountId: string;
  name: string;
  createdAt: string;
}

/** A data broker as the API shows it, plus the account that owns it. */
export interface SeedBroker {
  id: string;
  accountId: string;
  groupId: string;
  name: string;
  type: DataBrokerType;
  /** Absent until the broker first contacts the service (pending). */
  status?: 'COMPLETE' | 'FAILED';
  message?: string;
  fileLink: string;
  transferRate?: number;
  lastPing?: number;
  latestVersion: string;
  placement?: Record<string, unknown>;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface SeedBucket {
  name: string;
  region: { name: string; displayName: string };
  tags: Tag[];
}

export interface SeedNfsExport {
  path: string;
  /** Every folder of the export, relative to it, parents listed before children ("projects", "projects/alpha"). */
  folders: string[];
}

export interface SeedNfsServer {
  host: string;
  exports: SeedNfsExport[];
}

export interface Seed {
  users: SeedUser[];
  accounts: SeedAccount[];
  groups: SeedGroup[];
  brokers: SeedBroker[];
  /** S3 buckets reachable from the brokers of an account, by account id. */
  buckets: Record<string, SeedBucket[]>;
  /** NFS servers reachable from every broker. */
  nfsServers: SeedNfsServer[];
  latestVersion: string;
}

export interface MessageHeader {
  requestId: string;
  clientId: string;
  agentId?: string;
  groupId?: string;
}

export interface WireFeedMessage {
  id: string;
  header: MessageHeader;
  payload: Record<string, unknown>;
}

/** What a test hands to injectMessage/broadcast: the operation names the payload's single key. */
export interface MessageInput {
  operation: string;
  agentId?: string;
  groupId?: string;
  requestId?: string;
  clientId?: string;
  payload: unknown;
}

/** The payload value of a listing that failed on the broker. */
export interface ListingFailure {
  error: { code: string; message: string };
}
