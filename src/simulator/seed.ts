import { DEMO_USER, OTHER_USER } from './credentials';
import type {
  DataBrokerType,
  Seed,
  SeedAccount,
  SeedBroker,
  SeedBucket,
  SeedGroup,
  SeedNfsServer,
} from './model';
import { DATA_BROKER_TYPES } from './model';
import type { Random } from './random';
import {
  alphanumeric,
  hashString,
  hexString,
  objectId,
  objectIdTime,
  pick,
  seededRandom,
} from './random';

export interface SeedOptions {
  /** How many accounts the demo user sees (the first two are the fixed "Test" and "Production"). */
  accounts?: number;
  /** Brokers in every demo account; the fixed accounts keep their own brokers and are topped up. */
  brokersPerAccount?: number;
}

const LATEST_VERSION = '1.5.0.25101';
// Fixed on purpose: the seed must not depend on the clock.
const PING_BASE_MS = Date.UTC(2025, 10, 25, 12, 0, 0);

const REGIONS = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-west-1': 'Europe (Ireland)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
} as const;
type RegionName = keyof typeof REGIONS;
const REGION_NAMES = Object.keys(REGIONS) as RegionName[];

export const SEED_IDS = {
  accounts: {
    test: 'account-JeL97Ry3',
    production: 'account-yX7cS8vU',
    other: 'account-j3aZttuL',
  },
  groups: {
    azure: '616d9c8dcec9f8eef6a411fa',
    aws: '6170a1f2cec9f8eef6a41203',
    gcp: '6182c5d0cec9f8eef6a41288',
    onprem: '61a4e7b3cec9f8eef6a412f0',
    productionAws: '61b0a3e1cec9f8eef6a41344',
    productionAzure: '61c1d4f2cec9f8eef6a413a9',
    other: '61d2e5a3cec9f8eef6a41410',
  },
  brokers: {
    azure: '616d9c8d48301b1e6cdfe1df',
    aws: '6170a1f248301b1e6cdfe204',
    awsFailed: '6170a1f248301b1e6cdfe20b',
    gcp: '6182c5d048301b1e6cdfe2a1',
    onprem: '61a4e7b348301b1e6cdfe3c5',
    onpremPending: '61a4e7b348301b1e6cdfe3d2',
    productionAws1: '61b0a3e148301b1e6cdfe4a0',
    productionAws2: '61b0a3e148301b1e6cdfe4a7',
    productionAzure: '61c1d4f248301b1e6cdfe51b',
    otherAws: '61d2e5a348301b1e6cdfe60c',
    otherOnpremFailed: '61d2e5a348301b1e6cdfe613',
  },
} as const;

interface BrokerSpec {
  id: string;
  name: string;
  type: DataBrokerType;
  groupId: string;
  state: 'COMPLETE' | 'FAILED' | 'PENDING';
  message?: string;
  transferRate?: number;
  region?: string;
  pingAgoSeconds?: number;
}

