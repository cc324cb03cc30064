/**
 * What the simulated brokers can reach besides the seed's S3 buckets and NFS servers: one believable
 * world per storage kind, with the credentials each one accepts [assumed: the shapes are the
 * design's §6; the values are invented]. Folder lists name every folder (parents first) relative to
 * the bucket, share, container or root.
 */

export interface WorldBucket {
  name: string;
  region?: string;
  folders: string[];
}

export interface WorldCifsServer {
  host: string;
  username: string;
  password: string;
  domain: string | null;
  shares: WorldBucket[];
}

export interface WorldS3Endpoint {
  kind: 'sgws' | 'ibm' | 'ontap';
  host: string;
  port: number;
  accessKey: string;
  secretKey: string;
  buckets: WorldBucket[];
}

export interface WorldAzureAccount {
  name: string;
  connectionString: string;
  blobContainers: WorldBucket[];
  dataLakeContainers: WorldBucket[];
}

export interface WorldSftpServer {
  host: string;
  port: number;
  username: string;
  password: string;
  rootDirectory: string;
  folders: string[];
}

export interface WorldFolderNode {
  id: string;
  name: string;
  /** The parent folder's id; null at the top of a drive (or the box root's children: "0"). */
  parent: string | null;
}

export interface WorldDrive {
  id: string;
  name: string;
  folders: WorldFolderNode[];
}

export interface WorldGoogleAccount {
  clientEmail: string;
  /** PEM with real line breaks; the header must carry them as `\n` escapes [assumed]. */
  privateKey: string;
  subjects: string[];
}

export interface WorldBoxApp {
  clientId: string;
  enterpriseId: string;
  clientSecret: string;
  publicKeyId: string;
  privateKey: string;
  passphrase: string;
}

export interface WorldKmsKey {
  KeyId: string;
  KeyArn: string;
  AliasName: string;
}

export interface StorageWorld {
  cifsServers: WorldCifsServer[];
  s3Endpoints: WorldS3Endpoint[];
  alibaba: { accessKey: string; secretKey: string; buckets: WorldBucket[] };
  azureAccounts: WorldAzureAccount[];
  gcpBuckets: (WorldBucket & { kmsKeys: string[] })[];
  /** Folders of every seeded AWS S3 bucket (the seed's buckets have none of their own). */
  s3Folders: string[];
  /** AWS KMS keys, by the bucket region they live in; a region without its own gets `default`. */
  awsKmsKeys: Record<string, WorldKmsKey[]>;
  /** VPC endpoints for S3, by region. */
  privateLinks: Record<string, { VpcEndpointId: string; DnsName: string; VpcId: string }[]>;
  sftpServers: WorldSftpServer[];
  google: { accounts: WorldGoogleAccount[]; drives: WorldDrive[] };
  box: { apps: WorldBoxApp[]; root: { id: string; name: string }; folders: WorldFolderNode[] };
}

const pem = (label: string): string =>
  `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${label}\nc2ltdWxhdGVkLWtleS1ub3QtcmVhbA==\n-----END PRIVATE KEY-----\n`;

const kms = (region: string, id: string, alias: string): WorldKmsKey => ({
  KeyId: id,
  KeyArn: `arn:aws:kms:${region}:123456789012:key/${id}`,
  AliasName: alias,
});

