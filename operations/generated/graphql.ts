/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** S3-compatible storage (StorageGRID, IBM, ONTAP S3, Alibaba). */
export type AccessKeyCredentialsInput = {
  accessKey: unknown;
  secretKey: unknown;
};

/** The arguments of list-alibaba-bucket-folders (DataBrokerGroup.alibabaBucketFolders). */
export type AlibabaBucketFoldersRequest = {
  bucket: string;
  credentials: AccessKeyCredentialsInput;
  prefix?: string | null | undefined;
};

/** The arguments of list-alibaba-buckets (DataBrokerGroup.alibabaBuckets). */
export type AlibabaBucketsRequest = {
  credentials: AccessKeyCredentialsInput;
};

export type AlibabaEndpointInput = {
  bucket: string;
  credentials: AccessKeyCredentialsInput;
  prefix?: string | null | undefined;
  region?: string | null | undefined;
};

/** The arguments of list-aws-kms-keys (DataBrokerGroup.awsKmsKeys). */
export type AwsKmsKeysRequest = {
  bucket: string;
};

/** Amazon S3, through the broker's IAM role (no keys). */
export type AwsS3EndpointInput = {
  bucket: string;
  deepArchiveRestore?: RestoreInput | null | undefined;
  encryption?: S3EncryptionInput | null | undefined;
  glacierRestore?: RestoreInput | null | undefined;
  prefix?: string | null | undefined;
  privateLinkDns?: string | null | undefined;
  region?: string | null | undefined;
  storageClass?: S3StorageClass | null | undefined;
  tags?: Array<TagInput> | null | undefined;
};

/** The arguments of list-azure-blob-storage-container-folders (DataBrokerGroup.azureBlobContainerFolders). */
export type AzureBlobContainerFoldersRequest = {
  container: string;
  credentials: AzureStorageCredentialsInput;
  prefix?: string | null | undefined;
  storageAccountName: string;
};

/** The arguments of list-azure-blob-storage-containers (DataBrokerGroup.azureBlobContainers). */
export type AzureBlobContainersRequest = {
  credentials: AzureStorageCredentialsInput;
  storageAccountName: string;
};

export type AzureBlobEndpointInput = {
  blobTier?: AzureBlobTier | null | undefined;
  container: string;
  credentials?: AzureStorageCredentialsInput | null | undefined;
  prefix?: string | null | undefined;
  storageAccountName: string;
  tags?: Array<TagInput> | null | undefined;
};

export type AzureBlobTier =
  | 'ARCHIVE'
  | 'COLD'
  | 'COOL'
  | 'HOT';

/** The arguments of list-azure-dataLake-storage-container-folders (DataBrokerGroup.azureDataLakeContainerFolders). */
export type AzureDataLakeContainerFoldersRequest = {
  container: string;
  credentials: AzureStorageCredentialsInput;
  path?: string | null | undefined;
  storageAccountName: string;
};

/** The arguments of list-azure-dataLake-storage-containers (DataBrokerGroup.azureDataLakeContainers). */
export type AzureDataLakeContainersRequest = {
  credentials: AzureStorageCredentialsInput;
  storageAccountName: string;
};

export type AzureDataLakeEndpointInput = {
  container: string;
  credentials?: AzureStorageCredentialsInput | null | undefined;
  path?: string | null | undefined;
  storageAccountName: string;
};

export type AzureStorageCredentialsInput = {
  /** The storage account connection string (for blob to blob copy, a SAS one). */
  connectionString: unknown;
};

export type BoxAppInput = {
  appName?: string | null | undefined;
  clientId: string;
  enterpriseId: string;
};

export type BoxCredentialsInput = {
  clientSecret: unknown;
  passphrase: unknown;
  privateKey: unknown;
  publicKeyId: string;
};

export type BoxEndpointInput = {
  app: BoxAppInput;
  credentials: BoxCredentialsInput;
  folderId: string;
  path?: string | null | undefined;
  rootDirectory?: string | null | undefined;
};

/** The arguments of list-box-folders (DataBrokerGroup.boxFolders). */
export type BoxFoldersRequest = {
  app: BoxAppInput;
  credentials: BoxCredentialsInput;
  folderId: string;
  folderName?: string | null | undefined;
};

/** The arguments of list-box-root-folder (DataBrokerGroup.boxRootFolder). */
export type BoxRootFolderRequest = {
  app: BoxAppInput;
  credentials: BoxCredentialsInput;
};

export type CifsCredentialsInput = {
  domain?: string | null | undefined;
  password: unknown;
  username: string;
};

export type CifsEndpointInput = {
  credentials: CifsCredentialsInput;
  host: string;
  path?: string | null | undefined;
  provider?: CifsProvider | null | undefined;
  share: string;
  version?: CifsVersion | null | undefined;
  workingEnvironmentId?: string | null | undefined;
};

export type CifsProvider =
  | 'ANF'
  | 'CIFS'
  | 'CVO'
  | 'CVS'
  | 'FSX'
  | 'ONPREM';

