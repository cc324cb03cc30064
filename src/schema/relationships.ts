import { checkId } from '../cloudsync/inputs';
import type {
  AccountSubscription,
  AzureEndpoint,
  BoxEndpoint,
  CifsEndpoint,
  FileCounts,
  GcpEndpoint,
  GoogleDriveEndpoint,
  LocalEndpoint,
  NfsEndpoint,
  RelationshipActivity,
  RelationshipBrokerError,
  RelationshipCounters,
  RelationshipEncryptionSide,
  RelationshipEndpoint,
  RelationshipErrorCount,
  RelationshipSettings,
  S3Endpoint,
  SftpEndpoint,
  TransferStats,
  UnknownEndpoint,
  UpstreamRelationship,
} from '../cloudsync/relationship-types';
import type { GatewayContext } from '../context';
import { badInput } from '../errors';
import { AccountRef } from './accounts';
import { builder } from './builder';
import { DataBrokerGroupRef, type DataBrokerModel, DataBrokerRef } from './data-brokers';
import {
  displayName,
  ORDER_FIELDS,
  type RelationshipFilter,
  relationshipConnection,
  type STATUSES,
} from './relationship-connection';
import { loadRelationship, loadRelationships, relationshipLoaders } from './relationship-loaders';
import { TagRef } from './s3-buckets';

/** A relationship as the graph serves it: the parsed upstream object and its account. */
export type RelationshipModel = UpstreamRelationship & { accountId: string };

export const inAccount = (accountId: string, rel: UpstreamRelationship): RelationshipModel => ({
  ...rel,
  accountId,
});

// ---- Enums ----

export const EndpointProtocolEnum = builder.enumType('EndpointProtocol', {
  values: [
    'NFS',
    'CIFS',
    'S3',
    'LOCAL',
    'AZURE',
    'GCP',
    'SFTP',
    'BOX',
    'GDRIVE',
    'UNKNOWN',
  ] as const,
});

export const RelationshipStatusEnum = builder.enumType('RelationshipStatus', {
  values: {
    PENDING: { description: 'Created or requested, not running yet.' },
    RUNNING: { description: 'A run is in progress.' },
    DONE: { description: 'The last run ended well.' },
    FAILED: { description: 'The last run failed: see `failureMessage` and `topErrors`.' },
    ABORTED: { description: 'The last run was aborted.' },
    UNKNOWN: { description: 'A status this gateway does not know (see `statusRaw`).' },
  } as const,
});

const RunTypeEnum = builder.enumType('RelationshipRunType', {
  values: {
    INITIAL_COPY: { description: 'The first run ("Initial Copy").' },
    SYNC: { description: 'A later run ("Sync").' },
    UNKNOWN: { description: 'A run type this gateway does not know.' },
  } as const,
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  values: ['ASC', 'DESC'] as const,
});

const OrderFieldEnum = builder.enumType('RelationshipOrderField', {
  values: ORDER_FIELDS,
});

// ---- Endpoints ----

export const EndpointRef = builder.interfaceRef<RelationshipEndpoint>('Endpoint').implement({
  description:
    'One side of a relationship. Never carries a credential. A protocol this gateway does not ' +
    'know is an `UnknownEndpoint`.',
  fields: (t) => ({
    protocol: t.field({ type: EndpointProtocolEnum, resolve: (e) => e.protocol }),
    provider: t.exposeString('provider', {
      description: 'As upstream names it ("anf", "sgws", "azure_data_lake"...).',
    }),
    label: t.exposeString('label', {
      description: 'A readable one-line address, e.g. "nfs://10.0.0.5:/vol1/projects".',
    }),
  }),
  resolveType: (endpoint) => ENDPOINT_TYPES[endpoint.kind],
});

const ENDPOINT_TYPES: Record<RelationshipEndpoint['kind'], string> = {
  nfs: 'NfsEndpoint',
  cifs: 'CifsEndpoint',
  s3: 'S3Endpoint',
  azure: 'AzureEndpoint',
  gcp: 'GcpEndpoint',
  sftp: 'SftpEndpoint',
  box: 'BoxEndpoint',
  gdrive: 'GoogleDriveEndpoint',
  local: 'LocalEndpoint',
  unknown: 'UnknownEndpoint',
};

