import type { ListingCredentials, ListingParams } from '../cloudsync/group-listings';
import { buildGroupListingRequest } from '../cloudsync/group-listings';
import { checkId, checkListingTimeout } from '../cloudsync/inputs';
import type { ListingOperationSpec, ListingResultKind } from '../cloudsync/list-operations';
import type { ListingItemByKind } from '../cloudsync/listing-parsers';
import { parseListing } from '../cloudsync/listing-parsers';
import type { ListingResult } from '../cloudsync/parse';
import { redactSecrets } from '../cloudsync/secret-value';
import type { ListingOperation } from '../cloudsync/types';
import { MAX_LISTING_TIMEOUT_SECONDS } from '../config';
import type { GatewayContext } from '../context';
import { GatewayError, isGatewayError } from '../errors';
import { openStream } from '../feed/streams';
import { anySignal } from '../util/abort';
import { builder } from './builder';

/**
 * What every listing shares (S3 buckets in `s3-buckets.ts`, NFS in `nfs.ts`): the wait on the feed
 * for a query, and the PENDING → READY | FAILED stream of a subscription.
 */

export { DEFAULT_LISTING_TIMEOUT_SECONDS as DEFAULT_TIMEOUT_SECONDS } from '../cloudsync/inputs';

/** Where a listing runs, and for whom: carried by every listing result down to nested listings. */
export interface BrokerScope {
  accountId: string;
  dataBrokerId: string;
  /**
   * The broker's group: the listing's lane (design §2.2). Absent: looked up with the request's
   * loaders; null: the broker has none (or is unknown), its lane is its own.
   */
  groupId?: string | null;
}

/** A group-family listing: some broker of the group answers. */
export interface GroupScope {
  accountId: string;
  groupId: string;
}

/** The group of a broker, from the request's loaders; null when it cannot be known. */
async function brokerGroup(ctx: GatewayContext, scope: BrokerScope): Promise<string | null> {
  if (scope.groupId !== undefined) return scope.groupId;
  try {
    const brokers = await ctx.loaders().dataBrokers.load(scope.accountId);
    return brokers.find((broker) => broker.id === scope.dataBrokerId)?.groupId ?? null;
  } catch {
    // The list call itself will say what is wrong (a refused token, an unknown account).
    return null;
  }
}

export interface ListingSpec<T> {
  operation: ListingOperation;
  parse: (payload: unknown) => ListingResult<T>;
}

/** 1 to 120 (the contract), then shortened to the configured longest listing timeout. */
export function listingTimeoutMs(ctx: GatewayContext, seconds: number | null | undefined): number {
  return checkListingTimeout(seconds, MAX_LISTING_TIMEOUT_SECONDS, ctx.listings.maxTimeoutSeconds);
}

/** Starts a listing and waits for its answer: the items, or LISTING_FAILED / LISTING_TIMEOUT. */
export async function awaitListing<T>(
  ctx: GatewayContext,
  scope: BrokerScope,
  spec: ListingSpec<T>,
  params: Record<string, string | undefined>,
  timeoutSeconds: number | null | undefined,
  signal?: AbortSignal,
): Promise<T[]> {
  const caller = ctx.requireCaller();
  const accountId = checkId('accountId', scope.accountId);
  const dataBrokerId = checkId('dataBrokerId', scope.dataBrokerId);
  const payload = await ctx.listings.run(caller, {
    accountId,
    dataBrokerId,
    groupId: await brokerGroup(ctx, { ...scope, accountId, dataBrokerId }),
    operation: spec.operation,
    params,
    timeoutMs: listingTimeoutMs(ctx, timeoutSeconds),
    signal: signal ?? ctx.signal,
  });
  const result = spec.parse(payload);
  if (!result.ok) {
    throw new GatewayError('LISTING_FAILED', result.message, {
      listingError: { code: result.code, message: result.message },
    });
  }
  return result.items;
}

/** An error whose message may repeat a secret of the request (an upstream's or a broker's words). */
function redacted(error: unknown, secrets: readonly string[]): unknown {
  if (!isGatewayError(error) || secrets.length === 0) return error;
  const message = redactSecrets(error.message, secrets);
  const listingError = error.extensions.listingError as ListingErrorModel | undefined;
  if (message === error.message && !listingError) return error;
  const { code: _code, http: _http, ...extensions } = error.extensions;
  return new GatewayError(error.code, message, {
    ...extensions,
    ...(listingError
      ? {
          listingError: {
            code: listingError.code,
            message: redactSecrets(listingError.message, secrets),
          },
        }
      : {}),
  });
}

/**
 * Checks a group-family listing's arguments against its registry row (BAD_USER_INPUT before any
 * call) and returns the secret values it will send, for redaction. Never log what it returns.
 */
export function checkGroupListing(
  scope: GroupScope,
  spec: ListingOperationSpec,
  params: ListingParams,
  credentials: ListingCredentials,
): string[] {
  return buildGroupListingRequest(spec, scope.accountId, scope.groupId, params, credentials)
    .secrets;
}

