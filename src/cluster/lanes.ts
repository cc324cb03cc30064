import { createHash, randomBytes } from 'node:crypto';
import type { Caller } from '../cloudsync/types';
import { GatewayError } from '../errors';
import { type LaneCoordinator, type LaneFlight, LaneLostError, type LaneTurn } from '../feed/lanes';
import type { Reply, Store } from './redis';
import { ACCEPTED, ARM, DROP, OPEN, SETTLE, TAKE } from './scripts';

interface LaneKeys {
  /** The flight key, hashed (its parameters never enter Redis as they are). */
  f: string;
  lane: string;
  floor: string;
  flight: string;
  cap: string;
  fence: string;
}

export interface ClusterLanesOptions {
  replicaId: string;
  /** Lease of a lane (and of its queued flight) while the request queues. */
  laneLeaseMs: number;
  /** The owed window after the send: LISTING_GRACE_MS, as in single-process mode. */
  graceMs: number;
  /** MAX_LISTINGS_PER_TOKEN, counted over the cluster. */
  maxPerToken: number;
  /** A lease lost (kind: lane) is counted. */
  onLeaseLost?: (kind: string) => void;
  /** Waits between polls; injectable. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A settled flight stays readable this long for joiners that poll it. */
const KEEP_SETTLED_MS = 10_000;
/** How often a queued holder retries its lane and a joiner re-reads the flight. */
const POLL_MIN_MS = 25;
const POLL_MAX_MS = 250;
/** A joiner that sees its flight sent but not yet accepted waits this long for the 202. */
const ACCEPT_WAIT_MS = 2_000;

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

const defaultWait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

const rateLimited = (max: number) =>
  new GatewayError('RATE_LIMITED', `Too many listings in flight for this caller (at most ${max})`);

/**
 * Lanes and single flight across replicas (design/cluster.md §1): a lane is a Redis lease, a
 * flight a hash that any replica can join. The holder arms the lane just before it sends: the lease
 * then lasts the owed window (`graceMs`), so a holder that dies mid-call blocks the lane exactly as
 * long as its answer could still land. Any replica that reads the answer settles the flight.
 */
export class ClusterLanes implements LaneCoordinator {
  readonly #store: Store;
  readonly #options: ClusterLanesOptions;
  readonly #wait: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(store: Store, options: ClusterLanesOptions) {
    this.#store = store;
    this.#options = options;
    this.#wait = options.wait ?? defaultWait;
  }

