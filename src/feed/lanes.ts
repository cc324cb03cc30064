import type { Caller } from '../cloudsync/types';
import { KeyedSerialQueue } from '../util/keyed-serial-queue';
import type { ListingRequest } from './listings';

/**
 * Where listing lanes are held and owed answers are shared: this process (`LocalLanes`, the
 * default), or the cluster (src/cluster/lanes.ts). The seam of cluster mode in `Listings`.
 */
export interface LaneCoordinator {
  /**
   * Resolves once this flight may send its call on its lane (or follows another replica's call
   * with the same parameters); `queued` is called when it has to wait. Rejects (nothing sent)
   * when `signal` aborts or the lane cannot be had.
   */
  take(
    caller: Caller,
    flight: LaneFlight,
    signal: AbortSignal,
    queued: () => void,
  ): Promise<LaneTurn>;
}

/** LaneTurn.arm: the lane was lost before the call was sent (nothing was sent; take it again). */
export class LaneLostError extends Error {
  override name = 'LaneLostError';
}

export interface LaneFlight {
  /** The lane, as `Listings` keys it (token hash first): one call at a time per lane. */
  readonly lane: string;
  /** The lane and the sorted parameters: identical calls share one flight. */
  readonly key: string;
  readonly request: ListingRequest;
}

export interface LaneTurn {
  /**
   * Set when the same call is already owed elsewhere (another replica sent it): this flight sends
   * nothing and correlates from `cursor`; `accepted` gives the call's request id once its 202 came
   * (null: none), or rejects with the refusal the call met.
   */
  readonly follow?: { readonly cursor: string; readonly accepted: Promise<string | null> };
  /** Just before the call is sent: the lane is now owed. Resolves with the cursor to correlate from. */
  arm(cursor: string): Promise<string>;
  /** The call's 202 came back. */
  accepted(requestId: string | null): void;
  /** The call's fate is known (its answer's feed id, or null): the lane is free. Once. */
  release(answerId: string | null, failure?: unknown): void;
}

/** The lanes of this process (single-process mode): a lane's calls are sent one at a time. */
export class LocalLanes implements LaneCoordinator {
  readonly #queue = new KeyedSerialQueue();

  async take(
    _caller: Caller,
    flight: LaneFlight,
    signal: AbortSignal,
    queued: () => void,
  ): Promise<LaneTurn> {
    const release = await this.#queue.acquire(flight.lane, signal, queued);
    return { arm: (cursor) => Promise.resolve(cursor), accepted() {}, release };
  }
}
