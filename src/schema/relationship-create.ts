import type { EndpointInputValue, MappedEndpoint } from '../cloudsync/endpoint-input';
import { ENDPOINT_MEMBERS, mapCredentials, mapEndpoint } from '../cloudsync/endpoint-input';
import { checkId } from '../cloudsync/inputs';
import type { UpstreamRelationship } from '../cloudsync/relationship-types';
import { builder } from './builder';
import {
  AccessKeyCredentialsInput,
  AzureStorageCredentialsInput,
  BoxAppInput,
  BoxCredentialsInput,
  CifsCredentialsInput,
  EndpointCredentialsInput,
  GoogleServiceAccountInput,
  SftpCredentialsInput,
} from './credential-inputs';
import { relationshipLoaders } from './relationship-loaders';
import {
  attempt,
  checkSettingsPatch,
  checkTag,
  type PayloadModel,
  RelationshipPayloadRef,
  SettingsInput,
  type UserErrorModel,
  upstreamSettingsPatch,
  wrote,
} from './relationship-mutations';
import { TagInput } from './relationships';
import { CifsVersionEnum, NfsVersionEnum } from './storage-versions';

/**
 * Creating a relationship (design §1.3, §1.5): a per-protocol `EndpointInput @oneOf` for each side,
 * mapped to the upstream's tagged form; credentials are `Secret`s, sent top-level and inside the
 * endpoint where SPEC has them (Appendix B rule 5). Checks the gateway can make itself are
 * `userErrors[INVALID_INPUT]` whose `field` is the path into the arguments, before any upstream call.
 */

// ---- Enums (their values are the upstream strings) ----

const NfsProviderEnum = builder.enumType('NfsProvider', {
  values: {
    NFS: { value: 'nfs' },
    ANF: { value: 'anf' },
    CVS: { value: 'cvs' },
    CVO: { value: 'cvo' },
    ONPREM: { value: 'onprem' },
    FSX: { value: 'fsx' },
    EFS: { value: 'efs' },
  } as const,
});
const CifsProviderEnum = builder.enumType('CifsProvider', {
  values: {
    CIFS: { value: 'cifs' },
    ANF: { value: 'anf' },
    CVS: { value: 'cvs' },
    CVO: { value: 'cvo' },
    ONPREM: { value: 'onprem' },
    FSX: { value: 'fsx' },
  } as const,
});
const AzureBlobTierEnum = builder.enumType('AzureBlobTier', {
  values: ['HOT', 'COOL', 'ARCHIVE', 'COLD'] as const,
});
const GcpStorageClassEnum = builder.enumType('GcpStorageClass', {
  values: ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE'] as const,
});
const S3StorageClassEnum = builder.enumType('S3StorageClass', {
  values: [
    'STANDARD',
    'STANDARD_IA',
    'ONEZONE_IA',
    'INTELLIGENT_TIERING',
    'GLACIER',
    'GLACIER_IR',
    'DEEP_ARCHIVE',
    'IA',
  ] as const,
});
const S3EncryptionProtocolEnum = builder.enumType('S3EncryptionProtocol', {
  values: { KMS: { value: 'kms' }, AES256: { value: 'aes256' } } as const,
});
const RestoreTierEnum = builder.enumType('RestoreTier', {
  description: 'Glacier: EXPEDITED, STANDARD or BULK; Deep Archive: STANDARD or BULK.',
  values: {
    EXPEDITED: { value: 'Expedited' },
    STANDARD: { value: 'Standard' },
    BULK: { value: 'Bulk' },
  } as const,
});

// ---- Endpoint inputs ----

const RestoreInput = builder.inputType('RestoreInput', {
  fields: (t) => ({
    days: t.int({ required: true, defaultValue: 1 }),
    tier: t.field({ type: RestoreTierEnum, required: true }),
  }),
});
const S3EncryptionInput = builder.inputType('S3EncryptionInput', {
  fields: (t) => ({
    protocol: t.field({ type: S3EncryptionProtocolEnum, required: true }),
    keyId: t.string(),
  }),
});