const S3EncryptionRef = builder
  .objectRef<{ protocol: string | null; keyId: string | null }>('S3Encryption')
  .implement({
    fields: (t) => ({
      protocol: t.exposeString('protocol', { nullable: true }),
      keyId: t.exposeString('keyId', { nullable: true }),
    }),
  });

const opt = { nullable: true } as const;

builder.objectRef<NfsEndpoint>('NfsEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    host: t.exposeString('host'),
    export: t.exposeString('export'),
    path: t.exposeString('path', opt),
    version: t.exposeString('version', opt),
    accessPoint: t.exposeString('accessPoint', opt),
    workingEnvironmentId: t.exposeString('workingEnvironmentId', opt),
  }),
});

builder.objectRef<CifsEndpoint>('CifsEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    host: t.exposeString('host'),
    share: t.exposeString('share'),
    path: t.exposeString('path', opt),
    version: t.exposeString('version', opt),
    workingEnvironmentId: t.exposeString('workingEnvironmentId', opt),
  }),
});

builder.objectRef<S3Endpoint>('S3Endpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    bucket: t.exposeString('bucket'),
    prefix: t.exposeString('prefix', opt),
    region: t.exposeString('region', opt),
    host: t.exposeString('host', opt),
    port: t.exposeInt('port', opt),
    storageClass: t.exposeString('storageClass', opt),
    encryption: t.field({ type: S3EncryptionRef, nullable: true, resolve: (e) => e.encryption }),
    privateLinkDns: t.exposeString('privateLinkDns', opt),
    tags: t.field({ type: [TagRef], resolve: (e) => e.tags }),
    workingEnvironmentId: t.exposeString('workingEnvironmentId', opt),
  }),
});

builder.objectRef<AzureEndpoint>('AzureEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    storageAccountName: t.exposeString('storageAccountName', opt),
    container: t.exposeString('container'),
    prefix: t.exposeString('prefix', opt),
    path: t.exposeString('path', opt),
    blobTier: t.exposeString('blobTier', opt),
    tags: t.field({ type: [TagRef], resolve: (e) => e.tags }),
  }),
});

builder.objectRef<GcpEndpoint>('GcpEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    bucket: t.exposeString('bucket'),
    prefix: t.exposeString('prefix', opt),
    storageClass: t.exposeString('storageClass', opt),
    kmsKeyName: t.exposeString('kmsKeyName', opt),
    tags: t.field({ type: [TagRef], resolve: (e) => e.tags }),
  }),
});

builder.objectRef<SftpEndpoint>('SftpEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    host: t.exposeString('host'),
    port: t.exposeInt('port', opt),
    rootDirectory: t.exposeString('rootDirectory'),
    path: t.exposeString('path', opt),
  }),
});

builder.objectRef<BoxEndpoint>('BoxEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    folderId: t.exposeString('folderId'),
    clientId: t.exposeString('clientId'),
    enterpriseId: t.exposeString('enterpriseId', opt),
    appName: t.exposeString('appName', opt),
    rootDirectory: t.exposeString('rootDirectory', opt),
    path: t.exposeString('path', opt),
  }),
});

builder.objectRef<GoogleDriveEndpoint>('GoogleDriveEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    driveId: t.exposeString('driveId'),
    driveName: t.exposeString('driveName', opt),
    folderId: t.exposeString('folderId', opt),
    path: t.exposeString('path', opt),
    subject: t.exposeString('subject'),
    tags: t.field({ type: [TagRef], resolve: (e) => e.tags }),
  }),
});

builder.objectRef<LocalEndpoint>('LocalEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({ path: t.exposeString('path') }),
});

builder.objectRef<UnknownEndpoint>('UnknownEndpoint').implement({
  interfaces: [EndpointRef],
  fields: (t) => ({
    protocolRaw: t.exposeString('protocolRaw', {
      nullable: true,
      description: 'The protocol as upstream named it.',
    }),
    raw: t.expose('raw', {
      type: 'JSON',
      nullable: true,
      description: 'The endpoint as upstream sent it, without any credential-like key.',
    }),
  }),
});

// ---- Activity ----

const FileCountsRef = builder.objectRef<FileCounts>('FileCounts').implement({
  fields: (t) => ({
    files: t.expose('files', { type: 'SafeInt', nullable: true }),
    dirs: t.expose('dirs', { type: 'SafeInt', nullable: true }),
    bytes: t.expose('bytes', { type: 'SafeInt', nullable: true }),
  }),
});

