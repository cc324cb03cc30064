import { isObjectType } from 'graphql';
import { buildSchema } from '../../src/schema';
import { SEED_IDS } from '../../src/simulator';
import { STORAGE_WORLD as W } from '../../src/simulator/storage-world';

/** The 29 group-family listings with valid arguments against the simulator's storage world. */

export const TEST = SEED_IDS.accounts.test;
export const GROUP = SEED_IDS.groups.onprem;

const [cifsServer] = W.cifsServers;
const sgws = W.s3Endpoints.find((item) => item.kind === 'sgws');
const ibm = W.s3Endpoints.find((item) => item.kind === 'ibm');
const ontap = W.s3Endpoints.find((item) => item.kind === 'ontap');
const [azureAccount] = W.azureAccounts;
export const [sftpServer] = W.sftpServers;
const [googleAccount] = W.google.accounts;
const [boxApp] = W.box.apps;
if (
  !cifsServer ||
  !sgws ||
  !ibm ||
  !ontap ||
  !azureAccount ||
  !sftpServer ||
  !googleAccount ||
  !boxApp
) {
  throw new Error('the storage world lost an entry');
}
const subject = googleAccount.subjects[0] ?? '';
const pem = (key: string) => key.trim().replace(/\n/g, '\\n');

const CIFS = {
  username: cifsServer.username,
  password: cifsServer.password,
  ...(cifsServer.domain ? { domain: cifsServer.domain } : {}),
};
const CIFS_HEADERS = {
  username: cifsServer.username,
  password: cifsServer.password,
  ...(cifsServer.domain ? { domain: cifsServer.domain } : {}),
};
const keys = (endpoint: { accessKey: string; secretKey: string }) => ({
  credentials: { accessKey: endpoint.accessKey, secretKey: endpoint.secretKey },
  headers: { 'access-key': endpoint.accessKey, 'secret-key': endpoint.secretKey },
});
const AZ = {
  credentials: { connectionString: azureAccount.connectionString },
  headers: { 'storage-account-connection-string': azureAccount.connectionString },
};
const SFTP = {
  credentials: { username: sftpServer.username, password: sftpServer.password },
  headers: { username: sftpServer.username, password: sftpServer.password },
};
const GD = {
  credentials: { clientEmail: googleAccount.clientEmail, privateKey: googleAccount.privateKey },
  headers: {
    'client-email': googleAccount.clientEmail,
    'private-key': pem(googleAccount.privateKey),
    subject,
  },
};
const BOX = {
  credentials: {
    clientSecret: boxApp.clientSecret,
    publicKeyId: boxApp.publicKeyId,
    privateKey: boxApp.privateKey,
    passphrase: boxApp.passphrase,
  },
  headers: {
    'client-secret': boxApp.clientSecret,
    'public-key-id': boxApp.publicKeyId,
    'private-key': pem(boxApp.privateKey),
    passphrase: boxApp.passphrase,
  },
};
const APP = { clientId: boxApp.clientId, enterpriseId: boxApp.enterpriseId };
export const NFS_HOST = 'nfs.example.internal';

export interface Case {
  /** The field's arguments, as GraphQL variables. */
  args: Record<string, unknown>;
  /** The upstream query string the call must carry, exactly. */
  query: Record<string, string>;
  /** The credential headers it must carry, exactly (and no other of its row's). */
  headers?: Record<string, string>;
  /** Names the answer must contain (besides being non-empty). */
  names: string[];
}

