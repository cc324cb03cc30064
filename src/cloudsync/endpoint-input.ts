import { isObject } from './parse';
import type { SecretInput } from './secret-value';
import { revealSecret, SecretValue } from './secret-value';

/**
 * The per-protocol endpoint input of createRelationship and createReport (design §1.3) and its
 * mapping to the upstream's tagged form `{protocol, <protocol>: {...}}`. Enum values arrive already
 * as upstream strings ("4.1", "azure_data_lake"...). Credentials stay SecretValues in the body this
 * module builds; only revealBody(), called by the client as it sends, turns them into strings.
 */

type Opt<T> = T | null | undefined;

export interface TagValue {
  key: string;
  value: string;
}

export interface CifsCredentials {
  username: string;
  password: SecretInput;
  domain?: Opt<string>;
}
export interface AccessKeyCredentials {
  accessKey: SecretInput;
  secretKey: SecretInput;
}
export interface AzureStorageCredentials {
  connectionString: SecretInput;
}
export interface SftpCredentials {
  username: string;
  password: SecretInput;
}
export interface GoogleServiceAccount {
  clientEmail: string;
  privateKey: SecretInput;
}
export interface BoxCredentials {
  clientSecret: SecretInput;
  publicKeyId: string;
  privateKey: SecretInput;
  passphrase: SecretInput;
}
export interface BoxApp {
  clientId: string;
  enterpriseId: string;
  appName?: Opt<string>;
}

export interface NfsInput {
  host: string;
  export: string;
  path?: Opt<string>;
  version?: Opt<string>;
  provider?: Opt<string>;
  accessPoint?: Opt<string>;
  workingEnvironmentId?: Opt<string>;
}
export interface CifsInput {
  host: string;
  share: string;
  path?: Opt<string>;
  version?: Opt<string>;
  provider?: Opt<string>;
  credentials: CifsCredentials;
  workingEnvironmentId?: Opt<string>;
}
export interface RestoreValue {
  days: number;
  tier: string;
}
export interface AwsS3Input {
  bucket: string;
  prefix?: Opt<string>;
  region?: Opt<string>;
  storageClass?: Opt<string>;
  encryption?: Opt<{ protocol: string; keyId?: Opt<string> }>;
  privateLinkDns?: Opt<string>;
  tags?: Opt<readonly TagValue[]>;
  glacierRestore?: Opt<RestoreValue>;
  deepArchiveRestore?: Opt<RestoreValue>;
}
export interface S3CompatibleInput {
  host: string;
  port?: Opt<number>;
  bucket: string;
  prefix?: Opt<string>;
  credentials: AccessKeyCredentials;
  workingEnvironmentId?: Opt<string>;
}
export interface AlibabaInput {
  bucket: string;
  prefix?: Opt<string>;
  region?: Opt<string>;
  credentials: AccessKeyCredentials;
}
export interface AzureBlobInput {
  storageAccountName: string;
  container: string;
  prefix?: Opt<string>;
  blobTier?: Opt<string>;
  tags?: Opt<readonly TagValue[]>;
  credentials?: Opt<AzureStorageCredentials>;
}
export interface AzureDataLakeInput {
  storageAccountName: string;
  container: string;
  path?: Opt<string>;
  credentials?: Opt<AzureStorageCredentials>;
}
export interface GcpInput {
  bucket: string;
  prefix?: Opt<string>;
  storageClass?: Opt<string>;
  kmsKeyName?: Opt<string>;
  tags?: Opt<readonly TagValue[]>;
}
export interface SftpInput {
  host: string;
  port: number;
  rootDirectory: string;
  path?: Opt<string>;
  credentials: SftpCredentials;
}
export interface BoxInput {
  app: BoxApp;
  folderId: string;
  rootDirectory?: Opt<string>;
  path?: Opt<string>;
  credentials: BoxCredentials;
}
export interface GoogleDriveInput {
  driveId: string;
  driveName?: Opt<string>;
  folderId?: Opt<string>;
  path?: Opt<string>;
  subject: string;
  credentials: GoogleServiceAccount;
  tags?: Opt<readonly TagValue[]>;
}
export interface LocalInput {
  path: string;
}

/** One member of EndpointInput (the schema's @oneOf guarantees exactly one is set). */
export interface EndpointInputValue {
  nfs?: Opt<NfsInput>;
  cifs?: Opt<CifsInput>;
  s3?: Opt<AwsS3Input>;
  sgws?: Opt<S3CompatibleInput>;
  ibm?: Opt<S3CompatibleInput>;
  ontapS3?: Opt<S3CompatibleInput>;
  alibaba?: Opt<AlibabaInput>;
  azureBlob?: Opt<AzureBlobInput>;
  azureDataLake?: Opt<AzureDataLakeInput>;
  gcp?: Opt<GcpInput>;
  sftp?: Opt<SftpInput>;
  box?: Opt<BoxInput>;
  googleDrive?: Opt<GoogleDriveInput>;
  local?: Opt<LocalInput>;
}