const CountersRef = builder.objectRef<RelationshipCounters>('RelationshipCounters').implement({
  fields: (t) => ({
    scanned: t.field({ type: FileCountsRef, resolve: (c) => c.scanned }),
    markedForCopy: t.field({ type: FileCountsRef, resolve: (c) => c.markedForCopy }),
    copied: t.field({ type: FileCountsRef, resolve: (c) => c.copied }),
    failed: t.field({ type: FileCountsRef, resolve: (c) => c.failed }),
    markedForRemove: t.field({ type: FileCountsRef, resolve: (c) => c.markedForRemove }),
    removed: t.field({ type: FileCountsRef, resolve: (c) => c.removed }),
    removeFailed: t.field({ type: FileCountsRef, resolve: (c) => c.removeFailed }),
    filesIgnored: t.expose('filesIgnored', { type: 'SafeInt', nullable: true }),
    dirsFailedToScan: t.expose('dirsFailedToScan', { type: 'SafeInt', nullable: true }),
  }),
});

const ErrorCountRef = builder
  .objectRef<RelationshipErrorCount>('RelationshipErrorCount')
  .implement({
    fields: (t) => ({
      step: t.exposeString('step', { nullable: true, description: 'TRANSFER or SCAN.' }),
      errorCode: t.exposeString('errorCode'),
      count: t.exposeInt('count'),
      description: t.exposeString('description', opt),
    }),
  });

type BrokerErrorModel = RelationshipBrokerError & { accountId: string };

async function brokerOfAccount(
  ctx: GatewayContext,
  accountId: string,
  id: string | null,
): Promise<DataBrokerModel | null> {
  if (!id) return null;
  // From the groups (each carries its brokers): the call a relationship page already makes.
  const groups = await ctx.loaders().groups.load(accountId);
  for (const group of groups) {
    const broker = group.dataBrokers.find((b) => b.id === id);
    if (broker) return { ...broker, accountId };
  }
  return null;
}

const BrokerErrorRef = builder.objectRef<BrokerErrorModel>('RelationshipBrokerError').implement({
  fields: (t) => ({
    dataBrokerId: t.exposeID('dataBrokerId'),
    reason: t.exposeString('reason'),
    dataBroker: t.field({
      type: DataBrokerRef,
      nullable: true,
      resolve: (e, _args, ctx) => brokerOfAccount(ctx, e.accountId, e.dataBrokerId),
    }),
  }),
});

type ActivityModel = RelationshipActivity & { accountId: string };

const ActivityRef = builder.objectRef<ActivityModel>('RelationshipActivity').implement({
  description: 'The last (or current) run of a relationship.',
  fields: (t) => ({
    status: t.field({ type: RelationshipStatusEnum, resolve: (a) => a.status }),
    statusRaw: t.exposeString('statusRaw', opt),
    runType: t.field({ type: RunTypeEnum, resolve: (a) => a.runType }),
    syncType: t.exposeString('syncType', opt),
    progress: t.exposeFloat('progress', { nullable: true, description: '0 to 100.' }),
    startTime: t.expose('startTime', { type: 'DateTime', nullable: true }),
    endTime: t.expose('endTime', { type: 'DateTime', nullable: true }),
    lastMessageTime: t.expose('lastMessageTime', { type: 'DateTime', nullable: true }),
    executionTimeMs: t.exposeFloat('executionTimeMs', {
      nullable: true,
      description: 'Null before the first run.',
    }),
    timeEstimation: t.exposeFloat('timeEstimation', {
      nullable: true,
      description: 'As upstream sends it (its unit is not documented).',
    }),
    failureMessage: t.exposeString('failureMessage', opt),
    counters: t.field({ type: CountersRef, resolve: (a) => a.counters }),
    topErrors: t.field({ type: [ErrorCountRef], resolve: (a) => a.topErrors }),
    brokerErrors: t.field({
      type: [BrokerErrorRef],
      resolve: (a) => a.brokerErrors.map((e) => ({ ...e, accountId: a.accountId })),
    }),
  }),
});

// ---- Settings ----