const NfsEndpointInput = builder.inputType('NfsEndpointInput', {
  fields: (t) => ({
    host: t.string({ required: true }),
    export: t.string({ required: true }),
    path: t.string(),
    version: t.field({ type: NfsVersionEnum }),
    provider: t.field({ type: NfsProviderEnum, defaultValue: 'nfs' }),
    accessPoint: t.string(),
    workingEnvironmentId: t.string(),
  }),
});
const CifsEndpointInput = builder.inputType('CifsEndpointInput', {
  fields: (t) => ({
    host: t.string({ required: true }),
    share: t.string({ required: true }),
    path: t.string(),
    version: t.field({ type: CifsVersionEnum }),
    provider: t.field({ type: CifsProviderEnum, defaultValue: 'cifs' }),
    credentials: t.field({ type: CifsCredentialsInput, required: true }),
    workingEnvironmentId: t.string(),
  }),
});
const AwsS3EndpointInput = builder.inputType('AwsS3EndpointInput', {
  description: "Amazon S3, through the broker's IAM role (no keys).",
  fields: (t) => ({
    bucket: t.string({ required: true }),
    prefix: t.string(),
    region: t.string(),
    storageClass: t.field({ type: S3StorageClassEnum }),
    encryption: t.field({ type: S3EncryptionInput }),
    privateLinkDns: t.string(),
    tags: t.field({ type: [TagInput] }),
    glacierRestore: t.field({ type: RestoreInput }),
    deepArchiveRestore: t.field({ type: RestoreInput }),
  }),
});
const S3CompatibleEndpointInput = builder.inputType('S3CompatibleEndpointInput', {
  description: 'StorageGRID, IBM Cloud Object Storage or ONTAP S3: a host, a bucket and keys.',
  fields: (t) => ({
    host: t.string({ required: true }),
    port: t.int(),
    bucket: t.string({ required: true }),
    prefix: t.string(),
    credentials: t.field({ type: AccessKeyCredentialsInput, required: true }),
    workingEnvironmentId: t.string(),
  }),
});
const AlibabaEndpointInput = builder.inputType('AlibabaEndpointInput', {
  fields: (t) => ({
    bucket: t.string({ required: true }),
    prefix: t.string(),
    region: t.string(),
    credentials: t.field({ type: AccessKeyCredentialsInput, required: true }),
  }),
});
const AzureBlobEndpointInput = builder.inputType('AzureBlobEndpointInput', {
  fields: (t) => ({
    storageAccountName: t.string({ required: true }),
    container: t.string({ required: true }),
    prefix: t.string(),
    blobTier: t.field({ type: AzureBlobTierEnum }),
    tags: t.field({ type: [TagInput] }),
    credentials: t.field({ type: AzureStorageCredentialsInput }),
  }),
});
const AzureDataLakeEndpointInput = builder.inputType('AzureDataLakeEndpointInput', {
  fields: (t) => ({
    storageAccountName: t.string({ required: true }),
    container: t.string({ required: true }),
    path: t.string(),
    credentials: t.field({ type: AzureStorageCredentialsInput }),
  }),
});
const GcpEndpointInput = builder.inputType('GcpEndpointInput', {
  fields: (t) => ({
    bucket: t.string({ required: true }),
    prefix: t.string(),
    storageClass: t.field({ type: GcpStorageClassEnum }),
    kmsKeyName: t.string(),
    tags: t.field({ type: [TagInput] }),
  }),
});
const SftpEndpointInput = builder.inputType('SftpEndpointInput', {
  fields: (t) => ({
    host: t.string({ required: true }),
    port: t.int({ required: true, defaultValue: 22 }),
    rootDirectory: t.string({ required: true }),
    path: t.string(),
    credentials: t.field({ type: SftpCredentialsInput, required: true }),
  }),
});
const BoxEndpointInput = builder.inputType('BoxEndpointInput', {
  fields: (t) => ({
    app: t.field({ type: BoxAppInput, required: true }),
    folderId: t.string({ required: true }),
    rootDirectory: t.string(),
    path: t.string(),
    credentials: t.field({ type: BoxCredentialsInput, required: true }),
  }),
});
const GoogleDriveEndpointInput = builder.inputType('GoogleDriveEndpointInput', {
  fields: (t) => ({
    driveId: t.string({ required: true }),
    driveName: t.string(),
    folderId: t.string(),
    path: t.string(),
    subject: t.string({ required: true }),
    credentials: t.field({ type: GoogleServiceAccountInput, required: true }),
    tags: t.field({ type: [TagInput] }),
  }),
});
const LocalEndpointInput = builder.inputType('LocalEndpointInput', {
  fields: (t) => ({ path: t.string({ required: true }) }),
});