export const ENDPOINT_MEMBERS = [
  'nfs',
  'cifs',
  's3',
  'sgws',
  'ibm',
  'ontapS3',
  'alibaba',
  'azureBlob',
  'azureDataLake',
  'gcp',
  'sftp',
  'box',
  'googleDrive',
  'local',
] as const;
export type EndpointMember = (typeof ENDPOINT_MEMBERS)[number];

/** The credential-taking upstream protocols, as `sourceCredentials`/`targetCredentials` key them. */
export type CredentialProtocol = 'cifs' | 's3' | 'azure' | 'sftp' | 'box' | 'gdrive';

/** One member of EndpointCredentialsInput (the schema's @oneOf guarantees exactly one). */
export interface EndpointCredentialsValue {
  cifs?: Opt<CifsCredentials>;
  s3?: Opt<AccessKeyCredentials>;
  azure?: Opt<AzureStorageCredentials>;
  sftp?: Opt<SftpCredentials>;
  box?: Opt<BoxCredentials>;
  googleDrive?: Opt<GoogleServiceAccount>;
}

type Json = Record<string, unknown>;

/** An upstream endpoint body, with its credentials (still SecretValues) apart. */
export interface MappedEndpoint {
  member: EndpointMember;
  endpoint: Json;
  /** For `sourceCredentials`/`targetCredentials`: `{<protocol>: {...}}`, or null when none. */
  credentials: Json | null;
}