type Raw = Record<string, unknown>;
const obj = (value: unknown): Raw =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};
const boolOf = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
const intOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
const strOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const bools = <K extends string>(name: string, keys: Record<K, string>, description?: string) =>
  builder.objectRef<Raw>(name).implement({
    ...(description ? { description } : {}),
    fields: (t) =>
      Object.fromEntries(
        Object.entries<string>(keys).map(([field, key]) => [
          field,
          t.field({ type: 'Boolean', nullable: true, resolve: (raw) => boolOf(raw[key]) }),
        ]),
      ) as Record<K, ReturnType<typeof t.boolean>>,
  });

const FileTypeFilterRef = bools('FileTypeFilter', {
  files: 'files',
  dirs: 'directories',
  symlinks: 'symlinks',
  hardlinks: 'hardlinks',
});
const CompareByRef = bools('CompareBy', { uid: 'uid', gid: 'gid', mtime: 'mtime', mode: 'mode' });
const CopyPropertiesRef = bools('CopyProperties', { metadata: 'metadata', tags: 'tags' });
const NotificationsRef = bools('Notifications', {
  done: 'done',
  failed: 'failed',
  aborted: 'aborted',
  runningContinuously: 'running_continuously',
});

const FileFilterRef = builder.objectRef<Raw>('FileFilter').implement({
  fields: (t) => ({
    excludeExtensions: t.stringList({ resolve: (raw) => strings(raw.excludeExtensions) }),
    excludeByRegex: t.stringList({ resolve: (raw) => strings(raw.excludeByRegex) }),
    minSize: t.field({ type: 'SafeInt', nullable: true, resolve: (raw) => intOf(raw.minSize) }),
    maxSize: t.field({ type: 'SafeInt', nullable: true, resolve: (raw) => intOf(raw.maxSize) }),
    minDate: t.string({ nullable: true, resolve: (raw) => strOf(raw.minDate) }),
    maxDate: t.string({ nullable: true, resolve: (raw) => strOf(raw.maxDate) }),
    minCreationDate: t.string({ nullable: true, resolve: (raw) => strOf(raw.minCreationDate) }),
    maxCreationDate: t.string({ nullable: true, resolve: (raw) => strOf(raw.maxCreationDate) }),
  }),
});

const DirectoryFilterRef = builder.objectRef<Raw>('DirectoryFilter').implement({
  fields: (t) => ({
    excludeNames: t.stringList({ resolve: (raw) => strings(raw.excludeNames) }),
    excludeByRegex: t.stringList({ resolve: (raw) => strings(raw.excludeByRegex) }),
  }),
});

const IntervalRef = builder
  .objectRef<{ days: number | null; hours: number | null; minutes: number | null }>('Interval')
  .implement({
    fields: (t) => ({
      days: t.exposeInt('days', opt),
      hours: t.exposeInt('hours', opt),
      minutes: t.exposeInt('minutes', opt),
    }),
  });

const ScheduleRef = builder.objectRef<Raw>('Schedule').implement({
  fields: (t) => ({
    enabled: t.boolean({ nullable: true, resolve: (raw) => boolOf(raw.isEnabled) }),
    every: t.field({
      type: IntervalRef,
      resolve: (raw) => ({
        days: intOf(raw.syncInDays),
        hours: intOf(raw.syncInHours),
        minutes: intOf(raw.syncInMinutes),
      }),
    }),
    nextTime: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (raw) => {
        const value = raw.nextTime;
        if (typeof value !== 'number' && typeof value !== 'string') return null;
        const when = new Date(value);
        return Number.isNaN(when.getTime()) ? null : when;
      },
    }),
    syncWhenCreated: t.boolean({ nullable: true, resolve: (raw) => boolOf(raw.syncWhenCreated) }),
  }),
});

const ScheduleAbortRef = builder.objectRef<Raw>('ScheduleAbort').implement({
  fields: (t) => ({
    enabled: t.boolean({ nullable: true, resolve: (raw) => boolOf(raw.isEnabled) }),
    after: t.field({
      type: IntervalRef,
      resolve: (raw) => ({
        days: intOf(raw.abortInDays),
        hours: intOf(raw.abortInHours),
        minutes: intOf(raw.abortInMinutes),
      }),
    }),
  }),
});