export const STORAGE_WORLD: StorageWorld = {
  cifsServers: [
    {
      host: 'fs01.corp.example',
      username: 'svc-cloudsync',
      password: 'Fs01-Sync-2024!',
      domain: 'CORP',
      shares: [
        { name: 'finance', folders: ['q1', 'q2', 'q3', 'q3/reports', 'q4'] },
        { name: 'hr', folders: ['onboarding', 'payroll'] },
        { name: 'engineering', folders: ['builds', 'builds/nightly', 'docs'] },
      ],
    },
    {
      host: '10.20.0.15',
      username: 'backup',
      password: 'Nas-Backup-77',
      domain: null,
      shares: [{ name: 'archive', folders: ['2022', '2023', '2024'] }],
    },
  ],
  s3Endpoints: [
    {
      kind: 'sgws',
      host: 's3.datafabric.lan',
      port: 8082,
      accessKey: 'SGWS7Q2M4K9D1XAMPLE',
      secretKey: 'sgws/Zk3pR8tW1vN6bQ0yH5cJ2fL9xAMPLEKEY',
      buckets: [
        { name: 'media-archive', folders: ['2023', '2024', '2024/q1', '2024/q2'] },
        { name: 'vm-backups', folders: ['daily', 'weekly'] },
      ],
    },
    {
      kind: 'ibm',
      host: 's3.us-south.cloud-object-storage.appdomain.cloud',
      port: 443,
      accessKey: 'IBMCOS4F8A2B6C0EXAMPLE',
      secretKey: 'ibm/Qm7vT2xK9pL4nR1wZ8cB5hJ3EXAMPLEKEY',
      buckets: [{ name: 'cos-analytics', folders: ['raw', 'curated', 'curated/2024'] }],
    },
    {
      kind: 'ontap',
      host: 'svm1.corp.example',
      port: 443,
      accessKey: 'ONTAPS3A1B2C3D4EXAMPLE',
      secretKey: 'ontap/Hx4kP9sT2mW7qZ1vB6nL3EXAMPLEKEY',
      buckets: [
        { name: 'ontap-projects', folders: ['alpha', 'beta', 'beta/specs'] },
        { name: 'ontap-scratch', folders: [] },
      ],
    },
  ],
  alibaba: {
    accessKey: 'LTAI5tSimulatorEXAMPLE',
    secretKey: 'aliyun/Wq3Xr7Ty1Uo9Ip5As2Df8EXAMPLEKEY',
    buckets: [
      { name: 'oss-hangzhou-logs', region: 'oss-cn-hangzhou', folders: ['app', 'app/2024', 'web'] },
      { name: 'oss-singapore-media', region: 'oss-ap-southeast-1', folders: ['video'] },
    ],
  },
  azureAccounts: [
    {
      name: 'contosodata',
      connectionString:
        'DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=c2ltdWxhdGVkLWF6dXJlLWtleQ==;EndpointSuffix=core.windows.net',
      blobContainers: [
        { name: 'finance-backup', folders: ['2024', '2024/q3', 'ledger'] },
        { name: 'public-assets', folders: ['images', 'css'] },
      ],
      dataLakeContainers: [{ name: 'analytics', folders: ['bronze', 'silver', 'gold'] }],
    },
  ],
  gcpBuckets: [
    {
      name: 'gcp-landing-zone',
      region: 'us-central1',
      folders: ['incoming', 'incoming/partners', 'processed'],
      kmsKeys: ['projects/demo-project/locations/us-central1/keyRings/sync/cryptoKeys/landing'],
    },
    { name: 'gcp-cold-archive', region: 'europe-west1', folders: ['2019', '2020'], kmsKeys: [] },
  ],
  s3Folders: ['backups', 'backups/daily', 'logs', 'logs/2024', 'projects'],
  awsKmsKeys: {
    'us-east-1': [
      kms('us-east-1', '1234abcd-12ab-34cd-56ef-1234567890ab', 'alias/aws/s3'),
      kms('us-east-1', '0987dcba-09fe-87dc-65ba-ab0987654321', 'alias/cloudsync-backup'),
    ],
    default: [kms('eu-central-1', '5f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', 'alias/aws/s3')],
  },
  privateLinks: {
    'us-east-1': [
      {
        VpcEndpointId: 'vpce-0a1b2c3d4e5f60718',
        DnsName: '*.vpce-0a1b2c3d4e5f60718-abcdefgh.s3.us-east-1.vpce.amazonaws.com',
        VpcId: 'vpc-0123456789abcdef0',
      },
    ],
    'eu-west-1': [
      {
        VpcEndpointId: 'vpce-0f9e8d7c6b5a40312',
        DnsName: '*.vpce-0f9e8d7c6b5a40312-hgfedcba.s3.eu-west-1.vpce.amazonaws.com',
        VpcId: 'vpc-0fedcba9876543210',
      },
    ],
  },
  sftpServers: [
    {
      host: 'sftp.example.internal',
      port: 22,
      username: 'sync',
      password: 'Sftp-Sync-99',
      rootDirectory: '/home/sync',
      folders: ['inbound', 'inbound/2024', 'outbound'],
    },
  ],
  google: {
    accounts: [
      {
        clientEmail: 'cloudsync@demo-project.iam.gserviceaccount.com',
        privateKey: pem('GoogleDemo'),
        subjects: ['ann@example.com', 'bob@example.com'],
      },
    ],
    drives: [
      {
        id: '0AExampleEngDriveUk9PVA',
        name: 'Engineering',
        folders: [
          { id: '1EngDesigns', name: 'Designs', parent: null },
          { id: '1EngDesigns2024', name: '2024', parent: '1EngDesigns' },
          { id: '1EngReleases', name: 'Releases', parent: null },
        ],
      },
      {
        id: '0AExampleMktDriveUk9PVA',
        name: 'Marketing',
        folders: [{ id: '1MktCampaigns', name: 'Campaigns', parent: null }],
      },
    ],
  },
  box: {
    apps: [
      {
        clientId: 'box-client-3f9a1c7e',
        enterpriseId: '845120',
        clientSecret: 'box-secret-Nq8rT2',
        publicKeyId: 'pk-7d21e0',
        privateKey: pem('BoxDemo'),
        passphrase: 'box-pass-5521',
      },
    ],
    root: { id: '0', name: 'All Files' },
    folders: [
      { id: '1001', name: 'Contracts', parent: '0' },
      { id: '1002', name: 'Marketing', parent: '0' },
      { id: '1003', name: '2024', parent: '1001' },
    ],
  },
};
