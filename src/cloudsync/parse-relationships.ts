import type { Json } from './parse';
import { date, isObject, list, malformed, num, text } from './parse';
import type {
  AccountSubscription,
  FileCounts,
  RelationshipActivity,
  RelationshipEncryptionSide,
  RelationshipEndpoint,
  RelationshipErrorCount,
  RelationshipRunType,
  RelationshipSettings,
  RelationshipStatus,
  RelationshipTag,
  TransferStats,
  UnknownEndpoint,
  UpstreamRelationship,
} from './relationship-types';

/**
 * Lenient readers of relationships: real-data quirks (isCm/isCM, string ports, schemes in hosts,
 * epoch-ms or ISO dates) are absorbed, an unknown protocol becomes an `unknown` endpoint, and no
 * credential an upstream body carries survives: endpoints are read field by field, and the raw copy
 * kept for unknown endpoints loses every credential-like key.
 */

const SECRET_KEY = /credential|password|secret|token|connection.?string|private.?key|sas/i;

/** A deep copy without any key that may hold a secret. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (!SECRET_KEY.test(key)) out[key] = withoutSecrets(item);
  }
  return out;
}

const str = (value: unknown): string | null => {
  const found = text(value);
  return found === null || found === '' ? null : found;
};

function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

function port(value: unknown): number | null {
  const parsed = num(value);
  return parsed !== null && Number.isInteger(parsed) && parsed > 0 && parsed <= 65535
    ? parsed
    : null;
}

/** "https://s3.grid.lan:8082/" → host "s3.grid.lan", port 8082. */
function hostAndPort(value: unknown): { host: string | null; port: number | null } {
  const raw = str(value);
  if (raw === null) return { host: null, port: null };
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/]*)/i.exec(raw.trim());
  const authority = match?.[1] ?? raw;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority);
  if (bracketed) return { host: bracketed[1] ?? null, port: port(bracketed[2]) };
  const colon = authority.split(':');
  if (colon.length === 2) return { host: colon[0] || null, port: port(colon[1]) };
  return { host: authority || null, port: null };
}

export const parseTags = (value: unknown): RelationshipTag[] =>
  (Array.isArray(value) ? value : []).flatMap((tag: unknown) => {
    if (!isObject(tag)) return [];
    const key = text(tag.key ?? tag.Key);
    return key === null ? [] : [{ key, value: text(tag.value ?? tag.Value) ?? '' }];
  });

function joinPath(...parts: (string | null)[]): string {
  return parts
    .filter((part): part is string => part !== null && part !== '')
    .map((part, index) => (index === 0 ? part.replace(/\/+$/, '') : part.replace(/^\/+|\/+$/g, '')))
    .join('/');
}

const PROTOCOLS: Record<string, RelationshipEndpoint['protocol']> = {
  nfs: 'NFS',
  cifs: 'CIFS',
  s3: 'S3',
  local: 'LOCAL',
  azure: 'AZURE',
  gcp: 'GCP',
  sftp: 'SFTP',
  box: 'BOX',
  gdrive: 'GDRIVE',
};

function unknownEndpoint(value: Json, protocolRaw: string | null): UnknownEndpoint {
  const sub = protocolRaw !== null && isObject(value[protocolRaw]) ? value[protocolRaw] : null;
  return {
    kind: 'unknown',
    protocol: 'UNKNOWN',
    protocolRaw,
    provider: (sub && str(sub.provider)) ?? protocolRaw ?? 'unknown',
    label: `${protocolRaw ?? 'unknown'}://`,
    raw: withoutSecrets(value),
  };
}