const SettingsRef = builder.objectRef<RelationshipSettings>('RelationshipSettings').implement({
  fields: (t) => ({
    gracePeriodSeconds: t.exposeInt('gracePeriodSeconds', opt),
    retries: t.exposeInt('retries', opt),
    deleteOnSource: t.exposeBoolean('deleteOnSource'),
    deleteOnTarget: t.exposeBoolean('deleteOnTarget'),
    objectTagging: t.exposeBoolean('objectTagging', opt),
    copyAcl: t.exposeBoolean('copyAcl', opt),
    copyData: t.exposeBoolean('copyData', opt),
    continuousSync: t.exposeBoolean('continuousSync', opt),
    fileTypes: t.field({ type: FileTypeFilterRef, resolve: (s) => obj(s.raw.fileTypes) }),
    compareBy: t.field({ type: CompareByRef, resolve: (s) => obj(s.raw.compareBy) }),
    copyProperties: t.field({
      type: CopyPropertiesRef,
      nullable: true,
      resolve: (s) => (s.raw.copyProperties ? obj(s.raw.copyProperties) : null),
    }),
    files: t.field({ type: FileFilterRef, resolve: (s) => obj(s.raw.files) }),
    directories: t.field({ type: DirectoryFilterRef, resolve: (s) => obj(s.raw.directories) }),
    schedule: t.field({ type: ScheduleRef, resolve: (s) => obj(s.raw.schedule) }),
    scheduleAbort: t.field({
      type: ScheduleAbortRef,
      nullable: true,
      resolve: (s) => (s.raw.scheduleAbort ? obj(s.raw.scheduleAbort) : null),
    }),
    notifications: t.field({
      type: NotificationsRef,
      nullable: true,
      resolve: (s) => {
        const notifications = obj(s.raw.notifications);
        return notifications.cm ? obj(notifications.cm) : null;
      },
    }),
  }),
});

// ---- Relationship ----

type EncryptionSideModel = RelationshipEncryptionSide & { accountId: string };

const EncryptionSideRef = builder
  .objectRef<EncryptionSideModel>('RelationshipEncryptionSide')
  .implement({
    fields: (t) => ({
      dataBrokerId: t.exposeID('dataBrokerId', opt),
      groupId: t.exposeID('groupId', opt),
      encryptionType: t.exposeString('encryptionType', opt),
      dataBroker: t.field({
        type: DataBrokerRef,
        nullable: true,
        resolve: (side, _args, ctx) => brokerOfAccount(ctx, side.accountId, side.dataBrokerId),
      }),
    }),
  });

const EncryptionRef = builder
  .objectRef<{ initiator: EncryptionSideModel | null; listener: EncryptionSideModel | null }>(
    'RelationshipEncryption',
  )
  .implement({
    description: 'NFS data-in-flight encryption: the brokers that open and accept the tunnel.',
    fields: (t) => ({
      initiator: t.field({ type: EncryptionSideRef, nullable: true, resolve: (e) => e.initiator }),
      listener: t.field({ type: EncryptionSideRef, nullable: true, resolve: (e) => e.listener }),
    }),
  });

export const RelationshipRef = builder.objectRef<RelationshipModel>('Relationship');

