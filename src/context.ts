import { createHash, randomUUID } from 'node:crypto';
import type { CloudSyncClient } from './cloudsync/client';
import type { Caller } from './cloudsync/types';
import { MALFORMED_TOKEN, NOT_LOGGED_IN, unauthenticated } from './errors';
import type { Cohorts } from './feed/cohorts';
import type { FeedProvider } from './feed/hub';
import type { Listings } from './feed/listings';
import type { SubscriptionRegistry } from './feed/subscriptions';
import { createLoaders, type Loaders } from './loaders';
import type {
  RelationshipChangeWatchers,
  RelationshipPollers,
  ReportPollers,
} from './relationships';

/** Long-lived parts, created once at start-up and handed to every request. */
export interface Services {
  cloudsync: CloudSyncClient;
  feed: FeedProvider;
  listings: Listings;
  subscriptions: SubscriptionRegistry;
  /** Subscribers of one feed with equal operations and the same token: one execution per event. */
  cohorts: Cohorts;
  /**
   * Shared relationship pollers: progress per relationship, changes per account (design §1.6), and
   * report progress per report (same rules).
   */
  relationships: {
    pollers: RelationshipPollers;
    changes: RelationshipChangeWatchers;
    reports: ReportPollers;
  };
}

export interface GatewayContext extends Services {
  /** Names this request in the logs (the client's `x-request-id` when it is a plain token). */
  readonly requestId: string;
  /** null when the request carried no usable bearer token. */
  readonly caller: Caller | null;
  /** The caller, or UNAUTHENTICATED before any upstream call is made. */
  requireCaller(): Caller;
  /** This request's loaders (created on first use). */
  loaders(): Loaders;
  /** Aborted when the client goes away (HTTP requests). */
  readonly signal: AbortSignal | undefined;
  /** A subscription gets fresh loaders for every event it sends. */
  refreshLoaders(): void;
}

const BEARER = /^Bearer [A-Za-z0-9\-._~+/]+=*$/i;

/** The key for anything shared between requests of one caller: a hash of the exact token. */
export const callerKey = (authorization: string): string =>
  createHash('sha256').update(authorization).digest('base64url');

/** graphql-ws connectionParams: `authorization`, or `Authorization` as GraphiQL's headers tab names it. */
export const authorizationParam = (params: Record<string, unknown> | undefined): unknown =>
  params?.authorization ?? params?.Authorization;

export function parseAuthorization(value: unknown, signal?: AbortSignal): Caller | null {
  if (typeof value !== 'string') return null;
  const authorization = value.trim();
  if (!BEARER.test(authorization) || authorization.length > 8192) return null;
  return { authorization, key: callerKey(authorization), upstreamCalls: 0, signal };
}

export interface RequestInfo {
  authorization: unknown;
  requestId?: string | null;
  signal?: AbortSignal;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createContext(services: Services, request: RequestInfo): GatewayContext {
  const { authorization, signal } = request;
  const requestId =
    request.requestId && REQUEST_ID.test(request.requestId) ? request.requestId : randomUUID();
  const caller = parseAuthorization(authorization, signal);
  // No header at all, or one that is there but not a bearer token: each says what to send instead.
  const missing = () =>
    unauthenticated(
      typeof authorization === 'string' && authorization.trim() !== ''
        ? MALFORMED_TOKEN
        : NOT_LOGGED_IN,
    );
  const cloudsync = services.cloudsync;
  let loaders: Loaders | undefined;
  return {
    ...services,
    requestId,
    caller,
    signal,
    requireCaller() {
      if (!caller) throw missing();
      return caller;
    },
    loaders() {
      if (!caller) throw missing();
      loaders ??= createLoaders(cloudsync, caller);
      return loaders;
    },
    refreshLoaders() {
      loaders = undefined;
    },
  };
}
