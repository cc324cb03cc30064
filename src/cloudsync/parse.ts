import { GatewayError } from '../errors';
import type {
  AuthGrant,
  CreatedDataBroker,
  DataBrokerStatus,
  DataBrokerType,
  FeedMessage,
  ListingStart,
  NfsExport,
  NfsFolder,
  S3Bucket,
  UpstreamAccount,
  UpstreamDataBroker,
  UpstreamGroup,
} from './types';

/**
 * Lenient readers of upstream JSON: unknown fields are ignored, numbers may come as strings, and a
 * record without its identity is dropped. A body of the wrong shape altogether is the upstream's
 * fault and becomes UPSTREAM_UNAVAILABLE, never a crash.
 */

export type Json = Record<string, unknown>;

export function malformed(what: string): GatewayError {
  return new GatewayError('UPSTREAM_UNAVAILABLE', `Cloud Sync sent an unexpected ${what}`);
}

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

export function date(value: unknown): Date | null {
  const epoch = num(value);
  const parsed =
    epoch !== null ? new Date(epoch) : typeof value === 'string' ? new Date(value) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : null;
}

export function list<T>(body: unknown, what: string, item: (value: Json) => T | null): T[] {
  if (!Array.isArray(body)) throw malformed(what);
  const out: T[] = [];
  for (const value of body) {
    const parsed = isObject(value) ? item(value) : null;
    if (parsed !== null) out.push(parsed);
  }
  return out;
}

const BROKER_TYPES = new Set<DataBrokerType>(['AWS', 'AZURE', 'GCP', 'ONPREM']);

function brokerType(value: unknown): DataBrokerType {
  const upper = text(value)?.toUpperCase();
  return upper && BROKER_TYPES.has(upper as DataBrokerType) ? (upper as DataBrokerType) : 'ONPREM';
}

function brokerStatus(value: unknown): DataBrokerStatus {
  if (value === undefined || value === null || value === '') return 'PENDING';
  const upper = text(value)?.toUpperCase();
  return upper === 'COMPLETE' || upper === 'FAILED' ? upper : 'UNKNOWN';
}

function dataBroker(value: Json): UpstreamDataBroker | null {
  const id = text(value.id);
  if (!id) return null;
  return {
    id,
    name: text(value.name) ?? id,
    type: brokerType(value.type),
    status: brokerStatus(value.status),
    statusMessage: text(value.message),
    groupId: text(value.groupId),
    fileLink: text(value.fileLink),
    transferRate: num(value.transferRate),
    lastPing: date(value.lastPing),
    latestVersion: text(value.latestVersion),
  };
}

export const parseAccounts = (body: unknown): UpstreamAccount[] =>
  list(body, 'account list', (value) => {
    const id = text(value.accountId);
    return id ? { id, name: text(value.name) ?? id } : null;
  });

export const parseDataBrokers = (body: unknown): UpstreamDataBroker[] =>
  list(body, 'data broker list', dataBroker);

export const parseGroups = (body: unknown): UpstreamGroup[] =>
  list(body, 'group list', (value) => {
    const id = text(value.id);
    if (!id) return null;
    const brokers = Array.isArray(value.dataBrokers) ? parseDataBrokers(value.dataBrokers) : [];
    return {
      id,
      name: text(value.name) ?? id,
      createdAt: date(value.createdAt),
      // Embedded brokers may omit their group: it is this one.
      dataBrokers: brokers.map((broker) => ({ ...broker, groupId: broker.groupId ?? id })),
    };
  });

export function parseCreatedDataBroker(body: unknown): CreatedDataBroker {
  const id = isObject(body) ? text(body.id) : null;
  if (!isObject(body) || !id) throw malformed('answer to create data broker');
  return {
    id,
    name: text(body.name) ?? id,
    type: brokerType(body.type),
    groupId: text(body.groupId),
    fileLink: text(body.fileLink),
    latestVersion: text(body.latestVersion),
    template: body.template ?? null,
  };
}