RelationshipRef.implement({
  description:
    'A sync relationship: data copied from `source` to `target` by the brokers of a group. No ' +
    'field ever shows a credential.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '24 hex digits.' }),
    name: t.exposeString('name', { nullable: true, description: 'The tag "name".' }),
    displayName: t.string({
      description: '`name`, else "<source.label> → <target.label>".',
      resolve: (rel) => displayName(rel),
    }),
    source: t.field({ type: EndpointRef, resolve: (rel) => rel.source }),
    target: t.field({ type: EndpointRef, resolve: (rel) => rel.target }),
    activity: t.field({
      type: ActivityRef,
      resolve: (rel) => ({ ...rel.activity, accountId: rel.accountId }),
    }),
    settings: t.field({ type: SettingsRef, nullable: true, resolve: (rel) => rel.settings }),
    tags: t.field({
      type: [TagRef],
      description: 'Every tag, "name" included.',
      resolve: (rel) => rel.tags,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    createdInConsole: t.exposeBoolean('createdInConsole', opt),
    account: t.field({
      type: AccountRef,
      resolve: async (rel, _args, ctx) => {
        const accounts = await ctx.loaders().accounts();
        return (
          accounts.find((a) => a.id === rel.accountId) ?? { id: rel.accountId, name: rel.accountId }
        );
      },
    }),
    group: t.field({
      type: DataBrokerGroupRef,
      nullable: true,
      resolve: async (rel, _args, ctx) => {
        if (!rel.groupId) return null;
        const groups = await ctx.loaders().groups.load(rel.accountId);
        const group = groups.find((g) => g.id === rel.groupId);
        return group ? { ...group, accountId: rel.accountId } : null;
      },
    }),
    dataBrokers: t.field({
      type: [DataBrokerRef],
      description: "The brokers of the relationship's group.",
      resolve: async (rel, _args, ctx) => {
        if (!rel.groupId) return [];
        const groups = await ctx.loaders().groups.load(rel.accountId);
        const group = groups.find((g) => g.id === rel.groupId);
        return (group?.dataBrokers ?? []).map((broker) => ({
          ...broker,
          accountId: rel.accountId,
        }));
      },
    }),
    dataBroker: t.field({
      type: DataBrokerRef,
      nullable: true,
      description: 'The single broker of the deprecated `dataBrokerId`, when upstream names one.',
      resolve: (rel, _args, ctx) => brokerOfAccount(ctx, rel.accountId, rel.dataBrokerId),
    }),
    encryption: t.field({
      type: EncryptionRef,
      nullable: true,
      resolve: (rel) =>
        rel.encryption && {
          initiator: rel.encryption.initiator && {
            ...rel.encryption.initiator,
            accountId: rel.accountId,
          },
          listener: rel.encryption.listener && {
            ...rel.encryption.listener,
            accountId: rel.accountId,
          },
        },
    }),
  }),
});

// ---- Connection ----

const PageInfoRef = builder
  .objectRef<{
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  }>('PageInfo')
  .implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
      startCursor: t.exposeString('startCursor', opt),
      endCursor: t.exposeString('endCursor', opt),
    }),
  });

const StatusCountRef = builder
  .objectRef<{ status: (typeof STATUSES)[number]; count: number }>('StatusCount')
  .implement({
    fields: (t) => ({
      status: t.field({ type: RelationshipStatusEnum, resolve: (c) => c.status }),
      count: t.exposeInt('count'),
    }),
  });

const EdgeRef = builder
  .objectRef<{ cursor: string; node: RelationshipModel }>('RelationshipEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: RelationshipRef, resolve: (edge) => edge.node }),
    }),
  });

interface ConnectionModel {
  edges: { cursor: string; node: RelationshipModel }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
  statusCounts: { status: (typeof STATUSES)[number]; count: number }[];
}

const ConnectionRef = builder.objectRef<ConnectionModel>('RelationshipConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [EdgeRef], resolve: (c) => c.edges }),
    nodes: t.field({ type: [RelationshipRef], resolve: (c) => c.edges.map((edge) => edge.node) }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
    totalCount: t.exposeInt('totalCount', { description: 'After the filter, before paging.' }),
    statusCounts: t.field({
      type: [StatusCountRef],
      description: 'Every status with its count, after the filter and before paging.',
      resolve: (c) => c.statusCounts,
    }),
  }),
});

export const TagInput = builder.inputType('TagInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.string({ required: true }),
  }),
});

export const RelationshipFilterInput = builder.inputType('RelationshipFilter', {
  description: 'Every criterion given must hold.',
  fields: (t) => ({
    status: t.field({ type: [RelationshipStatusEnum] }),
    sourceProtocol: t.field({ type: [EndpointProtocolEnum] }),
    targetProtocol: t.field({ type: [EndpointProtocolEnum] }),
    groupId: t.idList(),
    search: t.string({
      description: 'Case-insensitive substring of the name, the labels, hosts, buckets and paths.',
    }),
    tags: t.field({ type: [TagInput], description: 'Every pair must match.' }),
    hasErrors: t.boolean({
      description: 'A failure message, top errors, broker errors or failed files.',
    }),
  }),
});

const OrderInput = builder.inputType('RelationshipOrder', {
  fields: (t) => ({
    field: t.field({ type: OrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, required: true, defaultValue: 'ASC' }),
  }),
});