/** One endpoint (source or target); never throws. */
export function parseEndpoint(value: unknown): RelationshipEndpoint {
  if (!isObject(value)) return unknownEndpoint({}, null);
  const protocolRaw = str(value.protocol)?.toLowerCase() ?? null;
  const protocol = protocolRaw === null ? undefined : PROTOCOLS[protocolRaw];
  const sub = protocolRaw !== null ? value[protocolRaw] : undefined;
  if (!protocol || !isObject(sub)) return unknownEndpoint(value, protocolRaw);
  const provider = str(sub.provider) ?? protocolRaw ?? 'unknown';
  const base = { protocol, provider };
  switch (protocolRaw) {
    case 'nfs': {
      const host = str(sub.host);
      const exportPath = str(sub.export);
      if (!host || !exportPath) break;
      const path = str(sub.path);
      return {
        ...base,
        kind: 'nfs',
        label: `${provider}://${host}:${joinPath(exportPath, path)}`,
        host,
        export: exportPath,
        path,
        version: str(sub.version),
        accessPoint: str(sub.accessPoint),
        workingEnvironmentId: str(sub.workingEnvironmentId),
      };
    }
    case 'cifs': {
      const host = str(sub.host);
      const share = str(sub.share);
      if (!host || !share) break;
      const path = str(sub.path);
      return {
        ...base,
        kind: 'cifs',
        label: `${provider}://${host}/${joinPath(share, path)}`,
        host,
        share,
        path,
        version: str(sub.version),
        workingEnvironmentId: str(sub.workingEnvironmentId),
      };
    }
    case 's3': {
      const bucket = str(sub.bucket);
      if (!bucket) break;
      const address = hostAndPort(sub.host);
      const portValue = port(sub.port) ?? address.port;
      const prefix = str(sub.prefix);
      const where = address.host
        ? `${address.host}${portValue === null ? '' : `:${portValue}`}/`
        : '';
      const encryption = isObject(sub.encryption)
        ? { protocol: str(sub.encryption.protocol), keyId: str(sub.encryption.keyId) }
        : null;
      return {
        ...base,
        kind: 's3',
        label: `${provider}://${where}${joinPath(bucket, prefix)}`,
        bucket,
        prefix,
        region: str(sub.region),
        host: address.host,
        port: portValue,
        storageClass: str(sub.storageClass),
        encryption,
        privateLinkDns: str(sub.privateLinkDns),
        tags: parseTags(sub.tags),
        workingEnvironmentId: str(sub.workingEnvironmentId),
      };
    }
    case 'azure': {
      const container = str(sub.container);
      if (!container) break;
      const account = str(sub.storageAccountName);
      const prefix = str(sub.prefix);
      const path = str(sub.path);
      return {
        ...base,
        kind: 'azure',
        label: `${provider}://${account ? `${account}/` : ''}${joinPath(container, prefix ?? path)}`,
        storageAccountName: account,
        container,
        prefix,
        path,
        blobTier: str(sub.blobTier),
        tags: parseTags(sub.tags),
      };
    }
    case 'gcp': {
      const bucket = str(sub.bucket);
      if (!bucket) break;
      const prefix = str(sub.prefix);
      return {
        ...base,
        kind: 'gcp',
        label: `gs://${joinPath(bucket, prefix)}`,
        bucket,
        prefix,
        storageClass: str(sub.storageClass),
        kmsKeyName: str(sub.kmsKeyName),
        tags: parseTags(sub.tags),
      };
    }
    case 'sftp': {
      const address = hostAndPort(sub.host);
      const rootDirectory = str(sub.rootDirectory);
      if (!address.host || !rootDirectory) break;
      const portValue = port(sub.port) ?? address.port;
      const path = str(sub.path);
      return {
        ...base,
        kind: 'sftp',
        label: `sftp://${address.host}${portValue === null ? '' : `:${portValue}`}${joinPath(rootDirectory, path)}`,
        host: address.host,
        port: portValue,
        rootDirectory,
        path,
      };
    }
    case 'box': {
      const folderId = str(sub.folderId);
      const clientId = str(sub.clientId);
      if (!folderId || !clientId) break;
      const rootDirectory = str(sub.rootDirectory);
      const path = str(sub.path);
      return {
        ...base,
        kind: 'box',
        label: `box://${str(sub.appName) ?? clientId}/${joinPath(rootDirectory ?? '', path) || folderId}`,
        folderId,
        clientId,
        enterpriseId: str(sub.enterpriseId),
        appName: str(sub.appName),
        rootDirectory,
        path,
      };
    }
    case 'gdrive': {
      const driveId = str(sub.driveId);
      const subject = str(sub.subject);
      if (!driveId || !subject) break;
      const path = str(sub.path);
      return {
        ...base,
        kind: 'gdrive',
        label: `gdrive://${str(sub.driveName) ?? driveId}/${path?.replace(/^\/+/, '') ?? ''}`,
        driveId,
        driveName: str(sub.driveName),
        folderId: str(sub.folderId),
        path,
        subject,
        tags: parseTags(sub.tags),
      };
    }
    case 'local': {
      const path = str(sub.path);
      if (!path) break;
      return { ...base, kind: 'local', label: `local://${path}`, path };
    }
  }
  return unknownEndpoint(value, protocolRaw);
}