export function parseAuthGrant(body: unknown): AuthGrant {
  const accessToken = isObject(body) ? text(body.access_token) : null;
  if (!isObject(body) || !accessToken) throw malformed('token answer');
  return {
    accessToken,
    tokenType: text(body.token_type) ?? 'Bearer',
    expiresIn: num(body.expires_in) ?? 86_400,
  };
}

/** The 202 of a list call has no body, unless an upstream adds `{requestId}`: then it is exact. */
/**
 * A list call's 2xx body. The operation's payload (`{"<operation>": result}`, or the bare result
 * array) is the answer itself; anything else (no body, 202, 204, `{requestId}`) means accepted.
 */
export function parseListingStart(operation: string, body: unknown): ListingStart {
  if (Array.isArray(body)) return { answered: true, payload: body };
  if (!isObject(body)) return { answered: false, requestId: null };
  if (Object.hasOwn(body, operation)) return { answered: true, payload: body[operation] };
  return { answered: false, requestId: text(body.requestId) };
}

export const parseMessages = (body: unknown): FeedMessage[] =>
  list(body, 'message feed answer', (value) => {
    const id = text(value.id);
    if (!id || !/^\d+$/.test(id)) return null;
    const header = isObject(value.header) ? value.header : {};
    const payload = isObject(value.payload) ? value.payload : {};
    const operation = Object.keys(payload)[0] ?? '';
    return {
      id,
      operation,
      requestId: text(header.requestId),
      clientId: text(header.clientId),
      agentId: text(header.agentId),
      groupId: text(header.groupId),
      payload: operation ? payload[operation] : null,
    };
  });

/** A listing result is either its items or `{error: {code, message}}` (the broker failed). */
export type ListingResult<T> =
  | { ok: true; items: T[] }
  | { ok: false; code: string; message: string };

function listingResult<T>(value: unknown, item: (value: unknown) => T | null): ListingResult<T> {
  if (isObject(value) && value.error !== undefined) {
    const error = isObject(value.error) ? value.error : {};
    return {
      ok: false,
      code: text(error.code) ?? 'unknown_error',
      message: text(error.message) ?? text(value.error) ?? 'The data broker reported an error',
    };
  }
  if (!Array.isArray(value)) {
    return {
      ok: false,
      code: 'malformed_result',
      message: 'The data broker sent an unreadable result',
    };
  }
  const items: T[] = [];
  for (const entry of value) {
    const parsed = item(entry);
    if (parsed !== null) items.push(parsed);
  }
  return { ok: true, items };
}

export const parseS3Buckets = (value: unknown): ListingResult<S3Bucket> =>
  listingResult(value, (entry) => {
    if (!isObject(entry)) return null;
    const name = text(entry.name);
    if (!name) return null;
    const region = isObject(entry.region) ? entry.region : null;
    const regionName = region ? text(region.name) : text(entry.region);
    return {
      name,
      region: regionName
        ? { name: regionName, displayName: region ? text(region.displayName) : null }
        : null,
      tags: (Array.isArray(entry.tags) ? entry.tags : []).flatMap((tag: unknown) => {
        if (!isObject(tag)) return [];
        const key = text(tag.Key ?? tag.key);
        return key === null ? [] : [{ key, value: text(tag.Value ?? tag.value) ?? '' }];
      }),
    };
  });

export const parseNfsExports = (value: unknown): ListingResult<NfsExport> =>
  listingResult(value, (entry) => {
    const path = isObject(entry) ? text(entry.path ?? entry.name) : text(entry);
    return path ? { path } : null;
  });

export const parseNfsFolders = (value: unknown): ListingResult<NfsFolder> =>
  listingResult(value, (entry) => {
    if (!isObject(entry)) {
      const name = text(entry);
      return name ? { name: name.split('/').pop() || name, path: name } : null;
    }
    const path = text(entry.path) ?? text(entry.name);
    if (!path) return null;
    return { name: text(entry.name) ?? path.split('/').pop() ?? path, path };
  });