/** A filter as the connection module reads it (GraphQL nulls become "not given"). */
export function toFilter(
  input: typeof RelationshipFilterInput.$inferInput | null | undefined,
): RelationshipFilter | null {
  if (!input) return null;
  if (input.search && input.search.length > 200) {
    throw badInput('search must have at most 200 characters');
  }
  return {
    status: input.status ?? null,
    sourceProtocol: input.sourceProtocol ?? null,
    targetProtocol: input.targetProtocol ?? null,
    groupId: input.groupId ?? null,
    search: input.search ?? null,
    tags: input.tags ?? null,
    hasErrors: input.hasErrors ?? null,
  };
}

// ---- Transfer stats and subscription ----

const DailyBytesRef = builder
  .objectRef<{ date: string; bytesCopied: number }>('DailyBytes')
  .implement({
    fields: (t) => ({
      date: t.exposeString('date'),
      bytesCopied: t.expose('bytesCopied', { type: 'SafeInt' }),
    }),
  });

const TransferStatsRef = builder.objectRef<TransferStats>('TransferStats').implement({
  description: "The account's totals and the bytes copied on each of the last 30 days.",
  fields: (t) => ({
    totalBytes: t.expose('totalBytes', { type: 'SafeInt' }),
    totalFiles: t.expose('totalFiles', { type: 'SafeInt' }),
    relationshipCount: t.exposeInt('relationshipCount', opt),
    bytesCopiedLast30Days: t.field({
      type: [DailyBytesRef],
      resolve: (s) => s.bytesCopiedLast30Days,
    }),
  }),
});

const SubscriptionRef = builder.objectRef<AccountSubscription>('AccountSubscription').implement({
  description:
    "The account's Cloud Sync subscription (read with noCreate=true: a read creates nothing).",
  fields: (t) => ({
    subscriptionType: t.exposeString('subscriptionType', opt),
    subscriptionStatus: t.exposeString('subscriptionStatus', opt),
    subscriptionProvider: t.exposeString('subscriptionProvider', opt),
    daysLeftForTrial: t.exposeInt('daysLeftForTrial', {
      nullable: true,
      description: '-1 once the trial is over.',
    }),
    noCharge: t.exposeBoolean('noCharge', opt),
  }),
});

// ---- Fields ----

builder.objectFields(AccountRef, (t) => ({
  relationships: t.field({
    type: ConnectionRef,
    description:
      "The account's sync relationships, filtered, sorted and paged by the gateway (one upstream " +
      'call per account and request). Default order NAME ASC, then id; default page 50, at most 500.',
    args: {
      filter: t.arg({ type: RelationshipFilterInput }),
      orderBy: t.arg({ type: [OrderInput] }),
      first: t.arg.int(),
      after: t.arg.string(),
      last: t.arg.int(),
      before: t.arg.string(),
    },
    resolve: async (account, args, ctx) => {
      const filter = toFilter(args.filter);
      const all = await loadRelationships(ctx, account.id);
      const connection = relationshipConnection(all, filter, args.orderBy, args);
      return {
        ...connection,
        edges: connection.edges.map((edge) => ({
          cursor: edge.cursor,
          node: inAccount(account.id, edge.node),
        })),
      };
    },
  }),
  relationship: t.field({
    type: RelationshipRef,
    nullable: true,
    description: 'One relationship, or null when there is none with that id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (account, args, ctx) => {
      const rel = await loadRelationship(ctx, account.id, checkId('id', args.id));
      return rel ? inAccount(account.id, rel) : null;
    },
  }),
  transferStats: t.field({
    type: TransferStatsRef,
    resolve: (account, _args, ctx) => relationshipLoaders(ctx).transferStats.load(account.id),
  }),
  subscription: t.field({
    type: SubscriptionRef,
    resolve: (account, _args, ctx) => relationshipLoaders(ctx).subscription.load(account.id),
  }),
}));

builder.objectFields(DataBrokerGroupRef, (t) => ({
  relationships: t.field({
    type: [RelationshipRef],
    description: "The group's relationships (from the account's list: no extra call).",
    resolve: async (group, _args, ctx) =>
      (await loadRelationships(ctx, group.accountId))
        .filter((rel) => rel.groupId === group.id)
        .map((rel) => inAccount(group.accountId, rel)),
  }),
}));
