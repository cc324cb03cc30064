/** The only reader of process.env: everything the gateway can be told, validated once. */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface UpstreamConfig {
  apiUrl: string;
  authUrl: string;
}

export interface UpstreamTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
  /** Overall deadline of one call, retries included. */
  deadlineMs: number;
}

/** The largest upstream answer accepted, by kind of call. */
export interface UpstreamBodyLimits {
  /** Every call but those below. @default 4 MiB */
  defaultBytes: number;
  /** Calls whose answer may carry listing results: the message feed, list calls. @default 64 MiB */
  largeBytes: number;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  maxSubscriptionsPerConnection: number;
  maxSubscriptionsPerToken: number;
  maxListingsPerToken: number;
}

export interface Config {
  host: string;
  port: number;
  /** null: demo mode, the embedded simulator stands in for Cloud Sync. */
  upstream: UpstreamConfig | null;
  production: boolean;
  logLevel: string;
  graphiql: boolean;
  introspection: boolean;
  timeouts: UpstreamTimeouts;
  upstreamBodyLimits: UpstreamBodyLimits;
  readiness: {
    /** How long an answer like Cloud Sync's keeps /readyz at 200. @default 10_000 */
    freshMs: number;
    /** How long /readyz waits for the probe it started. @default 2_000 */
    waitMs: number;
  };
  /** Deadline of one message-feed long poll (the upstream holds it up to ~25 s). */
  feedPollTimeoutMs: number;
  /** A feed reader whose cursor has not advanced for this long reads the queue head again. */
  feedHeadCheckMs: number;
  /** How long a feed reader stays up after its last user left, to serve a quick follow-up. */
  feedIdleMs: number;
  /**
   * Relationship progress pollers (design §1.6): the RUNNING interval; the others scale with it
   * (waiting for a requested run and the floor between two polls ½×, PENDING 2.5×, the unchanged
   * back-off cap 7.5×, continuous or unknown 15×). @default 2_000
   */
  relationshipPollRunningMs: number;
  /** Distinct relationships one token may watch at once. @default 50 */
  maxWatchedRelationshipsPerToken: number;
  /** The longest `timeoutSeconds` a listing may ask (at most the contract's 120). @default 120 */
  listingMaxTimeoutSeconds: number;
  /**
   * How long after a list call was sent its lane stays held when no answer came (and no refusal):
   * never less than the longest `timeoutSeconds`. @default listingMaxTimeoutSeconds × 1000
   */
  listingGraceMs: number;
  shutdownTimeoutMs: number;
  /** graphql-ws: a socket that sends no `connection_init` within this is closed with 4408. */
  wsInitTimeoutMs: number;
  /** graphql-ws: WebSocket ping interval; a peer that does not pong within it is cut. */
  wsKeepAliveMs: number;
  /** Origins allowed to call from a browser; `*` is any (no cookies are used, tokens are headers). */
  corsOrigins: string[] | '*';
  limits: LimitsConfig;
  /**
   * Plain JSON POSTs from non-browsers skip Yoga's fetch-API layer (src/http/fast-path.ts).
   * @default true
   */
  fastPath: boolean;
  /** null: single-process mode (REDIS_URL unset); else cluster mode on Redis (src/cluster/). */
  cluster: ClusterConfig | null;
}

/** Cluster mode (design/cluster.md §8). */
export interface ClusterConfig {
  /** Where Redis is: a redis:// or rediss:// URL, or a unix socket path. Never logged as it is. */
  redis: { url: string } | { path: string };
  /** The same, safe to log: no credentials. */
  redisName: string;
  /** Key and channel prefix. @default csg */
  prefix: string;
  /** This replica's identity in leases and interest sets. @default <hostname>-<pid>-<4 hex> */
  replicaId: string;
  /** Feed leader lease; crash failover takes about this plus one second. @default 5000 */
  feedLeaseMs: number;
  /** Entries kept per feed stream. @default 1000 */
  feedStreamMaxLen: number;
  /** How long a feed stream and its cursor outlive their last append. @default 600000 */
  feedStreamTtlMs: number;
  /** A lane's lease while its request queues (the owed window is computed). @default 5000 */
  laneLeaseMs: number;
  /** Deadline of one non-blocking Redis command. @default 1000 */
  commandTimeoutMs: number;
  /** Lifetime of a per-token cap member not refreshed (a dead replica's). @default 30000 */
  capTtlMs: number;
  /**
   * How long open feedMessages subscriptions outlive a Redis outage; then they end with
   * UPSTREAM_UNAVAILABLE (the client resumes with `after`). @default 10000
   */
  outageGraceMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Settings = Record<string, string | undefined>;

export const DEFAULT_AUTH_URL = 'https://netapp-cloud-account.auth0.com';

function origin(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name} must be a plain origin without credentials, query or fragment`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function integer(
  settings: Settings,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = settings[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(settings: Settings, name: string, fallback: boolean): boolean {
  const raw = settings[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${settings[name]}"`);
}