const STATUSES = new Set<RelationshipStatus>(['PENDING', 'RUNNING', 'DONE', 'FAILED', 'ABORTED']);

function status(value: unknown): RelationshipStatus {
  const upper = str(value)?.toUpperCase();
  return upper && STATUSES.has(upper as RelationshipStatus)
    ? (upper as RelationshipStatus)
    : 'UNKNOWN';
}

function runType(value: unknown): RelationshipRunType {
  const key = str(value)
    ?.toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (key === 'initialcopy') return 'INITIAL_COPY';
  if (key === 'sync') return 'SYNC';
  return 'UNKNOWN';
}

const counts = (a: Json, files: string, dirs: string | null, bytes: string | null): FileCounts => ({
  files: num(a[files]),
  dirs: dirs === null ? null : num(a[dirs]),
  bytes: bytes === null ? null : num(a[bytes]),
});

export function parseActivity(value: unknown): RelationshipActivity {
  const a = isObject(value) ? value : {};
  const topErrors: RelationshipErrorCount[] = (
    Array.isArray(a.topFiveMostCommonRelationshipErrors)
      ? a.topFiveMostCommonRelationshipErrors
      : []
  ).flatMap((item: unknown) => {
    if (!isObject(item)) return [];
    const errorCode = str(item.errorCode);
    if (!errorCode) return [];
    return [
      {
        step: str(item.step),
        errorCode,
        count: num(item.counter ?? item.count) ?? 0,
        description: str(item.description),
      },
    ];
  });
  const brokerErrors = (Array.isArray(a.errors) ? a.errors : []).flatMap((item: unknown) => {
    if (!isObject(item)) return [];
    const dataBrokerId = str(item.dataBrokerId);
    return dataBrokerId ? [{ dataBrokerId, reason: str(item.reason) ?? '' }] : [];
  });
  return {
    status: status(a.status),
    statusRaw: str(a.status),
    runType: runType(a.type),
    runTypeRaw: str(a.type),
    syncType: str(a.syncType),
    progress: num(a.progress),
    startTime: date(a.startTime),
    endTime: date(a.endTime),
    lastMessageTime: date(a.lastMessageTime),
    executionTimeMs: num(a.executionTime),
    timeEstimation: num(a.timeEstimation),
    failureMessage: str(a.failureMessage),
    counters: {
      scanned: counts(a, 'filesScanned', 'dirsScanned', 'bytesScanned'),
      markedForCopy: counts(a, 'filesMarkedForCopy', 'dirsMarkedForCopy', 'bytesMarkedForCopy'),
      copied: counts(a, 'filesCopied', 'dirsCopied', 'bytesCopied'),
      failed: counts(a, 'filesFailed', 'dirsFailed', 'bytesFailed'),
      markedForRemove: counts(
        a,
        'filesMarkedForRemove',
        'dirsMarkedForRemove',
        'bytesMarkedForRemove',
      ),
      removed: counts(a, 'filesRemoved', 'dirsRemoved', 'bytesRemoved'),
      removeFailed: counts(a, 'filesRemovedFailed', null, 'bytesRemovedFailed'),
      filesIgnored: num(a.filesMarkedForIgnore),
      dirsFailedToScan: num(a.dirsFailedToScan),
    },
    topErrors,
    brokerErrors,
  };
}