  #keys(caller: Caller, flight: LaneFlight): LaneKeys {
    const h = `{${caller.key}}`;
    // The lane exactly as Listings keys it (whatever it is made of), hashed.
    const lane = this.#store.key(h, 'l', hash(flight.lane));
    const f = hash(flight.key);
    return {
      f,
      lane,
      floor: `${lane}:floor`,
      flight: this.#store.key(h, 'fl', f),
      cap: this.#store.key(h, 'cap', 'l'),
      fence: this.#store.key(h, 'fence'),
    };
  }

  async take(
    caller: Caller,
    flight: LaneFlight,
    signal: AbortSignal,
    queued: () => void,
  ): Promise<LaneTurn> {
    const keys = this.#keys(caller, flight);
    const { replicaId, laneLeaseMs, graceMs, maxPerToken } = this.#options;
    let told = false;
    const tellQueued = () => {
      if (!told) queued();
      told = true;
    };
    for (let round = 0; ; round++) {
      if (signal.aborted) throw signal.reason;
      const opened = (await this.#store.run(
        OPEN,
        [keys.flight, keys.cap, keys.fence],
        [replicaId, randomBytes(6).toString('hex'), laneLeaseMs, maxPerToken, graceMs, keys.f],
      )) as Reply[];
      const kind = opened[0];
      if (kind === 'full') throw rateLimited(maxPerToken);
      if (kind === 'created') {
        const value = String(opened[1]);
        const hold = await this.#hold(keys, value, signal, tellQueued);
        if (hold) return hold;
        continue; // the queued flight was lost (expired): open again
      }
      // Joined: another replica's flight with these parameters.
      const state = String(opened[1]);
      if (state === 'queued') {
        tellQueued();
        await this.#wait(Math.min(POLL_MAX_MS, POLL_MIN_MS * 2 ** round), signal);
        continue;
      }
      const cursor = String(opened[2]);
      return this.#follow(keys, cursor, signal);
    }
  }

  /** Holds the lane for a flight this replica created; null when the flight was lost meanwhile. */
  async #hold(
    keys: LaneKeys,
    value: string,
    signal: AbortSignal,
    queued: () => void,
  ): Promise<LaneTurn | null> {
    const { laneLeaseMs, graceMs, capTtl } = { ...this.#options, capTtl: this.#options.graceMs };
    const drop = () =>
      this.#store.run(DROP, [keys.flight, keys.lane, keys.cap], [value, keys.f]).catch(() => {});
    try {
      for (let round = 0; ; round++) {
        if (signal.aborted) throw signal.reason;
        const took = Number(
          await this.#store.run(
            TAKE,
            [keys.lane, keys.flight, keys.cap],
            [value, laneLeaseMs, keys.f, capTtl],
          ),
        );
        if (took === -1) return null;
        if (took === 1) break;
        queued();
        const jitter = Math.random() * POLL_MIN_MS;
        await this.#wait(Math.min(POLL_MAX_MS, POLL_MIN_MS * 2 ** round) + jitter, signal);
      }
    } catch (error) {
      void drop();
      throw error;
    }
    // The lane is this flight's: renew it while the cursor is read, until armed.
    let armed = false;
    let released = false;
    const renew = setInterval(
      () => {
        void this.#store
          .run(TAKE, [keys.lane, keys.flight, keys.cap], [value, laneLeaseMs, keys.f, capTtl])
          .then((took) => {
            if (Number(took) !== 1 && !armed && !released) this.#options.onLeaseLost?.('lane');
          })
          .catch(() => {});
      },
      Math.max(100, Math.floor(laneLeaseMs / 3)),
    );
    renew.unref();
    const store = this.#store;
    return {
      arm: async (cursor) => {
        clearInterval(renew);
        const c = await store.run(
          ARM,
          [keys.lane, keys.flight, keys.floor, keys.cap],
          [value, graceMs, cursor, keys.f],
        );
        if (typeof c !== 'string') {
          this.#options.onLeaseLost?.('lane');
          throw new LaneLostError('the lane was lost before the call was sent');
        }
        armed = true;
        return c;
      },
      accepted: (requestId) => {
        void store.run(ACCEPTED, [keys.flight], [value, requestId ?? '']).catch(() => {});
      },
      release: (answerId, failure) => {
        if (released) return;
        released = true;
        clearInterval(renew);
        if (!armed) {
          void drop();
          return;
        }
        void this.#settle(keys, answerId, failure);
      },
    };
  }

  #settle(keys: LaneKeys, answerId: string | null, failure?: unknown): Promise<unknown> {
    const failed = answerId === null && failure !== undefined;
    const code =
      failure instanceof GatewayError ? failure.code : failed ? 'UPSTREAM_UNAVAILABLE' : '';
    const message = failure instanceof GatewayError ? failure.message : '';
    return this.#store
      .run(
        SETTLE,
        [keys.flight, keys.lane, keys.floor, keys.cap],
        [keys.f, failed ? 'failed' : 'answered', answerId ?? '', code, message, KEEP_SETTLED_MS],
      )
      .catch(() => {});
  }

  /** Follows another replica's sent call: its answer, read from this replica's feed, is this one's. */
  #follow(keys: LaneKeys, cursor: string, signal: AbortSignal): LaneTurn {
    const accepted = this.#accepted(keys, signal);
    accepted.catch(() => {});
    let released = false;
    return {
      follow: { cursor, accepted },
      arm: () => Promise.reject(new Error('a follower sends nothing')),
      accepted() {},
      release: (answerId) => {
        if (released) return;
        released = true;
        // Whoever reads the answer settles the flight (idempotent): the lane is free at once.
        if (answerId !== null) void this.#settle(keys, answerId);
      },
    };
  }

  /** The followed call's request id once its 202 came (null: none), or its refusal. */
  async #accepted(keys: LaneKeys, signal: AbortSignal): Promise<string | null> {
    const started = performance.now();
    for (let round = 0; ; round++) {
      const [state, requestId, code, message] = (await this.#store.command([
        'HMGET',
        keys.flight,
        'state',
        'requestId',
        'code',
        'message',
      ])) as (string | null)[];
      if (state === 'accepted') return requestId || null;
      if (state === 'failed') {
        throw new GatewayError(
          (code || 'UPSTREAM_UNAVAILABLE') as GatewayError['code'],
          message || 'The listing failed',
        );
      }
      // Answered (the answer is on the feed), gone (the owed window is over: the waiters' own
      // deadlines end them), or the holder died before its 202: matched by operation and broker.
      if (state !== 'issuing' || performance.now() - started > ACCEPT_WAIT_MS) return null;
      await this.#wait(Math.min(POLL_MAX_MS, POLL_MIN_MS * 2 ** round), signal);
    }
  }
}
