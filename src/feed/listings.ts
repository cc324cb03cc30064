import { neverTaken } from '../cloudsync/errors';
import type { ListingCredentials, ListingParams } from '../cloudsync/group-listings';
import type { ListingOperationSpec } from '../cloudsync/list-operations';
import { SecretValue, secretKey } from '../cloudsync/secret-value';
import type { Caller, FeedMessage, ListingOperation, ListingStart } from '../cloudsync/types';
import { GatewayError } from '../errors';
import { abortable } from '../util/abort';
import { type Deferred, deferred } from '../util/deferred';
import { KeyedCounter } from '../util/keyed-counter';
import { type LaneCoordinator, LaneLostError, type LaneTurn, LocalLanes } from './lanes';
import type { FeedReader } from './reader';

/**
 * A listing of either family. Broker family (`dataBrokerId` set): the deprecated per-broker route,
 * answered by that broker. Group family (`dataBrokerId` null): the group's route, answered by some
 * broker of the group, its message naming the group (`header.groupId`).
 */
export type ListingRequest = BrokerListingRequest | GroupListingRequest;

interface ListingRequestBase {
  accountId: string;
  /**
   * The group: the lane (design §2.2). A broker-family call names its broker's group, so that it
   * never runs at once with a group-family call of the same operation on that group; null or
   * absent when the broker's group is unknown (then the lane is the broker's own).
   */
  groupId?: string | null;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface BrokerListingRequest extends ListingRequestBase {
  dataBrokerId: string;
  operation: ListingOperation;
  params: Record<string, string | undefined>;
}

export interface GroupListingRequest extends ListingRequestBase {
  dataBrokerId: null;
  groupId: string;
  operation: ListingOperationSpec;
  params: ListingParams;
  /** The credential headers; secrets as SecretValue (keyed by their HMAC, never by value). */
  credentials: ListingCredentials;
}

/** What Listings needs of the upstream client: the list calls (`CloudSyncClient` is one). */
export interface ListingStarter {
  startListing(
    caller: Caller,
    accountId: string,
    dataBrokerId: string,
    operation: ListingOperation,
    params: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<ListingStart>;
  startGroupListing(
    caller: Caller,
    accountId: string,
    groupId: string,
    operation: ListingOperationSpec,
    params: ListingParams,
    credentials: ListingCredentials,
    signal?: AbortSignal,
  ): Promise<ListingStart>;
}

/** The upstream operation's name (the feed payload's key). */
const operationName = (request: ListingRequest): string =>
  typeof request.operation === 'string' ? request.operation : request.operation.name;

/**
 * The lane: (token, account, group, operation) for both families (design §2.2); a broker whose
 * group is unknown has a lane of its own.
 */
export function laneKey(caller: Caller, request: ListingRequest): string {
  const where = request.groupId ? `group:${request.groupId}` : `broker:${request.dataBrokerId}`;
  return [caller.key, request.accountId, where, operationName(request)].join('|');
}

/**
 * The single-flight key: the lane, who is asked (a broker, or the group), the parameters, and each
 * credential (a secret as its HMAC under the per-process key: equal passwords share a flight,
 * different ones never do, and no raw secret sits in a key).
 */
export function flightKey(lane: string, request: ListingRequest): string {
  const credentials =
    request.dataBrokerId === null
      ? Object.entries(request.credentials)
          .filter(([, value]) => value !== undefined && value !== null)
          .map(([name, value]) => [
            name,
            value instanceof SecretValue ? `hmac:${secretKey(value)}` : `text:${String(value)}`,
          ])
          .sort()
      : [];
  const params = Object.entries(request.params)
    .filter(([, value]) => value !== undefined && value !== null)
    .sort();
  return [
    lane,
    request.dataBrokerId ?? '(group)',
    JSON.stringify(params),
    JSON.stringify(credentials),
  ].join('|');
}

/**
 * Whether a feed message answers the request (besides an exact request id): its operation, and
 * the broker asked (broker family) or the group asked (group family).
 */
export function answers(message: FeedMessage, request: ListingRequest): boolean {
  if (message.operation !== operationName(request)) return false;
  return request.dataBrokerId !== null
    ? message.agentId === request.dataBrokerId
    : message.groupId === request.groupId;
}

/** What Listings needs of the feed: a lease on the caller's reader (`FeedHub` is one). */
export interface ListingFeed {
  acquire(
    caller: Caller,
    accountId: string | null,
  ): { reader: Pick<FeedReader, 'cursor' | 'listen' | 'checkHead'>; release(): void };
}

export interface ListingsOptions {
  maxPerToken: number;
  /** Where lanes are held. @default LocalLanes (this process) */
  lanes?: LaneCoordinator;
  /**
   * How long after a list call was sent its lane stays held when neither its answer nor a refusal
   * came: never less than the longest `timeoutSeconds` a client may ask.
   */
  graceMs: number;
  /** The longest `timeoutSeconds` a listing may ask. @default 120 */
  maxTimeoutSeconds?: number;
  onSettled?: (operation: string, outcome: string, seconds: number) => void;
}

interface Flight {
  readonly key: string;
  readonly lane: string;
  /**
   * queued: behind an earlier call of its lane; starting: the lane is its own, the cursor is read;
   * sent: the call may have reached the upstream, its answer is owed.
   */
  state: 'queued' | 'starting' | 'sent';
  waiters: number;
  /**
   * Settled once, when the call's fate is known (then the lane is free): the payload, or why no
   * answer will come (a refusal, nothing sent, the grace over).
   */
  readonly answer: Deferred<unknown>;
  /** Why the answer can no longer be read (the feed ended): told to anyone who joins later. */
  broken: unknown;
  /** Fails the requests waiting now (a call that failed but may have reached the upstream). */
  readonly failNow: Set<(error: unknown) => void>;
  /** Aborted when the last waiter leaves before the call is sent: the call is then never made. */
  readonly cancel: AbortController;
  /** Asks the feed reader to re-read the queue head (set once the reader is leased). */
  checkHead?: () => void;
  /** The feed id of the message that answered (unset: none, or the call's own 200). */
  answerId?: string;
  /** Follows another replica's call (sends nothing): left when its last waiter leaves. */
  following?: boolean;
}

/** Never aborted: once sent, a list call runs to its own deadline, whoever still waits for it. */
const NEVER = new AbortController().signal;

/**
 * Runs the asynchronous list-* operations: issue the list call, then wait on the caller's feed
 * for the message that answers it.
 *
 * Correlation: the 202 carries no request id (unless an upstream adds one: then it is matched
 * exactly), so the answer is the first message naming this operation and this broker (broker
 * family) or this group (group family: `header.groupId`) that arrives after the cursor taken
 * *before* the call. For that to be unambiguous, calls on one lane (token, account, group,
 * operation; see laneKey) run one at a time, whatever their family, and identical calls share one
 * flight (see flightKey).
 *
 * A lane is free only when the fate of its last call is known: its answer was read (from the feed,
 * or from the call's own 200), the upstream refused it (4xx) or was never reached, or the grace
 * (`graceMs`, counted from when the call was sent) has passed. Until then the call's answer is
 * *owed*: a request with the same parameters joins it (the owed answer is its answer), one with
 * other parameters waits for the lane, and leaves at its own deadline with LISTING_TIMEOUT.
 */
export class Listings {
  readonly #starter: ListingStarter;
  readonly #feed: ListingFeed;
  readonly #options: ListingsOptions;
  readonly #flights = new Map<string, Flight>();
  readonly #lanes: LaneCoordinator;
  readonly #perToken = new KeyedCounter();