export function parseSettings(value: unknown): RelationshipSettings | null {
  if (!isObject(value)) return null;
  const raw = withoutSecrets(value) as Json;
  return {
    gracePeriodSeconds: num(value.gracePeriod),
    retries: num(value.retries),
    deleteOnSource: bool(value.deleteOnSource) ?? false,
    deleteOnTarget: bool(value.deleteOnTarget) ?? false,
    objectTagging: bool(value.objectTagging),
    copyAcl: bool(value.copyAcl),
    copyData: bool(value.copyData),
    continuousSync: bool(value.continuousSync),
    raw,
  };
}

/**
 * A settings patch applied to the settings read: objects merge key by key at every depth, anything
 * else (arrays included) replaces; `undefined` in the patch leaves the field alone.
 */
export function mergeSettings(base: Json, patch: Json): Json {
  const out: Json = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] =
      isObject(value) && isObject(current) ? mergeSettings(current, value) : structuredClone(value);
  }
  return out;
}

function encryptionSide(value: unknown): RelationshipEncryptionSide | null {
  if (!isObject(value)) return null;
  return {
    dataBrokerId: str(value.dataBrokerId),
    groupId: str(value.groupId),
    encryptionType: str(value.encryptionType),
  };
}

function relationship(value: Json): UpstreamRelationship | null {
  const id = str(value.id) ?? str(value.relationshipId);
  if (!id) return null;
  const tags = parseTags(value.tags);
  const encryption = isObject(value.encryption)
    ? {
        initiator: encryptionSide(value.encryption.initiator),
        listener: encryptionSide(value.encryption.listener),
      }
    : null;
  return {
    id,
    name: tags.find((tag) => tag.key === 'name')?.value || null,
    source: parseEndpoint(value.source),
    target: parseEndpoint(value.target),
    activity: parseActivity(value.activity),
    settings: parseSettings(value.settings),
    tags,
    createdAt: date(value.createdAt),
    createdInConsole: bool(value.isCm ?? value.isCM),
    groupId: str(value.group) ?? str(value.groupId),
    dataBrokerId: str(value.dataBroker) ?? str(value.dataBrokerId),
    encryption,
  };
}

export const parseRelationships = (body: unknown): UpstreamRelationship[] =>
  list(body, 'relationship list', relationship);

export function parseRelationship(body: unknown): UpstreamRelationship {
  const parsed = isObject(body) ? relationship(body) : null;
  if (!parsed) throw malformed('relationship');
  return parsed;
}

export function parseTransferStats(body: unknown): TransferStats {
  if (!isObject(body)) throw malformed('relationship statistics');
  const days = Array.isArray(body.bytesCopiedInTheLast30Days)
    ? body.bytesCopiedInTheLast30Days
    : [];
  return {
    totalBytes: num(body.totalBytes) ?? 0,
    totalFiles: num(body.totalFiles) ?? 0,
    relationshipCount: num(body.numberOfRelationships),
    bytesCopiedLast30Days: days.flatMap((day: unknown) => {
      if (!isObject(day)) return [];
      const when = str(day.date);
      return when ? [{ date: when, bytesCopied: num(day.bytesCopied) ?? 0 }] : [];
    }),
  };
}

export function parseAccountInfo(body: unknown): AccountSubscription {
  if (!isObject(body)) throw malformed('account information');
  return {
    accountId: str(body.accountId),
    name: str(body.name),
    noCharge: bool(body.noCharge),
    daysLeftForTrial: num(body.daysLeftForTrial),
    subscriptionType: str(body.subscriptionType),
    subscriptionStatus: str(body.subscriptionStatus),
    subscriptionProvider: str(body.subscriptionProvider),
  };
}