/** The arguments of list-cifs-share-folders (DataBrokerGroup.cifsShareFolders). */
export type CifsShareFoldersRequest = {
  credentials: CifsCredentialsInput;
  host: string;
  path?: string | null | undefined;
  share: string;
  version?: CifsVersion | null | undefined;
};

/** The arguments of list-cifs-shares (DataBrokerGroup.cifsShares). */
export type CifsSharesRequest = {
  credentials: CifsCredentialsInput;
  host: string;
  version?: CifsVersion | null | undefined;
};

export type CifsVersion =
  | 'V1_0'
  | 'V2_0'
  | 'V2_1'
  | 'V3_0'
  | 'V3_11';

export type CompareByInput = {
  gid?: boolean | null | undefined;
  mode?: boolean | null | undefined;
  mtime?: boolean | null | undefined;
  uid?: boolean | null | undefined;
};

export type CopyPropertiesInput = {
  metadata?: boolean | null | undefined;
  tags?: boolean | null | undefined;
};

export type CreateRelationshipInput = {
  /** The data broker group that runs it. */
  groupId: string | number;
  /** Becomes the tag "name". */
  name?: string | null | undefined;
  /** Only the settings given are sent; the rest are upstream's defaults (syncWhenCreated true: the initial copy starts at once). */
  settings?: RelationshipSettingsInput | null | undefined;
  source: EndpointInput;
  tags?: Array<TagInput> | null | undefined;
  target: EndpointInput;
};

export type DataBrokerStatus =
  /** Online. */
  | 'COMPLETE'
  /** Not online; `statusMessage` says why. */
  | 'FAILED'
  /** Has never contacted the service yet. */
  | 'PENDING'
  /** A status this gateway does not know. */
  | 'UNKNOWN';

export type DataBrokerType =
  | 'AWS'
  | 'AZURE'
  | 'GCP'
  | 'ONPREM';

export type DirectoryFilterInput = {
  excludeByRegex?: Array<string> | null | undefined;
  excludeNames?: Array<string> | null | undefined;
};

/** One endpoint's credentials: exactly one member, the endpoint's kind. */
export type EndpointCredentialsInput =
  {   azure: AzureStorageCredentialsInput; box?: never; cifs?: never; googleDrive?: never; s3?: never; sftp?: never; }
  |  { azure?: never;   box: BoxCredentialsInput; cifs?: never; googleDrive?: never; s3?: never; sftp?: never; }
  |  { azure?: never; box?: never;   cifs: CifsCredentialsInput; googleDrive?: never; s3?: never; sftp?: never; }
  |  { azure?: never; box?: never; cifs?: never;   googleDrive: GoogleServiceAccountInput; s3?: never; sftp?: never; }
  |  { azure?: never; box?: never; cifs?: never; googleDrive?: never;   /** StorageGRID, IBM, ONTAP S3 or Alibaba. */
  s3: AccessKeyCredentialsInput; sftp?: never; }
  |  { azure?: never; box?: never; cifs?: never; googleDrive?: never; s3?: never;   sftp: SftpCredentialsInput; };

/** One side of a relationship (or a report): exactly one member, the storage kind. Send the whole input as one variable; credentials inside it are Secrets. */
export type EndpointInput =
  {   /** An Alibaba OSS bucket. */
  alibaba: AlibabaEndpointInput; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never;   /** An Azure Blob container. */
  azureBlob: AzureBlobEndpointInput; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never;   /** An Azure Data Lake Storage Gen2 container. */
  azureDataLake: AzureDataLakeEndpointInput; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never;   /** A Box folder. */
  box: BoxEndpointInput; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never;   /** An SMB/CIFS share. */
  cifs: CifsEndpointInput; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never;   /** A Google Cloud Storage bucket. */
  gcp: GcpEndpointInput; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never;   /** A Google Drive. */
  googleDrive: GoogleDriveEndpointInput; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never;   /** An IBM COS bucket. */
  ibm: S3CompatibleEndpointInput; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never;   /** A path on the broker's host. */
  local: LocalEndpointInput; nfs?: never; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never;   /** An NFS export (provider nfs by default). */
  nfs: NfsEndpointInput; ontapS3?: never; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never;   /** An ONTAP S3 bucket. */
  ontapS3: S3CompatibleEndpointInput; s3?: never; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never;   /** An Amazon S3 bucket. */
  s3: AwsS3EndpointInput; sftp?: never; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never;   /** An SFTP directory. */
  sftp: SftpEndpointInput; sgws?: never; }
  |  { alibaba?: never; azureBlob?: never; azureDataLake?: never; box?: never; cifs?: never; gcp?: never; googleDrive?: never; ibm?: never; local?: never; nfs?: never; ontapS3?: never; s3?: never; sftp?: never;   /** A StorageGRID bucket. */
  sgws: S3CompatibleEndpointInput; };