  constructor(starter: ListingStarter, feed: ListingFeed, options: ListingsOptions) {
    this.#starter = starter;
    this.#feed = feed;
    this.#options = options;
    this.#lanes = options.lanes ?? new LocalLanes();
  }

  /** The longest `timeoutSeconds` a listing may ask. */
  get maxTimeoutSeconds(): number {
    return this.#options.maxTimeoutSeconds ?? 120;
  }

  /** Listings in flight now (distinct upstream calls, sent or queued, owed answers included). */
  get inFlight(): number {
    return this.#flights.size;
  }

  /** Requests waiting for a listing now (several may share one flight). */
  get waiters(): number {
    let count = 0;
    for (const flight of this.#flights.values()) count += flight.waiters;
    return count;
  }

  /** Throws RATE_LIMITED when the caller already has as many listings in flight as allowed. */
  assertRoom(caller: Caller): void {
    if (this.#perToken.get(caller.key) >= this.#options.maxPerToken) {
      throw new GatewayError(
        'RATE_LIMITED',
        `Too many listings in flight for this caller (at most ${this.#options.maxPerToken})`,
      );
    }
  }

  /** The raw payload of the answering message (items or `{error}`), as the broker sent it. */
  async run(caller: Caller, request: ListingRequest): Promise<unknown> {
    const lane = laneKey(caller, request);
    const key = flightKey(lane, request);
    let flight = this.#flights.get(key);
    if (!flight) {
      this.assertRoom(caller);
      const countOff = this.#perToken.acquire(caller.key);
      const created: Flight = {
        key,
        lane,
        state: 'starting',
        waiters: 0,
        answer: deferred(),
        broken: undefined,
        failNow: new Set(),
        cancel: new AbortController(),
      };
      flight = created;
      this.#flights.set(key, created);
      void this.#fly(created, caller, request).finally(() => {
        this.#forget(created);
        countOff();
      });
    }
    return this.#wait(flight, request);
  }