// biome-ignore format: one row per operation reads as a table
export const CASES: Record<string, Case> = {
  nfsExports: { args: { host: NFS_HOST }, query: { host: NFS_HOST }, names: ['/vol1', '/vol2'] },
  nfsExportFolders: {
    args: { host: NFS_HOST, exportName: '/vol1', version: 'V4_1', isEfs: false },
    query: { host: NFS_HOST, exportName: '/vol1', isEFS: 'false', version: '4.1' },
    names: ['shared'],
  },
  cifsShares: {
    args: { host: cifsServer.host, version: 'V3_0', credentials: CIFS },
    query: { host: cifsServer.host, version: '3.0' }, headers: CIFS_HEADERS, names: ['finance', 'hr'],
  },
  cifsShareFolders: {
    args: { host: cifsServer.host, share: 'finance', path: 'q3', credentials: CIFS },
    query: { host: cifsServer.host, path: 'q3', share: 'finance' }, headers: CIFS_HEADERS, names: ['reports'],
  },
  s3Buckets: { args: {}, query: {}, names: [] },
  s3BucketFolders: { args: { bucket: 'public-assets' }, query: { bucket: 'public-assets' }, names: ['backups', 'logs'] },
  sgwsBuckets: {
    args: { host: sgws.host, port: sgws.port, credentials: keys(sgws).credentials },
    query: { host: sgws.host, port: String(sgws.port) }, headers: keys(sgws).headers, names: ['media-archive'],
  },
  sgwsBucketFolders: {
    args: { host: sgws.host, port: sgws.port, bucket: 'media-archive', prefix: '2024/', credentials: keys(sgws).credentials },
    query: { host: sgws.host, port: String(sgws.port), bucket: 'media-archive', prefix: '2024/' },
    headers: keys(sgws).headers, names: ['q1', 'q2'],
  },
  ibmBuckets: {
    args: { host: ibm.host, port: 443, credentials: keys(ibm).credentials },
    query: { host: ibm.host, port: '443' }, headers: keys(ibm).headers, names: ['cos-analytics'],
  },
  ibmBucketFolders: {
    args: { host: ibm.host, bucket: 'cos-analytics', credentials: keys(ibm).credentials },
    query: { host: ibm.host, bucket: 'cos-analytics' }, headers: keys(ibm).headers, names: ['raw', 'curated'],
  },
  ontapS3Buckets: {
    args: { host: ontap.host, credentials: keys(ontap).credentials },
    query: { host: ontap.host }, headers: keys(ontap).headers, names: ['ontap-projects'],
  },
  ontapS3BucketFolders: {
    args: { host: ontap.host, port: 443, bucket: 'ontap-projects', prefix: 'beta', credentials: keys(ontap).credentials },
    query: { host: ontap.host, port: '443', bucket: 'ontap-projects', prefix: 'beta' },
    headers: keys(ontap).headers, names: ['specs'],
  },
  alibabaBuckets: {
    args: { credentials: keys(W.alibaba).credentials },
    query: {}, headers: keys(W.alibaba).headers, names: ['oss-hangzhou-logs'],
  },
  alibabaBucketFolders: {
    args: { bucket: 'oss-hangzhou-logs', credentials: keys(W.alibaba).credentials },
    query: { bucket: 'oss-hangzhou-logs' }, headers: keys(W.alibaba).headers, names: ['app', 'web'],
  },
  azureBlobContainers: {
    args: { storageAccountName: azureAccount.name, credentials: AZ.credentials },
    query: { storageAccountName: azureAccount.name }, headers: AZ.headers, names: ['finance-backup'],
  },
  azureBlobContainerFolders: {
    args: { storageAccountName: azureAccount.name, container: 'finance-backup', credentials: AZ.credentials },
    query: { storageAccountName: azureAccount.name, container: 'finance-backup' },
    headers: AZ.headers, names: ['2024', 'ledger'],
  },
  azureDataLakeContainers: {
    args: { storageAccountName: azureAccount.name, credentials: AZ.credentials },
    query: { storageAccountName: azureAccount.name }, headers: AZ.headers, names: ['analytics'],
  },
  azureDataLakeContainerFolders: {
    args: { storageAccountName: azureAccount.name, container: 'analytics', credentials: AZ.credentials },
    query: { storageAccountName: azureAccount.name, container: 'analytics' },
    headers: AZ.headers, names: ['bronze', 'gold'],
  },
  gcpBuckets: { args: {}, query: {}, names: ['gcp-landing-zone'] },
  gcpBucketFolders: {
    args: { bucket: 'gcp-landing-zone', prefix: 'incoming' },
    query: { bucket: 'gcp-landing-zone', prefix: 'incoming' }, names: ['partners'],
  },
  awsKmsKeys: { args: { bucket: 'public-assets' }, query: { bucket: 'public-assets' }, names: [] },
  gcpKmsKeys: {
    args: { bucket: 'gcp-landing-zone' }, query: { bucket: 'gcp-landing-zone' },
    names: ['projects/demo-project/locations/us-central1/keyRings/sync/cryptoKeys/landing'],
  },
  s3PrivateLinks: {
    args: { region: 'us-east-1', bucketName: 'public-assets' },
    query: { region: 'us-east-1' }, headers: { 'x-bucket-name': 'public-assets' }, names: [],
  },
  sftpRootDirectory: {
    args: { host: sftpServer.host, port: sftpServer.port, credentials: SFTP.credentials },
    query: { host: sftpServer.host, port: String(sftpServer.port) }, headers: SFTP.headers, names: ['/home/sync'],
  },
  sftpDirectories: {
    args: { host: sftpServer.host, port: 22, rootDirectory: sftpServer.rootDirectory, credentials: SFTP.credentials },
    query: { host: sftpServer.host, port: '22', rootDirectory: sftpServer.rootDirectory },
    headers: SFTP.headers, names: ['inbound', 'outbound'],
  },
  googleDrives: {
    args: { subject, credentials: GD.credentials },
    query: {}, headers: GD.headers, names: ['Engineering', 'Marketing'],
  },
  googleDriveFolders: {
    args: { driveId: '0AExampleEngDriveUk9PVA', folderId: '1EngDesigns', subject, credentials: GD.credentials },
    query: { driveId: '0AExampleEngDriveUk9PVA', folderId: '1EngDesigns' }, headers: GD.headers, names: ['2024'],
  },
  boxRootFolder: {
    args: { app: APP, credentials: BOX.credentials },
    query: APP, headers: BOX.headers, names: ['All Files'],
  },
  boxFolders: {
    args: { app: APP, folderId: '0', credentials: BOX.credentials },
    query: { ...APP, folderId: '0' }, headers: BOX.headers, names: ['Contracts', 'Marketing'],
  },
};

const groupType = buildSchema().getType('DataBrokerGroup');
if (!isObjectType(groupType)) throw new Error('no DataBrokerGroup');
export const groupFields = groupType.getFields();

/** A query of one field, every argument given as a variable of the schema's own type. */
export function fieldQuery(
  field: string,
  args: Record<string, unknown>,
  selection = '__typename name',
): string {
  const defs = (groupFields[field]?.args ?? []).filter((arg) => arg.name in args);
  const vars = defs.map((arg) => `, $${arg.name}: ${String(arg.type)}`).join('');
  const call =
    defs.length > 0 ? `(${defs.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  return `query Listing($accountId: ID!, $groupId: ID!${vars}) {
    account(id: $accountId) { dataBrokerGroup(id: $groupId) { ${field}${call} { ${selection} } } }
  }`;
}

export const GROUP_LISTING = `subscription GroupListing($accountId: ID!, $groupId: ID!, $request: GroupListingRequest!) {
  groupListing(accountId: $accountId, groupId: $groupId, request: $request) {
    status operation items { __typename name } error { code message }
  }
}`;