export type EndpointProtocol =
  | 'AZURE'
  | 'BOX'
  | 'CIFS'
  | 'GCP'
  | 'GDRIVE'
  | 'LOCAL'
  | 'NFS'
  | 'S3'
  | 'SFTP'
  | 'UNKNOWN';

export type FileFilterInput = {
  excludeByRegex?: Array<string> | null | undefined;
  excludeExtensions?: Array<string> | null | undefined;
  maxCreationDate?: string | null | undefined;
  maxDate?: string | null | undefined;
  maxSize?: unknown;
  minCreationDate?: string | null | undefined;
  minDate?: string | null | undefined;
  minSize?: unknown;
};

export type FileTypeFilterInput = {
  dirs?: boolean | null | undefined;
  files?: boolean | null | undefined;
  hardlinks?: boolean | null | undefined;
  symlinks?: boolean | null | undefined;
};

/** The arguments of list-gcp-bucket-folders (DataBrokerGroup.gcpBucketFolders). */
export type GcpBucketFoldersRequest = {
  bucket: string;
  prefix?: string | null | undefined;
};

export type GcpEndpointInput = {
  bucket: string;
  kmsKeyName?: string | null | undefined;
  prefix?: string | null | undefined;
  storageClass?: GcpStorageClass | null | undefined;
  tags?: Array<TagInput> | null | undefined;
};

/** The arguments of list-gcp-kms-keys (DataBrokerGroup.gcpKmsKeys). */
export type GcpKmsKeysRequest = {
  bucket: string;
};

export type GcpStorageClass =
  | 'ARCHIVE'
  | 'COLDLINE'
  | 'NEARLINE'
  | 'STANDARD';

export type GoogleDriveEndpointInput = {
  credentials: GoogleServiceAccountInput;
  driveId: string;
  driveName?: string | null | undefined;
  folderId?: string | null | undefined;
  path?: string | null | undefined;
  subject: string;
  tags?: Array<TagInput> | null | undefined;
};

/** The arguments of list-google-drive-folders (DataBrokerGroup.googleDriveFolders). */
export type GoogleDriveFoldersRequest = {
  credentials: GoogleServiceAccountInput;
  driveId: string;
  folderId?: string | null | undefined;
  folderName?: string | null | undefined;
  subject: string;
};

/** The arguments of list-google-drives (DataBrokerGroup.googleDrives). */
export type GoogleDrivesRequest = {
  credentials: GoogleServiceAccountInput;
  subject: string;
};

export type GoogleServiceAccountInput = {
  clientEmail: string;
  privateKey: unknown;
};

/** Which listing to run, and its arguments: exactly one member (a no-argument listing takes `true`). */
export type GroupListingRequest =
  {   alibabaBucketFolders: AlibabaBucketFoldersRequest; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never;   alibabaBuckets: AlibabaBucketsRequest; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never;   awsKmsKeys: AwsKmsKeysRequest; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never;   azureBlobContainerFolders: AzureBlobContainerFoldersRequest; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never;   azureBlobContainers: AzureBlobContainersRequest; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never;   azureDataLakeContainerFolders: AzureDataLakeContainerFoldersRequest; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never;   azureDataLakeContainers: AzureDataLakeContainersRequest; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never;   boxFolders: BoxFoldersRequest; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never;   boxRootFolder: BoxRootFolderRequest; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never;   cifsShareFolders: CifsShareFoldersRequest; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never;   cifsShares: CifsSharesRequest; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never;   gcpBucketFolders: GcpBucketFoldersRequest; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never;   gcpBuckets: boolean; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never;   gcpKmsKeys: GcpKmsKeysRequest; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never;   googleDriveFolders: GoogleDriveFoldersRequest; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never;   googleDrives: GoogleDrivesRequest; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never;   ibmBucketFolders: IbmBucketFoldersRequest; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never;   ibmBuckets: IbmBucketsRequest; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never;   nfsExportFolders: NfsExportFoldersRequest; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never;   nfsExports: NfsExportsRequest; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never;   ontapS3BucketFolders: OntapS3BucketFoldersRequest; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never;   ontapS3Buckets: OntapS3BucketsRequest; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never;   s3BucketFolders: S3BucketFoldersRequest; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never;   s3Buckets: boolean; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never;   s3PrivateLinks: S3PrivateLinksRequest; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never;   sftpDirectories: SftpDirectoriesRequest; sftpRootDirectory?: never; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never;   sftpRootDirectory: SftpRootDirectoryRequest; sgwsBucketFolders?: never; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never;   sgwsBucketFolders: SgwsBucketFoldersRequest; sgwsBuckets?: never; }
  |  { alibabaBucketFolders?: never; alibabaBuckets?: never; awsKmsKeys?: never; azureBlobContainerFolders?: never; azureBlobContainers?: never; azureDataLakeContainerFolders?: never; azureDataLakeContainers?: never; boxFolders?: never; boxRootFolder?: never; cifsShareFolders?: never; cifsShares?: never; gcpBucketFolders?: never; gcpBuckets?: never; gcpKmsKeys?: never; googleDriveFolders?: never; googleDrives?: never; ibmBucketFolders?: never; ibmBuckets?: never; nfsExportFolders?: never; nfsExports?: never; ontapS3BucketFolders?: never; ontapS3Buckets?: never; s3BucketFolders?: never; s3Buckets?: never; s3PrivateLinks?: never; sftpDirectories?: never; sftpRootDirectory?: never; sgwsBucketFolders?: never;   sgwsBuckets: SgwsBucketsRequest; };