  /**
   * Each waiter leaves at its own deadline or when its client goes; a flight goes on while one of
   * its waiters still waits, and once sent, until the fate of its call is known.
   */
  async #wait(flight: Flight, request: ListingRequest): Promise<unknown> {
    if (flight.broken !== undefined) throw flight.broken;
    flight.waiters++;
    const own = new AbortController();
    const timer = setTimeout(() => {
      // A sent call still unanswered: perhaps the queue was recreated and the reader polls past its end.
      if (flight.state === 'sent') flight.checkHead?.();
      own.abort(listingTimeout(request, flight.state === 'queued'));
    }, request.timeoutMs);
    const onAbort = () => own.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort();
    const failNow = (error: unknown) => own.abort(error);
    flight.failNow.add(failNow);
    try {
      return await abortable(flight.answer.promise, own.signal);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      flight.failNow.delete(failNow);
      // Nobody wants the answer of a call not sent yet: it is never sent, and nobody joins it.
      if (--flight.waiters === 0 && (flight.state !== 'sent' || flight.following)) {
        this.#forget(flight);
        flight.cancel.abort(own.signal.reason ?? new Error('abandoned'));
      }
    }
  }

  /** Forgets a flight (once it cannot be joined any more). */
  #forget(flight: Flight): void {
    if (this.#flights.get(flight.key) === flight) this.#flights.delete(flight.key);
  }