export const EndpointInput = builder.inputType('EndpointInput', {
  description:
    'One side of a relationship (or a report): exactly one member, the storage kind. Send the ' +
    'whole input as one variable; credentials inside it are Secrets.',
  isOneOf: true,
  fields: (t) => ({
    nfs: t.field({
      type: NfsEndpointInput,
      description: 'An NFS export (provider nfs by default).',
    }),
    cifs: t.field({ type: CifsEndpointInput, description: 'An SMB/CIFS share.' }),
    s3: t.field({ type: AwsS3EndpointInput, description: 'An Amazon S3 bucket.' }),
    sgws: t.field({ type: S3CompatibleEndpointInput, description: 'A StorageGRID bucket.' }),
    ibm: t.field({ type: S3CompatibleEndpointInput, description: 'An IBM COS bucket.' }),
    ontapS3: t.field({ type: S3CompatibleEndpointInput, description: 'An ONTAP S3 bucket.' }),
    alibaba: t.field({ type: AlibabaEndpointInput, description: 'An Alibaba OSS bucket.' }),
    azureBlob: t.field({ type: AzureBlobEndpointInput, description: 'An Azure Blob container.' }),
    azureDataLake: t.field({
      type: AzureDataLakeEndpointInput,
      description: 'An Azure Data Lake Storage Gen2 container.',
    }),
    gcp: t.field({ type: GcpEndpointInput, description: 'A Google Cloud Storage bucket.' }),
    sftp: t.field({ type: SftpEndpointInput, description: 'An SFTP directory.' }),
    box: t.field({ type: BoxEndpointInput, description: 'A Box folder.' }),
    googleDrive: t.field({ type: GoogleDriveEndpointInput, description: 'A Google Drive.' }),
    local: t.field({ type: LocalEndpointInput, description: "A path on the broker's host." }),
  }),
});

export const CreateRelationshipInput = builder.inputType('CreateRelationshipInput', {
  fields: (t) => ({
    groupId: t.id({ required: true, description: 'The data broker group that runs it.' }),
    source: t.field({ type: EndpointInput, required: true }),
    target: t.field({ type: EndpointInput, required: true }),
    name: t.string({ description: 'Becomes the tag "name".' }),
    tags: t.field({ type: [TagInput] }),
    settings: t.field({
      type: SettingsInput,
      description:
        "Only the settings given are sent; the rest are upstream's defaults (syncWhenCreated " +
        'true: the initial copy starts at once).',
    }),
  }),
});

// ---- Checks ----

/** Control characters (C0, DEL, C1, line/paragraph separators, lone surrogates). */
const CONTROL = /[\p{Cc}\u2028\u2029\p{Cs}]/u;
const HOST = /^[A-Za-z0-9._:[\]-]{1,253}$/;

type Path = string[];

class Checker {
  readonly errors: UserErrorModel[] = [];

  add(field: Path, message: string): void {
    this.errors.push({ code: 'INVALID_INPUT', message, field });
  }

  text(field: Path, value: string | null | undefined, required: boolean, max = 1024): void {
    if (value === null || value === undefined) return;
    const name = field[field.length - 1] ?? 'value';
    if (required && value.trim() === '') this.add(field, `${name} must not be empty`);
    else if (value.length > max) this.add(field, `${name} must have at most ${max} characters`);
    else if (CONTROL.test(value)) this.add(field, `${name} must not contain control characters`);
  }

  host(field: Path, value: string | null | undefined): void {
    if (value === null || value === undefined) return;
    if (!HOST.test(value)) this.add(field, 'host must be a host name or an IP address');
  }

  port(field: Path, value: number | null | undefined): void {
    if (value === null || value === undefined) return;
    if (value < 1 || value > 65535) this.add(field, 'port must be from 1 to 65535');
  }

  tags(field: Path, tags: readonly { key: string; value: string }[] | null | undefined): void {
    (tags ?? []).forEach((tag, index) => {
      const error = checkTag(tag.key, tag.value, [...field, String(index)]);
      if (error) this.errors.push(error);
    });
  }
}

/** The gateway's own checks of one endpoint; `at` is its path, e.g. ["input", "source"]. */
export function checkEndpoint(check: Checker, at: Path, input: EndpointInputValue): void {
  const member = ENDPOINT_MEMBERS.find((name) => input[name] !== undefined && input[name] !== null);
  if (!member) {
    check.add(at, 'Set exactly one kind of endpoint');
    return;
  }
  const p = (...rest: string[]) => [...at, member, ...rest];
  const v = input[member] as unknown as Record<string, unknown>;
  const str = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : null);
  if ('host' in v) check.host(p('host'), str('host'));
  if ('port' in v) check.port(p('port'), typeof v.port === 'number' ? v.port : null);
  for (const name of [
    'export',
    'share',
    'bucket',
    'container',
    'storageAccountName',
    'rootDirectory',
    'folderId',
    'driveId',
    'subject',
  ]) {
    if (name in v) check.text(p(name), str(name), true);
  }
  for (const name of ['path', 'prefix', 'region', 'driveName', 'kmsKeyName', 'accessPoint']) {
    if (name in v) check.text(p(name), str(name), false);
  }
  if (member === 'local') check.text(p('path'), str('path'), true);
  const tags = v.tags as readonly { key: string; value: string }[] | null | undefined;
  check.tags(p('tags'), tags);
  const credentials = v.credentials as Record<string, unknown> | null | undefined;
  for (const name of ['username', 'clientEmail', 'publicKeyId']) {
    const value = credentials?.[name];
    if (typeof value === 'string') check.text(p('credentials', name), value, true, 4096);
  }
  const app = v.app as Record<string, unknown> | undefined;
  if (app) {
    for (const name of ['clientId', 'enterpriseId']) {
      const value = app[name];
      if (typeof value === 'string') check.text(p('app', name), value, true);
    }
  }
}