/** The arguments of list-ibm-bucket-folders (DataBrokerGroup.ibmBucketFolders). */
export type IbmBucketFoldersRequest = {
  bucket: string;
  credentials: AccessKeyCredentialsInput;
  host: string;
  port?: number | null | undefined;
  prefix?: string | null | undefined;
};

/** The arguments of list-ibm-buckets (DataBrokerGroup.ibmBuckets). */
export type IbmBucketsRequest = {
  credentials: AccessKeyCredentialsInput;
  host: string;
  port: number;
};

export type IntervalInput = {
  days?: number | null | undefined;
  hours?: number | null | undefined;
  minutes?: number | null | undefined;
};

export type ListingStatus =
  | 'FAILED'
  | 'PENDING'
  | 'READY';

export type LocalEndpointInput = {
  path: string;
};

export type NfsEndpointInput = {
  accessPoint?: string | null | undefined;
  export: string;
  host: string;
  path?: string | null | undefined;
  provider?: NfsProvider | null | undefined;
  version?: NfsVersion | null | undefined;
  workingEnvironmentId?: string | null | undefined;
};

/** The arguments of list-nfs-export-folders (DataBrokerGroup.nfsExportFolders). */
export type NfsExportFoldersRequest = {
  accessPoint?: string | null | undefined;
  exportName: string;
  host: string;
  isEfs?: boolean | null | undefined;
  path?: string | null | undefined;
  version?: NfsVersion | null | undefined;
};

/** The arguments of list-nfs-exports (DataBrokerGroup.nfsExports). */
export type NfsExportsRequest = {
  host: string;
  isEfs?: boolean | null | undefined;
};

export type NfsProvider =
  | 'ANF'
  | 'CVO'
  | 'CVS'
  | 'EFS'
  | 'FSX'
  | 'NFS'
  | 'ONPREM';

export type NfsVersion =
  | 'V3'
  | 'V4_0'
  | 'V4_1'
  | 'V4_2';

export type NotificationsInput = {
  aborted?: boolean | null | undefined;
  done?: boolean | null | undefined;
  failed?: boolean | null | undefined;
  runningContinuously?: boolean | null | undefined;
};

/** The arguments of list-ontap-s3-bucket-folders (DataBrokerGroup.ontapS3BucketFolders). */
export type OntapS3BucketFoldersRequest = {
  bucket: string;
  credentials: AccessKeyCredentialsInput;
  host: string;
  port?: number | null | undefined;
  prefix?: string | null | undefined;
};

/** The arguments of list-ontap-s3-buckets (DataBrokerGroup.ontapS3Buckets). */
export type OntapS3BucketsRequest = {
  credentials: AccessKeyCredentialsInput;
  host: string;
  port?: number | null | undefined;
};

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** Every criterion given must hold. */
export type RelationshipFilter = {
  groupId?: Array<string | number> | null | undefined;
  /** A failure message, top errors, broker errors or failed files. */
  hasErrors?: boolean | null | undefined;
  /** Case-insensitive substring of the name, the labels, hosts, buckets and paths. */
  search?: string | null | undefined;
  sourceProtocol?: Array<EndpointProtocol> | null | undefined;
  status?: Array<RelationshipStatus> | null | undefined;
  /** Every pair must match. */
  tags?: Array<TagInput> | null | undefined;
  targetProtocol?: Array<EndpointProtocol> | null | undefined;
};

export type RelationshipOrder = {
  direction?: OrderDirection;
  field: RelationshipOrderField;
};

export type RelationshipOrderField =
  | 'BYTES_COPIED'
  | 'CREATED_AT'
  | 'LAST_RUN_END'
  | 'NAME'
  | 'PROGRESS'
  | 'STATUS';

export type RelationshipRunType =
  /** The first run ("Initial Copy"). */
  | 'INITIAL_COPY'
  /** A later run ("Sync"). */
  | 'SYNC'
  /** A run type this gateway does not know. */
  | 'UNKNOWN';

/** A patch: only the fields given change; every other setting is kept. */
export type RelationshipSettingsInput = {
  compareBy?: CompareByInput | null | undefined;
  continuousSync?: boolean | null | undefined;
  copyAcl?: boolean | null | undefined;
  copyData?: boolean | null | undefined;
  copyProperties?: CopyPropertiesInput | null | undefined;
  deleteOnSource?: boolean | null | undefined;
  deleteOnTarget?: boolean | null | undefined;
  directories?: DirectoryFilterInput | null | undefined;
  fileTypes?: FileTypeFilterInput | null | undefined;
  files?: FileFilterInput | null | undefined;
  gracePeriodSeconds?: number | null | undefined;
  notifications?: NotificationsInput | null | undefined;
  objectTagging?: boolean | null | undefined;
  retries?: number | null | undefined;
  schedule?: ScheduleInput | null | undefined;
  scheduleAbort?: ScheduleAbortInput | null | undefined;
};

