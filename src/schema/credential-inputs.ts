import { builder } from './builder';

/**
 * The credential inputs of design §2.4. Every secret part is a `Secret` (variables only, never GET,
 * never returned); names and ids that are not secret are plain strings.
 */

export const CifsCredentialsInput = builder.inputType('CifsCredentialsInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.field({ type: 'Secret', required: true }),
    domain: t.string(),
  }),
});

export const AccessKeyCredentialsInput = builder.inputType('AccessKeyCredentialsInput', {
  description: 'S3-compatible storage (StorageGRID, IBM, ONTAP S3, Alibaba).',
  fields: (t) => ({
    accessKey: t.field({ type: 'Secret', required: true }),
    secretKey: t.field({ type: 'Secret', required: true }),
  }),
});

export const AzureStorageCredentialsInput = builder.inputType('AzureStorageCredentialsInput', {
  fields: (t) => ({
    connectionString: t.field({
      type: 'Secret',
      required: true,
      description: 'The storage account connection string (for blob to blob copy, a SAS one).',
    }),
  }),
});

export const SftpCredentialsInput = builder.inputType('SftpCredentialsInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.field({ type: 'Secret', required: true }),
  }),
});

export const GoogleServiceAccountInput = builder.inputType('GoogleServiceAccountInput', {
  fields: (t) => ({
    clientEmail: t.string({ required: true }),
    privateKey: t.field({ type: 'Secret', required: true }),
  }),
});

export const BoxCredentialsInput = builder.inputType('BoxCredentialsInput', {
  fields: (t) => ({
    clientSecret: t.field({ type: 'Secret', required: true }),
    publicKeyId: t.string({ required: true }),
    privateKey: t.field({ type: 'Secret', required: true }),
    passphrase: t.field({ type: 'Secret', required: true }),
  }),
});

export const BoxAppInput = builder.inputType('BoxAppInput', {
  fields: (t) => ({
    clientId: t.string({ required: true }),
    enterpriseId: t.string({ required: true }),
    appName: t.string(),
  }),
});

export const EndpointCredentialsInput = builder.inputType('EndpointCredentialsInput', {
  description: "One endpoint's credentials: exactly one member, the endpoint's kind.",
  isOneOf: true,
  fields: (t) => ({
    cifs: t.field({ type: CifsCredentialsInput }),
    s3: t.field({
      type: AccessKeyCredentialsInput,
      description: 'StorageGRID, IBM, ONTAP S3 or Alibaba.',
    }),
    azure: t.field({ type: AzureStorageCredentialsInput }),
    sftp: t.field({ type: SftpCredentialsInput }),
    box: t.field({ type: BoxCredentialsInput }),
    googleDrive: t.field({ type: GoogleServiceAccountInput }),
  }),
});
