import type { CloudSyncClient } from '../cloudsync/client';
import type { Caller, FeedMessage, ListingOperation } from '../cloudsync/types';
import { GatewayError } from '../errors';
import type { FeedHub } from './hub';
import type { FeedReader } from './reader';

export interface ListingRequest {
  accountId: string;
  dataBrokerId: string;
  operation: ListingOperation;
  params: Record<string, string | undefined>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ListingsOptions {
  maxPerToken: number;
  onSettled?: (operation: ListingOperation, outcome: string, seconds: number) => void;
}

interface Flight {
  promise: Promise<unknown>;
  waiters: number;
  abort: AbortController;
}

/**
 * Runs the asynchronous list-* operations: issue the list call, then wait on the caller's feed
 * for the message that answers it.
 *
 * Correlation: the 202 carries no request id (unless an upstream adds one: then it is matched
 * exactly), so the answer is the first message naming this operation and this broker that arrives
 * after the cursor taken *before* the call. For that to be unambiguous, calls on one lane
 * (token, account, broker, operation) run one at a time, and identical calls share one flight.
 */
export class Listings {
  readonly #client: CloudSyncClient;
  readonly #hub: FeedHub;
  readonly #options: ListingsOptions;
  readonly #flights = new Map<string, Flight>();
  readonly #lanes = new Map<string, Promise<void>>();
  readonly #perToken = new Map<string, number>();

  constructor(client: CloudSyncClient, hub: FeedHub, options: ListingsOptions) {
    this.#client = client;
    this.#hub = hub;
    this.#options = options;
  }

  /** Listings in flight now (distinct upstream calls). */
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
    if ((this.#perToken.get(caller.key) ?? 0) >= this.#options.maxPerToken) {
      throw new GatewayError(
        'RATE_LIMITED',
        `Too many listings in flight for this caller (at most ${this.#options.maxPerToken})`,
      );
    }
  }

  /** The raw payload of the answering message (items or `{error}`), as the broker sent it. */
  async run(caller: Caller, request: ListingRequest): Promise<unknown> {
    const lane = [caller.key, request.accountId, request.dataBrokerId, request.operation].join('|');
    const key = `${lane}|${JSON.stringify(Object.entries(request.params).sort())}`;
    let flight = this.#flights.get(key);
    if (!flight) {
      this.assertRoom(caller);
      this.#perToken.set(caller.key, (this.#perToken.get(caller.key) ?? 0) + 1);
      const abort = new AbortController();
      const created: Flight = {
        waiters: 0,
        abort,
        promise: this.#fly(caller, request, lane, abort.signal).finally(() => {
          this.#flights.delete(key);
          const left = (this.#perToken.get(caller.key) ?? 1) - 1;
          if (left > 0) this.#perToken.set(caller.key, left);
          else this.#perToken.delete(caller.key);
        }),
      };
      // A flight nobody waits for any more must not raise an unhandled rejection.
      created.promise.catch(() => {});
      flight = created;
      this.#flights.set(key, flight);
    }
    return this.#wait(flight, request);
  }

  /**
   * Each waiter leaves at its own deadline or when its client goes; a shared flight goes on while
   * one of its waiters still waits.
   */
  async #wait(flight: Flight, request: ListingRequest): Promise<unknown> {
    flight.waiters++;
    const own = new AbortController();
    const timer = setTimeout(() => own.abort(listingTimeout(request)), request.timeoutMs);
    const onAbort = () => own.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort();
    try {
      return await abortable(flight.promise, own.signal);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      // The last waiter gone: nobody wants the answer, stop waiting for it upstream.
      if (--flight.waiters === 0) flight.abort.abort(own.signal.reason ?? new Error('abandoned'));
    }
  }

  async #fly(
    caller: Caller,
    request: ListingRequest,
    lane: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    const lease = this.#hub.acquire(caller, request.accountId);
    const previous = this.#lanes.get(lane) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = previous.then(() => mine);
    this.#lanes.set(lane, tail);
    // Forgotten once everything queued on the lane has finished, not when one of them leaves.
    void tail.then(() => {
      if (this.#lanes.get(lane) === tail) this.#lanes.delete(lane);
    });
    const started = performance.now();
    let outcome = 'error';
    let owed: Promise<void> = Promise.resolve();
    try {
      await abortable(previous, signal);
      const result = await this.#correlate(caller, request, lease.reader, signal, (late) => {
        owed = late;
      });
      outcome = 'ok';
      return result;
    } catch (error) {
      if (error instanceof GatewayError) outcome = error.code;
      throw error;
    } finally {
      // An accepted call that was not answered (timed out, or nobody waits any more) still owns its
      // lane and its reader until its late answer is read or a grace period ends: otherwise the next
      // listing on the lane would take that answer for its own.
      void owed.then(() => {
        lease.release();
        done();
      });
      this.#options.onSettled?.(request.operation, outcome, (performance.now() - started) / 1000);
    }
  }

  async #correlate(
    caller: Caller,
    request: ListingRequest,
    reader: FeedReader,
    signal: AbortSignal,
    owe: (late: Promise<void>) => void,
  ): Promise<unknown> {
    const after = await abortable(reader.cursor(), signal);
    const candidates: FeedMessage[] = [];
    let requestId: string | null | undefined; // undefined: the 202 has not come back yet
    let settle!: (message: FeedMessage) => void;
    let fail!: (error: unknown) => void;
    // Settled by the feed only: the answering message, or the reader's end (a refused token).
    const answer = new Promise<FeedMessage>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    answer.catch(() => {}); // it may fail before anything awaits it
    const matches = (message: FeedMessage) => (requestId ? message.requestId === requestId : true);
    const unlisten = reader.listen(
      {
        message: (message) => {
          if (message.operation !== request.operation) return;
          const mine =
            message.agentId === request.dataBrokerId ||
            (requestId != null && message.requestId === requestId);
          if (!mine) return;
          if (requestId === undefined) candidates.push(message);
          else if (matches(message)) settle(message);
        },
        fatal: fail,
      },
      after,
    );
    let accepted = false;
    let answered = false;
    try {
      const acceptance = await this.#client.startListing(
        caller,
        request.accountId,
        request.dataBrokerId,
        request.operation,
        request.params,
        signal,
      );
      accepted = true;
      requestId = acceptance.requestId;
      const early = candidates.find(matches);
      if (early) settle(early);
      const message = await abortable(answer, signal);
      answered = true;
      return message.payload;
    } finally {
      if (accepted && !answered) {
        // No answer in time: perhaps the queue was recreated and the reader polls past its end.
        reader.checkHead();
        let grace: NodeJS.Timeout | undefined;
        const ended = new Promise<void>((resolve) => {
          grace = setTimeout(resolve, Math.min(request.timeoutMs, MAX_GRACE_MS));
        });
        const read = answer.then(
          () => {},
          () => {},
        );
        owe(
          Promise.race([read, ended]).then(() => {
            clearTimeout(grace);
            unlisten();
          }),
        );
      } else {
        unlisten();
      }
    }
  }
}

const listingTimeout = (request: ListingRequest) =>
  new GatewayError(
    'LISTING_TIMEOUT',
    `The data broker did not answer ${request.operation} within ${Math.round(request.timeoutMs / 1000)} s`,
  );

/** How long an unanswered, accepted call keeps its lane at most (its late answer is expected by then). */
const MAX_GRACE_MS = 30_000;

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