export type RelationshipStatus =
  /** The last run was aborted. */
  | 'ABORTED'
  /** The last run ended well. */
  | 'DONE'
  /** The last run failed: see `failureMessage` and `topErrors`. */
  | 'FAILED'
  /** Created or requested, not running yet. */
  | 'PENDING'
  /** A run is in progress. */
  | 'RUNNING'
  /** A status this gateway does not know (see `statusRaw`). */
  | 'UNKNOWN';

/** Only DONE is known from real data; an unknown status is UNKNOWN (see statusRaw). */
export type ReportStatus =
  | 'DONE'
  | 'FAILED'
  | 'RUNNING'
  | 'UNKNOWN';

export type RestoreInput = {
  days?: number;
  tier: RestoreTier;
};

/** Glacier: EXPEDITED, STANDARD or BULK; Deep Archive: STANDARD or BULK. */
export type RestoreTier =
  | 'BULK'
  | 'EXPEDITED'
  | 'STANDARD';

/** The arguments of list-s3-bucket-folders (DataBrokerGroup.s3BucketFolders). */
export type S3BucketFoldersRequest = {
  bucket: string;
  prefix?: string | null | undefined;
};

/** StorageGRID, IBM Cloud Object Storage or ONTAP S3: a host, a bucket and keys. */
export type S3CompatibleEndpointInput = {
  bucket: string;
  credentials: AccessKeyCredentialsInput;
  host: string;
  port?: number | null | undefined;
  prefix?: string | null | undefined;
  workingEnvironmentId?: string | null | undefined;
};

export type S3EncryptionInput = {
  keyId?: string | null | undefined;
  protocol: S3EncryptionProtocol;
};

export type S3EncryptionProtocol =
  | 'AES256'
  | 'KMS';

/** The arguments of list-s3-private-links (DataBrokerGroup.s3PrivateLinks). */
export type S3PrivateLinksRequest = {
  bucketName?: string | null | undefined;
  region: string;
};

export type S3StorageClass =
  | 'DEEP_ARCHIVE'
  | 'GLACIER'
  | 'GLACIER_IR'
  | 'IA'
  | 'INTELLIGENT_TIERING'
  | 'ONEZONE_IA'
  | 'STANDARD'
  | 'STANDARD_IA';

export type ScheduleAbortInput = {
  after?: IntervalInput | null | undefined;
  enabled?: boolean | null | undefined;
};

export type ScheduleInput = {
  enabled?: boolean | null | undefined;
  every?: IntervalInput | null | undefined;
  syncWhenCreated?: boolean | null | undefined;
};

export type SftpCredentialsInput = {
  password: unknown;
  username: string;
};

/** The arguments of list-sftp-directories (DataBrokerGroup.sftpDirectories). */
export type SftpDirectoriesRequest = {
  credentials: SftpCredentialsInput;
  host: string;
  path?: string | null | undefined;
  port: number;
  rootDirectory: string;
};

export type SftpEndpointInput = {
  credentials: SftpCredentialsInput;
  host: string;
  path?: string | null | undefined;
  port?: number;
  rootDirectory: string;
};

/** The arguments of list-sftp-root-directory (DataBrokerGroup.sftpRootDirectory). */
export type SftpRootDirectoryRequest = {
  credentials: SftpCredentialsInput;
  host: string;
  port: number;
};

/** The arguments of list-sgws-bucket-folders (DataBrokerGroup.sgwsBucketFolders). */
export type SgwsBucketFoldersRequest = {
  bucket: string;
  credentials: AccessKeyCredentialsInput;
  host: string;
  port?: number | null | undefined;
  prefix?: string | null | undefined;
};

/** The arguments of list-sgws-buckets (DataBrokerGroup.sgwsBuckets). */
export type SgwsBucketsRequest = {
  credentials: AccessKeyCredentialsInput;
  host: string;
  port: number;
};

export type TagInput = {
  key: string;
  value: string;
};

export type UserErrorCode =
  | 'ABORT_REJECTED'
  | 'GROUP_HAS_NO_BROKERS'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'SYNC_ALREADY_RUNNING'
  | 'UPSTREAM_REJECTED';

export type BrokersQueryVariables = Exact<{ [key: string]: never; }>;


export type BrokersQuery = { accounts: Array<{ id: string, name: string, dataBrokers: Array<{ id: string, name: string, type: DataBrokerType, status: DataBrokerStatus, group: { name: string } | null }> }> };

export type S3BucketsQueryVariables = Exact<{
  accountId: string | number;
  dataBrokerId: string | number;
  timeoutSeconds?: number | null | undefined;
}>;