function bucket(name: string, region: RegionName, tags: Record<string, string> = {}): SeedBucket {
  return {
    name,
    region: { name: region, displayName: REGIONS[region] },
    tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

function group(accountId: string, id: string, name: string): SeedGroup {
  return { id, accountId, name, createdAt: objectIdTime(id) };
}

function ipv4(random: Random, prefix: string): string {
  return `${prefix}.${1 + Math.floor(random() * 250)}.${4 + Math.floor(random() * 250)}`;
}

/** Where the broker runs; real data carries several numbers as strings, and so does this. */
function placement(random: Random, spec: BrokerSpec): Record<string, unknown> {
  const common = {
    version: LATEST_VERSION,
    node: 'v20.18.1',
    platform: 'linux',
    release: '2025.11',
    scanner: { processes: 1, processesLimit: 4, concurrency: 50 },
    transferrer: { processes: 4, processesLimit: 8, concurrency: 100 },
  };
  switch (spec.type) {
    case 'AWS': {
      const region = spec.region ?? 'us-west-2';
      const privateIp = ipv4(random, '10.20');
      return {
        instanceId: `i-${hexString(random, 17)}`,
        hostname: `ip-${privateIp.replaceAll('.', '-')}.${region}.compute.internal`,
        privateIp,
        region,
        availabilityZone: `${region}a`,
        vpcId: `vpc-${hexString(random, 17)}`,
        vpcCidrBlock: '10.20.0.0/16',
        subnetId: `subnet-${hexString(random, 17)}`,
        subnetCidrBlock: '10.20.1.0/24',
        awsAccountId: String(100000000000 + Math.floor(random() * 899999999999)),
        os: 'Linux',
        distribution: 'Amazon Linux 2023',
        cpus: '2',
        cpu: '2',
        osTotalMem: '8',
        processMaxMem: '4096',
        ...common,
      };
    }
    case 'AZURE':
      return {
        hostname: spec.name,
        privateIp: ipv4(random, '10.1'),
        region: spec.region ?? 'eastus',
        resourceGroupName: `rg-${spec.name}`,
        zone: '1',
        os: 'Linux',
        distribution: 'Ubuntu 22.04',
        cpus: '4',
        cpu: '4',
        osTotalMem: '16',
        processMaxMem: '8192',
        ...common,
      };
    case 'GCP':
      return {
        hostname: spec.name,
        privateIp: ipv4(random, '10.128'),
        region: spec.region ?? 'europe-west3',
        zone: `${spec.region ?? 'europe-west3'}-a`,
        gcpProjectId: 'cloudsync-demo-381012',
        serviceAccount: 'cloudsync@cloudsync-demo-381012.iam.gserviceaccount.com',
        os: 'Linux',
        distribution: 'Rocky Linux 9',
        cpus: '2',
        cpu: '2',
        osTotalMem: '8',
        processMaxMem: '4096',
        ...common,
      };
    case 'ONPREM':
      return {
        hostname: `${spec.name}.corp.example`,
        privateIp: ipv4(random, '192.168'),
        os: 'Linux',
        distribution: 'Red Hat Enterprise Linux 9',
        cpus: '8',
        cpu: '8',
        osTotalMem: '32',
        processMaxMem: '16384',
        ...common,
      };
  }
}

function broker(accountId: string, spec: BrokerSpec): SeedBroker {
  const random = seededRandom(hashString(spec.id));
  const fileLink = `https://cf.cloudsync.netapp.com/${hexString(random, 24)}`;
  const base = { id: spec.id, accountId, name: spec.name, type: spec.type };
  if (spec.state === 'PENDING') {
    return { ...base, groupId: spec.groupId, fileLink, latestVersion: LATEST_VERSION };
  }
  const failed = spec.state === 'FAILED';
  return {
    ...base,
    status: spec.state,
    ...(failed ? { message: spec.message ?? 'Data broker is not responding' } : {}),
    groupId: spec.groupId,
    fileLink,
    transferRate: failed ? 0 : (spec.transferRate ?? 0),
    lastPing: PING_BASE_MS - (spec.pingAgoSeconds ?? 30) * 1000,
    latestVersion: LATEST_VERSION,
    placement: placement(random, spec),
  };
}

const NFS_SERVERS: SeedNfsServer[] = [
  {
    host: '10.0.0.5',
    exports: [
      {
        path: '/vol1',
        folders: [
          'projects',
          'projects/alpha',
          'projects/alpha/src',
          'projects/alpha/docs',
          'projects/beta',
          'home',
          'home/alice',
          'home/bob',
          'scratch',
        ],
      },
      {
        path: '/vol2',
        folders: ['backups', 'backups/2024', 'backups/2025', 'media', 'media/video'],
      },
    ],
  },
  {
    host: 'nfs.example.internal',
    exports: [
      { path: '/vol1', folders: ['shared', 'shared/finance', 'shared/hr'] },
      { path: '/vol2', folders: ['archive', 'archive/2023', 'archive/2024'] },
      { path: '/export/data', folders: ['raw', 'processed'] },
    ],
  },
];

function fixedSeed(): Seed {
  const { accounts: a, groups: g, brokers: b } = SEED_IDS;
  const accounts: SeedAccount[] = [
    { accountId: a.test, name: 'Test' },
    { accountId: a.production, name: 'Production' },
    { accountId: a.other, name: 'Other Co' },
  ];
  const groups: SeedGroup[] = [
    group(a.test, g.azure, 'Azure East'),
    group(a.test, g.aws, 'AWS Oregon'),
    group(a.test, g.gcp, 'GCP Frankfurt'),
    group(a.test, g.onprem, 'On-prem DC1'),
    group(a.production, g.productionAws, 'Production AWS'),
    group(a.production, g.productionAzure, 'Production Azure'),
    group(a.other, g.other, 'Other Co brokers'),
  ];
  const brokers: SeedBroker[] = [
    broker(a.test, {
      id: b.azure,
      name: 'vmazjb1',
      type: 'AZURE',
      groupId: g.azure,
      state: 'COMPLETE',
      transferRate: 1753.016,
      region: 'eastus',
    }),
    broker(a.test, {
      id: b.aws,
      name: 'aws-oregon-1',
      type: 'AWS',
      groupId: g.aws,
      state: 'COMPLETE',
      transferRate: 812.5,
      region: 'us-west-2',
    }),
    broker(a.test, {
      id: b.awsFailed,
      name: 'aws-oregon-2',
      type: 'AWS',
      groupId: g.aws,
      state: 'FAILED',
      message: 'Data broker is unreachable: no ping received for 2 hours',
      region: 'us-west-2',
      pingAgoSeconds: 7200,
    }),
    broker(a.test, {
      id: b.gcp,
      name: 'gcp-frankfurt-1',
      type: 'GCP',
      groupId: g.gcp,
      state: 'COMPLETE',
      transferRate: 402.75,
      region: 'europe-west3',
    }),
    broker(a.test, {
      id: b.onprem,
      name: 'dc1-broker-1',
      type: 'ONPREM',
      groupId: g.onprem,
      state: 'COMPLETE',
      transferRate: 96.2,
    }),
    broker(a.test, {
      id: b.onpremPending,
      name: 'dc1-broker-2',
      type: 'ONPREM',
      groupId: g.onprem,
      state: 'PENDING',
    }),
    broker(a.production, {
      id: b.productionAws1,
      name: 'prod-aws-1',
      type: 'AWS',
      groupId: g.productionAws,
      state: 'COMPLETE',
      transferRate: 2210.4,
      region: 'us-east-1',
    }),
    broker(a.production, {
      id: b.productionAws2,
      name: 'prod-aws-2',
      type: 'AWS',
      groupId: g.productionAws,
      state: 'COMPLETE',
      transferRate: 1984.09,
      region: 'us-east-1',
    }),
    broker(a.production, {
      id: b.productionAzure,
      name: 'prod-azure-1',
      type: 'AZURE',
      groupId: g.productionAzure,
      state: 'COMPLETE',
      transferRate: 640,
      region: 'westeurope',
    }),
    broker(a.other, {
      id: b.otherAws,
      name: 'other-aws-1',
      type: 'AWS',
      groupId: g.other,
      state: 'COMPLETE',
      transferRate: 120.5,
      region: 'ap-southeast-2',
    }),
    broker(a.other, {
      id: b.otherOnpremFailed,
      name: 'other-onprem-1',
      type: 'ONPREM',
      groupId: g.other,
      state: 'FAILED',
      message: 'Failed to connect to the data broker: certificate expired',
      pingAgoSeconds: 86400 * 3,
    }),
  ];
  const buckets: Record<string, SeedBucket[]> = {
    [a.test]: [
      bucket('small', 'us-west-2', { price: '100$' }),
      bucket('logs-archive', 'us-west-2', { env: 'test', team: 'platform' }),
      bucket('ml-datasets', 'eu-central-1', { project: 'alpha' }),
      bucket('backup-eu', 'eu-west-1'),
      bucket('public-assets', 'us-east-1', { public: 'true' }),
    ],
    [a.production]: [
      bucket('prod-data', 'us-east-1', { env: 'production' }),
      bucket('prod-backups', 'us-west-2', { env: 'production', retention: '90d' }),
      bucket('prod-logs', 'eu-central-1'),
    ],
    [a.other]: [bucket('other-co-data', 'ap-southeast-2', { owner: 'other' })],
  };
  return {
    users: [
      {
        ...DEMO_USER,
        sub: 'auth0|5beb032f548e6e35f4ed1b01',
        name: 'Demo User',
        accountIds: [a.test, a.production],
      },
      {
        ...OTHER_USER,
        sub: 'auth0|5beb032f548e6e35f4ed1b02',
        name: 'Other User',
        accountIds: [a.other],
      },
    ],
    accounts,
    groups,
    brokers,
    buckets,
    nfsServers: structuredClone(NFS_SERVERS),
    latestVersion: LATEST_VERSION,
  };
}

const BROKERS_PER_GROUP = 4;

/** Adds generated brokers to an account, in new groups of up to four. */
function addBrokers(seed: Seed, random: Random, account: SeedAccount, count: number): void {
  let groupId = '';
  for (let i = 0; i < count; i++) {
    const createdAt = 1640995200 + Math.floor(random() * 94608000);
    if (i % BROKERS_PER_GROUP === 0) {
      groupId = objectId(random, createdAt);
      const label = i / BROKERS_PER_GROUP + 1;
      seed.groups.push(group(account.accountId, groupId, `${account.name} group ${label}`));
    }
    const type = DATA_BROKER_TYPES[i % DATA_BROKER_TYPES.length] ?? 'AWS';
    const state = i % 11 === 10 ? 'PENDING' : i % 7 === 6 ? 'FAILED' : 'COMPLETE';
    seed.brokers.push(
      broker(account.accountId, {
        id: objectId(random, createdAt),
        name: `${type.toLowerCase()}-${alphanumeric(random, 6).toLowerCase()}`,
        type,
        groupId,
        state,
        transferRate: Math.round(random() * 300000) / 100,
        pingAgoSeconds: Math.floor(random() * 120),
      }),
    );
  }
}

function generatedBuckets(random: Random, account: SeedAccount): SeedBucket[] {
  const prefix = account.name.toLowerCase().replaceAll(' ', '-');
  return ['data', 'logs', 'backups', 'media', 'exports'].map((kind) =>
    bucket(`${prefix}-${kind}`, pick(random, REGION_NAMES), { kind }),
  );
}

/**
 * The data the simulator starts from, and returns to on reset. Deterministic: the same options give
 * the same seed. Without options: the demo user sees "Test" and "Production", the other user "Other Co".
 */
export function createSeed(options: SeedOptions = {}): Seed {
  const seed = fixedSeed();
  const accountCount = options.accounts;
  const perAccount = options.brokersPerAccount;
  if (accountCount === undefined && perAccount === undefined) return seed;

  const random = seededRandom(0x5eed);
  const demo = seed.users[0];
  if (!demo) throw new Error('seed without a demo user');
  const wanted = Math.max(1, Math.floor(accountCount ?? demo.accountIds.length));
  const dropped = demo.accountIds.slice(wanted);
  if (dropped.length > 0) {
    const gone = new Set(dropped);
    demo.accountIds = demo.accountIds.slice(0, wanted);
    seed.accounts = seed.accounts.filter((account) => !gone.has(account.accountId));
    seed.groups = seed.groups.filter((item) => !gone.has(item.accountId));
    seed.brokers = seed.brokers.filter((item) => !gone.has(item.accountId));
    for (const id of gone) delete seed.buckets[id];
  }
  for (let index = demo.accountIds.length + 1; index <= wanted; index++) {
    const account = {
      accountId: `account-${alphanumeric(random, 8)}`,
      name: `Bench ${String(index).padStart(3, '0')}`,
    };
    seed.accounts.push(account);
    demo.accountIds.push(account.accountId);
    seed.buckets[account.accountId] = generatedBuckets(random, account);
  }
  const target = Math.max(0, Math.floor(perAccount ?? BROKERS_PER_GROUP));
  for (const accountId of demo.accountIds) {
    const account = seed.accounts.find((item) => item.accountId === accountId);
    if (!account) continue;
    const have = seed.brokers.filter((item) => item.accountId === accountId).length;
    addBrokers(seed, random, account, target - have);
  }
  return seed;
}