/** Copies the given (non-null) values; `undefined` and `null` are left out. */
function compact(values: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

const tagsOf = (tags: Opt<readonly TagValue[]>) =>
  tags ? tags.map(({ key, value }) => ({ key, value })) : undefined;

const cifsCreds = (c: CifsCredentials): Json =>
  compact({ username: c.username, password: c.password, domain: c.domain });
const accessKeys = (c: AccessKeyCredentials): Json => ({
  accessKey: c.accessKey,
  secretKey: c.secretKey,
});
const azureCreds = (c: AzureStorageCredentials): Json => ({
  storageAccountConnectionString: c.connectionString,
});
const sftpCreds = (c: SftpCredentials): Json => ({ username: c.username, password: c.password });
const boxCreds = (c: BoxCredentials): Json => ({
  clientSecret: c.clientSecret,
  publicKeyId: c.publicKeyId,
  privateKey: c.privateKey,
  passphrase: c.passphrase,
});
const gdriveCreds = (c: GoogleServiceAccount): Json => ({
  clientEmail: c.clientEmail,
  privateKey: c.privateKey,
});

const restore = (r: Opt<RestoreValue>) => (r ? { days: r.days, tier: r.tier } : undefined);

function s3Compatible(provider: string, input: S3CompatibleInput): Omit<MappedEndpoint, 'member'> {
  const credentials = accessKeys(input.credentials);
  return {
    endpoint: {
      protocol: 's3',
      s3: compact({
        provider,
        host: input.host,
        port: input.port,
        bucket: input.bucket,
        prefix: input.prefix,
        workingEnvironmentId: input.workingEnvironmentId,
        credentials,
      }),
    },
    credentials: { s3: credentials },
  };
}

/**
 * The upstream form of one endpoint (Appendix B rule 5): credentials go top-level always (returned
 * apart, for `sourceCredentials`/`targetCredentials`) and also inside the endpoint wherever SPEC
 * declares them there (cifs, the s3-compatible providers, azure, sftp, box, gdrive).
 */
export function mapEndpoint(input: EndpointInputValue): MappedEndpoint {
  const member = ENDPOINT_MEMBERS.find((name) => input[name] !== undefined && input[name] !== null);
  const mapped = ((): Omit<MappedEndpoint, 'member'> | null => {
    if (input.nfs) {
      const v = input.nfs;
      return {
        endpoint: {
          protocol: 'nfs',
          nfs: compact({
            provider: v.provider ?? 'nfs',
            host: v.host,
            export: v.export,
            path: v.path,
            version: v.version,
            accessPoint: v.accessPoint,
            workingEnvironmentId: v.workingEnvironmentId,
          }),
        },
        credentials: null,
      };
    }
    if (input.cifs) {
      const v = input.cifs;
      const credentials = cifsCreds(v.credentials);
      return {
        endpoint: {
          protocol: 'cifs',
          cifs: compact({
            provider: v.provider ?? 'cifs',
            host: v.host,
            share: v.share,
            path: v.path,
            version: v.version,
            workingEnvironmentId: v.workingEnvironmentId,
            credentials,
          }),
        },
        credentials: { cifs: credentials },
      };
    }
    if (input.s3) {
      const v = input.s3;
      return {
        endpoint: {
          protocol: 's3',
          s3: compact({
            provider: 's3',
            bucket: v.bucket,
            prefix: v.prefix,
            region: v.region,
            storageClass: v.storageClass,
            encryption: v.encryption ? compact({ ...v.encryption }) : undefined,
            privateLinkDns: v.privateLinkDns,
            tags: tagsOf(v.tags),
            glacier: restore(v.glacierRestore),
            deepArchive: restore(v.deepArchiveRestore),
          }),
        },
        credentials: null,
      };
    }
    if (input.sgws) return s3Compatible('sgws', input.sgws);
    if (input.ibm) return s3Compatible('ibm', input.ibm);
    if (input.ontapS3) return s3Compatible('ontap', input.ontapS3);
    if (input.alibaba) {
      const v = input.alibaba;
      const credentials = accessKeys(v.credentials);
      return {
        endpoint: {
          protocol: 's3',
          s3: compact({
            provider: 'alibaba',
            bucket: v.bucket,
            prefix: v.prefix,
            region: v.region,
            credentials,
          }),
        },
        credentials: { s3: credentials },
      };
    }
    if (input.azureBlob || input.azureDataLake) {
      const blob = input.azureBlob;
      const lake = input.azureDataLake;
      const given = blob?.credentials ?? lake?.credentials;
      const credentials = given ? azureCreds(given) : undefined;
      return {
        endpoint: {
          protocol: 'azure',
          azure: compact({
            provider: blob ? 'azure' : 'azure_data_lake',
            storageAccountName: blob?.storageAccountName ?? lake?.storageAccountName,
            container: blob?.container ?? lake?.container,
            prefix: blob?.prefix,
            path: lake?.path,
            blobTier: blob?.blobTier,
            tags: tagsOf(blob?.tags),
            credentials,
          }),
        },
        credentials: credentials ? { azure: credentials } : null,
      };
    }
    if (input.gcp) {
      const v = input.gcp;
      return {
        endpoint: {
          protocol: 'gcp',
          gcp: compact({
            provider: 'gcp',
            bucket: v.bucket,
            prefix: v.prefix,
            storageClass: v.storageClass,
            kmsKeyName: v.kmsKeyName,
            tags: tagsOf(v.tags),
          }),
        },
        credentials: null,
      };
    }
    if (input.sftp) {
      const v = input.sftp;
      const credentials = sftpCreds(v.credentials);
      return {
        endpoint: {
          protocol: 'sftp',
          sftp: compact({
            provider: 'sftp',
            host: v.host,
            port: v.port,
            rootDirectory: v.rootDirectory,
            path: v.path,
            credentials,
          }),
        },
        credentials: { sftp: credentials },
      };
    }
    if (input.box) {
      const v = input.box;
      const credentials = boxCreds(v.credentials);
      return {
        endpoint: {
          protocol: 'box',
          box: compact({
            provider: 'box',
            clientId: v.app.clientId,
            enterpriseId: v.app.enterpriseId,
            appName: v.app.appName,
            folderId: v.folderId,
            rootDirectory: v.rootDirectory,
            path: v.path,
            credentials,
          }),
        },
        credentials: { box: credentials },
      };
    }
    if (input.googleDrive) {
      const v = input.googleDrive;
      const credentials = gdriveCreds(v.credentials);
      return {
        endpoint: {
          protocol: 'gdrive',
          gdrive: compact({
            provider: 'gdrive',
            driveId: v.driveId,
            driveName: v.driveName,
            folderId: v.folderId,
            path: v.path,
            subject: v.subject,
            tags: tagsOf(v.tags),
            credentials,
          }),
        },
        credentials: { gdrive: credentials },
      };
    }
    if (input.local) {
      return {
        endpoint: { protocol: 'local', local: { path: input.local.path } },
        credentials: null,
      };
    }
    return null;
  })();
  if (!member || !mapped) throw new Error('An endpoint input must set exactly one member');
  return { member, ...mapped };
}

/** The upstream body of the credentials PUT: `{<protocol>: {...}}` for one side. */
export function mapCredentials(input: EndpointCredentialsValue): Json {
  if (input.cifs) return { cifs: cifsCreds(input.cifs) };
  if (input.s3) return { s3: accessKeys(input.s3) };
  if (input.azure) return { azure: azureCreds(input.azure) };
  if (input.sftp) return { sftp: sftpCreds(input.sftp) };
  if (input.box) return { box: boxCreds(input.box) };
  if (input.googleDrive) return { gdrive: gdriveCreds(input.googleDrive) };
  throw new Error('A credentials input must set exactly one member');
}

/** Every SecretValue in a body (to redact them from an upstream message). */
export function secretsOf(value: unknown, found: SecretValue[] = []): SecretValue[] {
  if (value instanceof SecretValue) found.push(value);
  else if (Array.isArray(value)) for (const item of value) secretsOf(item, found);
  else if (isObject(value)) for (const item of Object.values(value)) secretsOf(item, found);
  return found;
}

/** The body as the upstream gets it: every SecretValue revealed. Called only by the client, at send. */
export function revealBody(value: unknown): unknown {
  if (value instanceof SecretValue) return revealSecret(value);
  if (Array.isArray(value)) return value.map(revealBody);
  if (isObject(value)) {
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) out[key] = revealBody(item);
    return out;
  }
  return value;
}