export type S3BucketsQuery = { account: { dataBroker: { s3Buckets: Array<{ name: string, region: { name: string, displayName: string | null } | null, tags: Array<{ key: string, value: string }> }> } | null } | null };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, expiresAt: unknown } };

export type S3BucketListingSubscriptionVariables = Exact<{
  accountId: string | number;
  dataBrokerId: string | number;
}>;


export type S3BucketListingSubscription = { s3BucketListing: { status: ListingStatus, buckets: Array<{ name: string }> | null, error: { code: string, message: string } | null } };

export type CreateRelationshipMutationVariables = Exact<{
  accountId: string | number;
  input: CreateRelationshipInput;
}>;


export type CreateRelationshipMutation = { createRelationship: { relationship: { id: string, name: string | null, displayName: string, source:
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
      , target:
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
      , activity: { status: RelationshipStatus, runType: RelationshipRunType, progress: number | null } } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type UpdateRelationshipCredentialsMutationVariables = Exact<{
  accountId: string | number;
  id: string | number;
  source?: EndpointCredentialsInput | null | undefined;
  target?: EndpointCredentialsInput | null | undefined;
}>;


export type UpdateRelationshipCredentialsMutation = { updateRelationshipCredentials: { relationship: { id: string } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type KnownHostsQueryVariables = Exact<{
  accountId: string | number;
  protocol: EndpointProtocol;
  provider?: string | null | undefined;
}>;


export type KnownHostsQuery = { account: { id: string, knownHosts: Array<{ id: string, host: string, lastSeen: unknown }> } | null };

export type CreateReportMutationVariables = Exact<{
  accountId: string | number;
  endpoint: EndpointInput;
}>;


export type CreateReportMutation = { createReport: { report: { id: string, status: ReportStatus, endpoint:
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
        | { protocol: EndpointProtocol, label: string }
       } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ReportsQueryVariables = Exact<{
  accountId: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReportsQuery = { account: { id: string, reports: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, status: ReportStatus, statusRaw: string, startTime: unknown, endTime: unknown, durationMs: number | null, reason: string | null, endpoint:
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
          | { protocol: EndpointProtocol, provider: string, label: string }
        , totals: { directories: unknown, files: unknown, objects: unknown, size: unknown, failed: unknown } | null, errors: Array<{ errorCode: string, count: number, description: string | null }>, distributions: { modifiedTime: Array<{ label: string, count: unknown }>, size: Array<{ label: string, count: unknown }>, storageClass: Array<{ label: string, count: unknown }> } | null, relationships: Array<{ id: string, displayName: string }> }> } } | null };

export type ReportQueryVariables = Exact<{
  accountId: string | number;
  id: string | number;
}>;


export type ReportQuery = { account: { id: string, report: { id: string, status: ReportStatus, statusRaw: string, startTime: unknown, endTime: unknown, durationMs: number | null, reason: string | null, endpoint:
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
        | { protocol: EndpointProtocol, provider: string, label: string }
      , totals: { directories: unknown, files: unknown, objects: unknown, size: unknown, failed: unknown } | null, errors: Array<{ errorCode: string, count: number, description: string | null }>, distributions: { modifiedTime: Array<{ label: string, count: unknown }>, size: Array<{ label: string, count: unknown }>, storageClass: Array<{ label: string, count: unknown }> } | null } | null } | null };

export type DeleteReportsMutationVariables = Exact<{
  accountId: string | number;
  ids: Array<string | number> | string | number;
}>;


export type DeleteReportsMutation = { deleteReports: { deletedIds: Array<string>, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ReportProgressSubscriptionVariables = Exact<{
  accountId: string | number;
  id: string | number;
}>;


export type ReportProgressSubscription = { reportProgress: { final: boolean, observedAt: unknown, report: { id: string, status: ReportStatus, totals: { files: unknown, size: unknown } | null } } };

export type GroupsQueryVariables = Exact<{
  accountId: string | number;
}>;


export type GroupsQuery = { account: { id: string, dataBrokerGroups: Array<{ id: string, name: string, dataBrokers: Array<{ id: string, name: string, status: DataBrokerStatus }> }> } | null };

export type CifsSharesQueryVariables = Exact<{
  accountId: string | number;
  groupId: string | number;
  host: string;
  credentials: CifsCredentialsInput;
}>;


export type CifsSharesQuery = { account: { dataBrokerGroup: { cifsShares: Array<{ name: string }> } | null } | null };

export type GroupListingSubscriptionVariables = Exact<{
  accountId: string | number;
  groupId: string | number;
  request: GroupListingRequest;
  timeoutSeconds?: number | null | undefined;
}>;


export type GroupListingSubscription = { groupListing: { status: ListingStatus, operation: string, requestedAt: unknown, completedAt: unknown, items: Array<
      | { __typename: 'CifsShare', name: string }
      | { __typename: 'KmsKey', name: string }
      | { __typename: 'NfsExport', name: string }
      | { __typename: 'NfsFolder', name: string }
      | { __typename: 'S3Bucket', name: string }
      | { __typename: 'S3PrivateLink', name: string }
      | { __typename: 'StorageContainer', id: string | null, name: string, region: { name: string } | null }
      | { __typename: 'StorageFolder', path: string, id: string | null, name: string }
    > | null, error: { code: string, message: string } | null } };

export type RelationshipsQueryVariables = Exact<{
  accountId: string | number;
  filter?: RelationshipFilter | null | undefined;
  orderBy?: Array<RelationshipOrder> | RelationshipOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RelationshipsQuery = { account: { id: string, relationships: { totalCount: number, statusCounts: Array<{ status: RelationshipStatus, count: number }>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, displayName: string, source:
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
        , target:
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
          | { protocol: EndpointProtocol, label: string }
        , activity: { status: RelationshipStatus, runType: RelationshipRunType, progress: number | null, endTime: unknown, counters: { copied: { files: unknown, bytes: unknown } } }, group: { id: string, name: string } | null }> } } | null };

export type RelationshipQueryVariables = Exact<{
  accountId: string | number;
  id: string | number;
}>;


export type RelationshipQuery = { account: { id: string, relationship: { id: string, name: string | null, displayName: string, tags: Array<{ key: string, value: string }>, activity: { status: RelationshipStatus, failureMessage: string | null, topErrors: Array<{ errorCode: string, description: string | null, count: number }> }, settings: { retries: number | null, deleteOnTarget: boolean, schedule: { enabled: boolean | null, every: { days: number | null, hours: number | null, minutes: number | null } } } | null, dataBrokers: Array<{ id: string, name: string, status: DataBrokerStatus }> } | null } | null };

export type TransferStatsQueryVariables = Exact<{
  accountId: string | number;
}>;


export type TransferStatsQuery = { account: { id: string, transferStats: { totalBytes: unknown, totalFiles: unknown, relationshipCount: number | null }, subscription: { subscriptionType: string | null, daysLeftForTrial: number | null } } | null };

export type SyncRelationshipMutationVariables = Exact<{
  accountId: string | number;
  id: string | number;
}>;


export type SyncRelationshipMutation = { syncRelationship: { requestedAt: unknown, userErrors: Array<{ code: UserErrorCode, message: string }> } };

export type AbortRelationshipMutationVariables = Exact<{
  accountId: string | number;
  id: string | number;
}>;


export type AbortRelationshipMutation = { abortRelationship: { relationship: { id: string, activity: { status: RelationshipStatus } } | null, userErrors: Array<{ code: UserErrorCode, message: string }> } };

export type UpdateRelationshipSettingsMutationVariables = Exact<{
  accountId: string | number;
  id: string | number;
  patch: RelationshipSettingsInput;
}>;


export type UpdateRelationshipSettingsMutation = { updateRelationshipSettings: { relationship: { id: string, settings: { retries: number | null, gracePeriodSeconds: number | null, deleteOnTarget: boolean } | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type RenameRelationshipMutationVariables = Exact<{
  accountId: string | number;
  id: string | number;
  name: string;
}>;


export type RenameRelationshipMutation = { renameRelationship: { relationship: { id: string, name: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type DeleteRelationshipsMutationVariables = Exact<{
  accountId: string | number;
  ids: Array<string | number> | string | number;
}>;


export type DeleteRelationshipsMutation = { deleteRelationships: { deletedIds: Array<string>, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type RelationshipProgressSubscriptionVariables = Exact<{
  accountId: string | number;
  id: string | number;
  startedAfter?: unknown;
}>;


export type RelationshipProgressSubscription = { relationshipProgress: { final: boolean, observedAt: unknown, relationship: { id: string, activity: { status: RelationshipStatus, progress: number | null, executionTimeMs: number | null, counters: { copied: { files: unknown, bytes: unknown }, failed: { files: unknown } }, topErrors: Array<{ errorCode: string, description: string | null, count: number }> } } } };


export const BrokersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Brokers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dataBrokers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<BrokersQuery, BrokersQueryVariables>;
export const S3BucketsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"S3Buckets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataBrokerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataBroker"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataBrokerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"s3Buckets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<S3BucketsQuery, S3BucketsQueryVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const S3BucketListingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"S3BucketListing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataBrokerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"s3BucketListing"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"dataBrokerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataBrokerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<S3BucketListingSubscription, S3BucketListingSubscriptionVariables>;
export const CreateRelationshipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateRelationship"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateRelationshipInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRelationship"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationship"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"runType"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<CreateRelationshipMutation, CreateRelationshipMutationVariables>;
export const UpdateRelationshipCredentialsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateRelationshipCredentials"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EndpointCredentialsInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"target"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EndpointCredentialsInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateRelationshipCredentials"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}},{"kind":"Argument","name":{"kind":"Name","value":"target"},"value":{"kind":"Variable","name":{"kind":"Name","value":"target"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationship"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateRelationshipCredentialsMutation, UpdateRelationshipCredentialsMutationVariables>;
export const KnownHostsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KnownHosts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"protocol"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EndpointProtocol"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"knownHosts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"protocol"},"value":{"kind":"Variable","name":{"kind":"Name","value":"protocol"}}},{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeen"}}]}}]}}]}}]} as unknown as DocumentNode<KnownHostsQuery, KnownHostsQueryVariables>;
export const CreateReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endpoint"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EndpointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"endpoint"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endpoint"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<CreateReportMutation, CreateReportMutationVariables>;
export const ReportsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Reports"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusRaw"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directories"}},{"kind":"Field","name":{"kind":"Name","value":"files"}},{"kind":"Field","name":{"kind":"Name","value":"objects"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"distributions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modifiedTime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"size"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"storageClass"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"relationships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReportsQuery, ReportsQueryVariables>;
export const ReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Report"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusRaw"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"directories"}},{"kind":"Field","name":{"kind":"Name","value":"files"}},{"kind":"Field","name":{"kind":"Name","value":"objects"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"distributions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modifiedTime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"size"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"storageClass"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReportQuery, ReportQueryVariables>;
export const DeleteReportsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteReports"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteReports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedIds"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteReportsMutation, DeleteReportsMutationVariables>;
export const ReportProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ReportProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"observedAt"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"files"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReportProgressSubscription, ReportProgressSubscriptionVariables>;
export const GroupsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Groups"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"dataBrokerGroups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dataBrokers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GroupsQuery, GroupsQueryVariables>;
export const CifsSharesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CifsShares"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"host"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"credentials"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CifsCredentialsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataBrokerGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cifsShares"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"host"},"value":{"kind":"Variable","name":{"kind":"Name","value":"host"}}},{"kind":"Argument","name":{"kind":"Name","value":"credentials"},"value":{"kind":"Variable","name":{"kind":"Name","value":"credentials"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CifsSharesQuery, CifsSharesQueryVariables>;
export const GroupListingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"GroupListing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"request"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GroupListingRequest"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupListing"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}},{"kind":"Argument","name":{"kind":"Name","value":"request"},"value":{"kind":"Variable","name":{"kind":"Name","value":"request"}}},{"kind":"Argument","name":{"kind":"Name","value":"timeoutSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"timeoutSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StorageFolder"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StorageContainer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}}]}}]}}]} as unknown as DocumentNode<GroupListingSubscription, GroupListingSubscriptionVariables>;
export const RelationshipsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Relationships"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RelationshipFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RelationshipOrder"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"relationships"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"statusCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"protocol"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"runType"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"copied"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"files"}},{"kind":"Field","name":{"kind":"Name","value":"bytes"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<RelationshipsQuery, RelationshipsQueryVariables>;
export const RelationshipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Relationship"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"relationship"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"failureMessage"}},{"kind":"Field","name":{"kind":"Name","value":"topErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"deleteOnTarget"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"every"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"hours"}},{"kind":"Field","name":{"kind":"Name","value":"minutes"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataBrokers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RelationshipQuery, RelationshipQueryVariables>;
export const TransferStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TransferStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"transferStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalBytes"}},{"kind":"Field","name":{"kind":"Name","value":"totalFiles"}},{"kind":"Field","name":{"kind":"Name","value":"relationshipCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscriptionType"}},{"kind":"Field","name":{"kind":"Name","value":"daysLeftForTrial"}}]}}]}}]}}]} as unknown as DocumentNode<TransferStatsQuery, TransferStatsQueryVariables>;
export const SyncRelationshipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SyncRelationship"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncRelationship"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SyncRelationshipMutation, SyncRelationshipMutationVariables>;
export const AbortRelationshipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AbortRelationship"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"abortRelationship"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationship"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"activity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AbortRelationshipMutation, AbortRelationshipMutationVariables>;
export const UpdateRelationshipSettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateRelationshipSettings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"patch"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RelationshipSettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateRelationshipSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"patch"},"value":{"kind":"Variable","name":{"kind":"Name","value":"patch"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationship"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"gracePeriodSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"deleteOnTarget"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateRelationshipSettingsMutation, UpdateRelationshipSettingsMutationVariables>;
export const RenameRelationshipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RenameRelationship"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renameRelationship"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationship"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<RenameRelationshipMutation, RenameRelationshipMutationVariables>;
export const DeleteRelationshipsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteRelationships"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteRelationships"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedIds"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteRelationshipsMutation, DeleteRelationshipsMutationVariables>;
export const RelationshipProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RelationshipProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"startedAfter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relationshipProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"accountId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"accountId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"startedAfter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"startedAfter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"observedAt"}},{"kind":"Field","name":{"kind":"Name","value":"relationship"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"activity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"executionTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"counters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"copied"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"files"}},{"kind":"Field","name":{"kind":"Name","value":"bytes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"failed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"files"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"topErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<RelationshipProgressSubscription, RelationshipProgressSubscriptionVariables>;