function origins(raw: string | undefined): string[] | '*' {
  if (!raw || raw.trim() === '*') return '*';
  return raw.split(',').map((value) => origin('CORS_ORIGINS', value.trim()));
}

/** The contract's bound on a listing's `timeoutSeconds` (DESIGN.md). */
export const MAX_LISTING_TIMEOUT_SECONDS = 120;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(settings: Settings): Config {
  const production = settings.NODE_ENV === 'production';
  const apiUrl = settings.CLOUDSYNC_API_URL;
  const upstream = apiUrl
    ? {
        apiUrl: origin('CLOUDSYNC_API_URL', apiUrl),
        authUrl: origin('CLOUDSYNC_AUTH_URL', settings.CLOUDSYNC_AUTH_URL || DEFAULT_AUTH_URL),
      }
    : null;
  if (!upstream && settings.CLOUDSYNC_AUTH_URL) {
    throw new ConfigError('CLOUDSYNC_AUTH_URL is set but CLOUDSYNC_API_URL is not');
  }
  const host = settings.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new ConfigError(`HOST is not a host name: "${host}"`);
  const logLevel = settings.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const listingMaxTimeoutSeconds = integer(
    settings,
    'LISTING_MAX_TIMEOUT_SECONDS',
    MAX_LISTING_TIMEOUT_SECONDS,
    1,
    MAX_LISTING_TIMEOUT_SECONDS,
  );
  const listingGraceMs = integer(
    settings,
    'LISTING_GRACE_MS',
    listingMaxTimeoutSeconds * 1000,
    1,
    3_600_000,
  );
  // A shorter grace would free a lane while a caller may still be owed its answer.
  if (listingGraceMs < listingMaxTimeoutSeconds * 1000) {
    throw new ConfigError(
      `LISTING_GRACE_MS must not be less than the longest listing timeout (${listingMaxTimeoutSeconds * 1000} ms, LISTING_MAX_TIMEOUT_SECONDS), got "${settings.LISTING_GRACE_MS}"`,
    );
  }
  return {
    host,
    port: integer(settings, 'PORT', 4000, 0, 65535),
    upstream,
    production,
    logLevel,
    graphiql: flag(settings, 'GRAPHIQL', !production),
    introspection: flag(settings, 'INTROSPECTION', !production),
    timeouts: {
      connectMs: integer(settings, 'UPSTREAM_CONNECT_TIMEOUT_MS', 5_000, 1, 600_000),
      headersMs: integer(settings, 'UPSTREAM_HEADERS_TIMEOUT_MS', 10_000, 1, 600_000),
      bodyMs: integer(settings, 'UPSTREAM_BODY_TIMEOUT_MS', 10_000, 1, 600_000),
      deadlineMs: integer(settings, 'UPSTREAM_DEADLINE_MS', 15_000, 1, 600_000),
    },
    upstreamBodyLimits: {
      defaultBytes: integer(settings, 'UPSTREAM_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 2 ** 30),
      largeBytes: integer(
        settings,
        'UPSTREAM_MAX_LISTING_BODY_BYTES',
        64 * 1024 * 1024,
        1024,
        2 ** 30,
      ),
    },
    readiness: {
      freshMs: integer(settings, 'READINESS_FRESH_MS', 10_000, 0, 600_000),
      waitMs: integer(settings, 'READINESS_WAIT_MS', 2_000, 0, 60_000),
    },
    feedPollTimeoutMs: integer(settings, 'FEED_POLL_TIMEOUT_MS', 35_000, 100, 600_000),
    feedHeadCheckMs: integer(settings, 'FEED_HEAD_CHECK_MS', 60_000, 100, 3_600_000),
    feedIdleMs: integer(settings, 'FEED_IDLE_MS', 1_000, 0, 600_000),
    relationshipPollRunningMs: integer(
      settings,
      'RELATIONSHIP_POLL_RUNNING_MS',
      2_000,
      10,
      600_000,
    ),
    maxWatchedRelationshipsPerToken: integer(
      settings,
      'MAX_WATCHED_RELATIONSHIPS_PER_TOKEN',
      50,
      1,
      100_000,
    ),
    listingMaxTimeoutSeconds,
    listingGraceMs,
    shutdownTimeoutMs: integer(settings, 'SHUTDOWN_TIMEOUT_MS', 4_000, 0, 60_000),
    corsOrigins: origins(settings.CORS_ORIGINS),
    fastPath: flag(settings, 'FAST_PATH', true),
    cluster: clusterConfig(settings, upstream !== null),
    wsInitTimeoutMs: integer(settings, 'WS_INIT_TIMEOUT_MS', 3_000, 100, 600_000),
    wsKeepAliveMs: integer(settings, 'WS_KEEPALIVE_MS', 15_000, 100, 600_000),
    limits: {
      maxDepth: integer(settings, 'MAX_DEPTH', 10, 1, 1000),
      maxAliases: integer(settings, 'MAX_ALIASES', 30, 0, 10_000),
      maxTokens: integer(settings, 'MAX_TOKENS', 2_000, 10, 1_000_000),
      maxDirectives: integer(settings, 'MAX_DIRECTIVES', 20, 0, 10_000),
      maxCost: integer(settings, 'MAX_COST', 5_000, 1, 10_000_000),
      maxSubscriptionsPerConnection: integer(
        settings,
        'MAX_SUBSCRIPTIONS_PER_CONNECTION',
        50,
        1,
        100_000,
      ),
      maxSubscriptionsPerToken: integer(settings, 'MAX_SUBSCRIPTIONS_PER_TOKEN', 200, 1, 1_000_000),
      maxListingsPerToken: integer(settings, 'MAX_LISTINGS_PER_TOKEN', 20, 1, 100_000),
    },
  };
}

/**
 * REDIS_URL and the cluster knobs; null when REDIS_URL is unset. The URL's value is never echoed
 * in an error (it may carry a password).
 */
function clusterConfig(settings: Settings, hasUpstream: boolean): ClusterConfig | null {
  const raw = settings.REDIS_URL?.trim();
  if (!raw) return null;
  if (!hasUpstream) {
    throw new ConfigError(
      'REDIS_URL is set but CLOUDSYNC_API_URL is not: replicas in demo mode would each embed their own simulator (run `npm run simulator` and point CLOUDSYNC_API_URL at it)',
    );
  }
  const bad = () =>
    new ConfigError(
      'REDIS_URL must be a redis://host:port, rediss://host:port or unix:///path URL',
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad();
  }
  let redis: ClusterConfig['redis'];
  let redisName: string;
  if (url.protocol === 'unix:') {
    const path = decodeURIComponent(url.pathname);
    if (url.host || !path.startsWith('/') || path.length < 2) throw bad();
    redis = { path };
    redisName = `unix://${path}`;
  } else if (url.protocol === 'redis:' || url.protocol === 'rediss:') {
    if (!url.hostname) throw bad();
    redis = { url: raw };
    redisName = `${url.protocol}//${url.host}`;
  } else {
    throw bad();
  }
  const prefix = settings.REDIS_PREFIX?.trim() || 'csg';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) {
    throw new ConfigError(`REDIS_PREFIX must be 1 to 64 of A-Z a-z 0-9 _ . -, got "${prefix}"`);
  }
  const replicaId =
    settings.REPLICA_ID?.trim() ||
    `${hostname().replace(/[^A-Za-z0-9_.-]/g, '') || 'host'}-${process.pid}-${randomBytes(2).toString('hex')}`;
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(replicaId)) {
    throw new ConfigError(`REPLICA_ID must be 1 to 128 of A-Z a-z 0-9 _ . -, got "${replicaId}"`);
  }
  return {
    redis,
    redisName,
    prefix,
    replicaId,
    feedLeaseMs: integer(settings, 'FEED_LEASE_MS', 5_000, 500, 600_000),
    feedStreamMaxLen: integer(settings, 'FEED_STREAM_MAXLEN', 1_000, 10, 10_000_000),
    feedStreamTtlMs: integer(settings, 'FEED_STREAM_TTL_MS', 600_000, 1_000, 86_400_000),
    laneLeaseMs: integer(settings, 'LANE_LEASE_MS', 5_000, 500, 600_000),
    commandTimeoutMs: integer(settings, 'REDIS_COMMAND_TIMEOUT_MS', 1_000, 10, 60_000),
    capTtlMs: integer(settings, 'CLUSTER_CAP_TTL_MS', 30_000, 1_000, 3_600_000),
    outageGraceMs: integer(settings, 'REDIS_OUTAGE_GRACE_MS', 10_000, 0, 3_600_000),
  };
}

/** Command-line flags, each the same as an environment variable (flags win). */
export const FLAGS = {
  port: { env: 'PORT', help: 'port to listen on', default: '4000' },
  host: { env: 'HOST', help: 'address to listen on', default: '127.0.0.1' },
  'api-url': {
    env: 'CLOUDSYNC_API_URL',
    help: 'Cloud Sync API origin',
    default: 'none: demo mode, on the embedded simulator',
  },
  'auth-url': {
    env: 'CLOUDSYNC_AUTH_URL',
    help: 'token service origin',
    default: DEFAULT_AUTH_URL,
  },
  'log-level': {
    env: 'LOG_LEVEL',
    help: 'fatal|error|warn|info|debug|trace|silent',
    default: 'info',
  },
} as const;

export type Flags = Partial<Record<keyof typeof FLAGS, string>>;

/** The configuration of this process: its environment with the command-line flags on top. */
export function loadProcessConfig(flags: Flags): Config {
  const settings: Settings = { ...process.env };
  for (const [name, value] of Object.entries(flags)) {
    const flagDef = FLAGS[name as keyof typeof FLAGS];
    if (flagDef && value !== undefined) settings[flagDef.env] = value;
  }
  return loadConfig(settings);
}