  /** One upstream call: take the lane, send, and hold the lane until the call's fate is known. */
  async #fly(flight: Flight, caller: Caller, request: ListingRequest): Promise<void> {
    const { answer, cancel } = flight;
    let lease: ReturnType<ListingFeed['acquire']> | undefined;
    let turn: LaneTurn | undefined;
    let after: string;
    try {
      lease = this.#feed.acquire(caller, request.accountId);
      const reader = lease.reader;
      flight.checkHead = () => reader.checkHead();
      for (let attempt = 1; ; attempt++) {
        turn = await this.#lanes.take(
          caller,
          { lane: flight.lane, key: flight.key, request },
          cancel.signal,
          () => {
            flight.state = 'queued';
          },
        );
        flight.state = 'starting';
        // The reader runs either way (a follower reads the answer on this replica's feed).
        const cursor = await abortable(lease.reader.cursor(), cancel.signal);
        if (turn.follow) {
          after = turn.follow.cursor;
          break;
        }
        try {
          after = await turn.arm(cursor);
          break;
        } catch (error) {
          // The lane was lost before anything was sent: queue again, silently (a few times).
          if (!(error instanceof LaneLostError) || attempt >= 5) throw error;
          turn.release(null);
          turn = undefined;
        }
      }
    } catch (error) {
      // Nothing was sent: nothing is owed.
      turn?.release(null, error);
      lease?.release();
      answer.reject(error);
      this.#options.onSettled?.(operationName(request), outcomeOf(error, 'abandoned'), 0);
      return;
    }
    const started = performance.now();
    let outcome = 'ok';
    const unlisten = this.#listen(flight, request, lease.reader, after);
    // Counted from the send: an answer that has not come by then is taken as never coming.
    const grace = setTimeout(
      () => answer.reject(graceOver(request, this.#options.graceMs)),
      this.#options.graceMs,
    );
    grace.unref();
    flight.state = 'sent';
    const follow = turn.follow;
    if (follow) {
      // Another replica sent this very call: its answer is this flight's too, and it is left
      // when its last waiter here leaves.
      flight.following = true;
      cancel.signal.addEventListener('abort', () => answer.reject(cancel.signal.reason), {
        once: true,
      });
    }
    try {
      const start: ListingStart = follow
        ? { answered: false, requestId: await abortable(follow.accepted, cancel.signal) }
        : request.dataBrokerId === null
          ? await this.#starter.startGroupListing(
              caller,
              request.accountId,
              request.groupId,
              request.operation,
              request.params,
              request.credentials,
              NEVER,
            )
          : await this.#starter.startListing(
              caller,
              request.accountId,
              request.dataBrokerId,
              request.operation,
              request.params,
              NEVER,
            );
      if (start.answered) answer.resolve(start.payload);
      else {
        turn.accepted(start.requestId);
        unlisten.accepted(start.requestId);
      }
    } catch (error) {
      outcome = outcomeOf(error, 'error');
      // Refused, or never reached: the fate is known, the lane is free. Otherwise the call may
      // have reached the upstream: those waiting now are told, and the answer is still owed.
      if (follow || neverTaken(error)) answer.reject(error);
      else {
        for (const fail of [...flight.failNow]) fail(error);
        // Taken as accepted without a request id: the answer is the broker's next one.
        turn.accepted(null);
        unlisten.accepted(null);
      }
    }
    let failure: unknown;
    try {
      await answer.promise;
    } catch (error) {
      failure = error;
      if (outcome === 'ok') outcome = outcomeOf(flight.broken ?? error, 'error');
    } finally {
      clearTimeout(grace);
      unlisten.stop();
      turn.release(flight.answerId ?? null, failure);
      lease.release();
      this.#options.onSettled?.(
        operationName(request),
        outcome,
        (performance.now() - started) / 1000,
      );
    }
  }

  /**
   * Listens on the feed from `after` for the message that answers this flight. Until the call is
   * accepted, candidates are kept: the answer may come before the 202 is read.
   */
  #listen(
    flight: Flight,
    request: ListingRequest,
    reader: Pick<FeedReader, 'listen'>,
    after: string,
  ): { accepted(requestId: string | null): void; stop(): void } {
    const candidates: FeedMessage[] = [];
    const answerWith = (message: FeedMessage) => {
      flight.answerId ??= message.id;
      flight.answer.resolve(message.payload);
    };
    let requestId: string | null | undefined; // undefined: the 202 has not come back yet
    const matches = (message: FeedMessage) => (requestId ? message.requestId === requestId : true);
    const stop = reader.listen(
      {
        message: (message) => {
          const mine =
            answers(message, request) ||
            (message.operation === operationName(request) &&
              requestId != null &&
              message.requestId === requestId);
          if (!mine) return;
          if (requestId === undefined) candidates.push(message);
          else if (matches(message)) answerWith(message);
        },
        // The feed cannot go on (a refused token, a shutdown): no answer will be read here. The
        // call's fate is still unknown, so the lane stays held (until the grace), but nobody waits.
        fatal: (error) => {
          flight.broken = error;
          for (const fail of [...flight.failNow]) fail(error);
        },
      },
      after,
    );
    return {
      accepted(id) {
        requestId = id;
        const early = candidates.find(matches);
        if (early) answerWith(early);
        candidates.length = 0;
      },
      stop,
    };
  }
}

function listingTimeout(request: ListingRequest, queued: boolean): GatewayError {
  const seconds = Math.round(request.timeoutMs / 1000);
  const operation = operationName(request);
  const where = request.dataBrokerId === null ? 'data broker group' : 'data broker';
  return new GatewayError(
    'LISTING_TIMEOUT',
    queued
      ? `The data broker did not answer ${operation} within ${seconds} s: an earlier ${operation} on this ${where} is still unanswered, and this one cannot be sent before that answer comes`
      : `The data broker did not answer ${operation} within ${seconds} s`,
  );
}

const graceOver = (request: ListingRequest, graceMs: number) =>
  new GatewayError(
    'LISTING_TIMEOUT',
    `The data broker did not answer ${operationName(request)} within ${Math.round(graceMs / 1000)} s of the call; ask again`,
  );

const outcomeOf = (error: unknown, fallback: string) =>
  error instanceof GatewayError ? error.code : fallback;