/**
 * Starts a group-family listing (design §2) and waits for the group's answer: the items, parsed
 * leniently by the row's parser, or LISTING_FAILED (`invalid_credentials` for refused credentials)
 * / LISTING_TIMEOUT. Every secret of the request is redacted from any message that comes back.
 */
export async function awaitGroupListing<K extends ListingResultKind>(
  ctx: GatewayContext,
  scope: GroupScope,
  spec: ListingOperationSpec & { result: K },
  params: ListingParams,
  credentials: ListingCredentials,
  timeoutSeconds: number | null | undefined,
  signal?: AbortSignal,
): Promise<ListingItemByKind[K][]> {
  const caller = ctx.requireCaller();
  const accountId = checkId('accountId', scope.accountId);
  const groupId = checkId('groupId', scope.groupId);
  const secrets = checkGroupListing({ accountId, groupId }, spec, params, credentials);
  let payload: unknown;
  try {
    payload = await ctx.listings.run(caller, {
      accountId,
      dataBrokerId: null,
      groupId,
      operation: spec,
      params,
      credentials,
      timeoutMs: listingTimeoutMs(ctx, timeoutSeconds),
      signal: signal ?? ctx.signal,
    });
  } catch (error) {
    throw redacted(error, secrets);
  }
  const result = parseListing(spec.result, payload, secrets);
  if (!result.ok) {
    throw new GatewayError('LISTING_FAILED', result.message, {
      listingError: { code: result.code, message: result.message },
    });
  }
  return result.items;
}

// ---- Listing events (subscriptions) ----

const ListingStatus = builder.enumType('ListingStatus', {
  values: ['PENDING', 'READY', 'FAILED'] as const,
});

interface ListingErrorModel {
  code: string;
  message: string;
}

const ListingErrorRef = builder.objectRef<ListingErrorModel>('ListingError').implement({
  description:
    'Why a listing failed: the broker\'s own code (e.g. "host_unreachable"), or a contract code ' +
    '(LISTING_TIMEOUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, UPSTREAM_UNAVAILABLE, ...).',
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});

export interface ListingEvent<T> {
  status: 'PENDING' | 'READY' | 'FAILED';
  items: T[] | null;
  error: ListingErrorModel | null;
  requestedAt: Date;
  completedAt: Date | null;
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The fields every `*Listing` event type has, beside its own list of items. */
export function listingFields<Shape extends ListingEvent<unknown>>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>,
) {
  return {
    status: t.field({ type: ListingStatus, resolve: (event) => event.status }),
    error: t.field({ type: ListingErrorRef, nullable: true, resolve: (event) => event.error }),
    requestedAt: t.field({ type: 'DateTime', resolve: (event) => event.requestedAt }),
    completedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (event) => event.completedAt,
    }),
  };
}

/** A failure as the ListingError of a FAILED event: a contract code, or the broker's own. */
function listingErrorOf(error: unknown): ListingErrorModel {
  if (!isGatewayError(error))
    return { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' };
  const listingError = error.extensions.listingError as ListingErrorModel | undefined;
  return listingError ?? { code: error.code, message: error.message };
}

/**
 * A listing as a stream: PENDING at once, then READY or FAILED, then the end. Once PENDING was
 * sent, every outcome is an event (DESIGN.md, Errors): a refused token, an unknown broker, a
 * forbidden account, a timeout, an upstream failure and a shutdown are all FAILED with the
 * contract code in `error.code` (a broker's failure keeps the broker's own code), then complete.
 * A client that leaves (complete, socket close, SSE abort) aborts the wait, and with it the
 * upstream work; nothing more is sent to it.
 */
export function listingStream<T>(
  ctx: GatewayContext,
  run: (signal: AbortSignal) => Promise<T[]>,
): AsyncIterable<ListingEvent<T>> {
  return openStream<ListingEvent<T>>(
    ctx,
    async (push, stop, shutdown) => {
      const left = new AbortController();
      stop.then(() => left.abort(new Error('unsubscribed')));
      const requestedAt = new Date();
      const event = { requestedAt, items: null, error: null, completedAt: null };
      await push({ ...event, status: 'PENDING' });
      try {
        const items = await run(anySignal(left.signal, shutdown));
        ctx.refreshLoaders();
        await push({ ...event, status: 'READY', items, completedAt: new Date() });
      } catch (error) {
        if (left.signal.aborted) return stop();
        await push({
          ...event,
          status: 'FAILED',
          error: listingErrorOf(shutdown.aborted ? shutdown.reason : error),
          completedAt: new Date(),
        });
      }
      stop();
    },
    undefined,
    'signal',
  );
}

/**
 * A subscription's arguments, checked before its stream starts: a refused listing is a plain error,
 * never a PENDING event followed by one.
 */
export function scopeArgs(
  ctx: GatewayContext,
  args: { accountId: string; dataBrokerId: string; timeoutSeconds?: number | null },
): BrokerScope {
  listingTimeoutMs(ctx, args.timeoutSeconds);
  ctx.listings.assertRoom(ctx.requireCaller());
  return {
    accountId: checkId('accountId', args.accountId),
    dataBrokerId: checkId('dataBrokerId', args.dataBrokerId),
  };
}