const VALID_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** A userError for an id that can only be a mistake (it would travel in a path). */
function checkIdField(check: Checker, field: Path, value: string): void {
  if (!VALID_ID.test(value)) check.add(field, `${field[field.length - 1]} is not a valid id`);
}

// ---- Mutations ----

builder.mutationFields((t) => ({
  createRelationship: t.field({
    type: RelationshipPayloadRef,
    description:
      'Creates a relationship; upstream answers with it (202) and, by default, starts its initial ' +
      'copy at once: watch it with `relationshipProgress`. Checks of the input are `userErrors` ' +
      'whose `field` is the path into the arguments, e.g. ["input", "source", "nfs", "host"].',
    args: {
      accountId: t.arg.id({ required: true }),
      input: t.arg({ type: CreateRelationshipInput, required: true }),
    },
    resolve: async (_root, args, ctx): Promise<PayloadModel> => {
      const accountId = checkId('accountId', args.accountId);
      const caller = ctx.requireCaller();
      const input = args.input;
      const check = new Checker();
      checkIdField(check, ['input', 'groupId'], input.groupId);
      checkEndpoint(check, ['input', 'source'], input.source);
      checkEndpoint(check, ['input', 'target'], input.target);
      if (input.name !== null && input.name !== undefined) {
        const name = input.name.trim();
        if (!name || name.length > 256) {
          check.add(['input', 'name'], 'name must have 1 to 256 characters');
        }
      }
      check.tags(['input', 'tags'], input.tags);
      if ((input.tags ?? []).some((tag) => tag.key === 'name') && input.name) {
        check.add(['input', 'tags'], 'Give the name either as `name` or as the tag "name"');
      }
      if (input.settings) {
        for (const error of checkSettingsPatch(input.settings)) {
          check.errors.push({
            ...error,
            field: ['input', 'settings', ...(error.field ?? []).slice(1)],
          });
        }
      }
      if (check.errors.length > 0) return { accountId, id: '', userErrors: check.errors };
      const source: MappedEndpoint = mapEndpoint(input.source);
      const target: MappedEndpoint = mapEndpoint(input.target);
      const tags = [
        ...(input.name ? [{ key: 'name', value: input.name.trim() }] : []),
        ...(input.tags ?? []).map(({ key, value }) => ({ key, value })),
      ];
      const created: { rel: UpstreamRelationship | null } = { rel: null };
      const userErrors = await attempt(async () => {
        created.rel = await ctx.cloudsync.relationships.createRelationship(caller, accountId, {
          groupId: input.groupId,
          source,
          target,
          settings: input.settings ? upstreamSettingsPatch(input.settings) : null,
          tags,
        });
      });
      const rel = created.rel;
      if (!rel) return { accountId, id: '', userErrors };
      wrote(ctx, accountId, []);
      // The 202 body is the relationship: the payload serves it without reading it again.
      relationshipLoaders(ctx).byId.prime(JSON.stringify([accountId, rel.id]), rel);
      return { accountId, id: rel.id, userErrors };
    },
  }),
  updateRelationshipCredentials: t.field({
    type: RelationshipPayloadRef,
    description:
      "Replaces the stored credentials of the relationship's source and/or target (Secrets: " +
      'variables only). A run that failed on credentials succeeds on the next sync.',
    args: {
      accountId: t.arg.id({ required: true }),
      id: t.arg.id({ required: true }),
      source: t.arg({ type: EndpointCredentialsInput }),
      target: t.arg({ type: EndpointCredentialsInput }),
    },
    resolve: async (_root, args, ctx): Promise<PayloadModel> => {
      const accountId = checkId('accountId', args.accountId);
      const id = checkId('id', args.id);
      const caller = ctx.requireCaller();
      if (!args.source && !args.target) {
        return {
          accountId,
          id,
          userErrors: [
            { code: 'INVALID_INPUT', message: 'Give source, target or both', field: ['source'] },
          ],
        };
      }
      const userErrors = await attempt(() =>
        ctx.cloudsync.relationships.updateRelationshipCredentials(caller, accountId, id, {
          source: args.source ? mapCredentials(args.source) : null,
          target: args.target ? mapCredentials(args.target) : null,
        }),
      );
      wrote(ctx, accountId, [id]);
      return { accountId, id, userErrors };
    },
  }),
}));

export { Checker };
