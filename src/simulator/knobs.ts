/** The simulator's adjustable timings; reset() puts them back to the options given at creation. */
export interface Knobs {
  latencyMs: number;
  listingDelayMs: number;
  longPollMs: number;
  tokenTtlSeconds: number;
  /** messages/client?last=N answers the message N itself too (a broken, inclusive cursor). */
  inclusiveLast: boolean;
  /** messages/client pages come newest first. */
  reversePages: boolean;
  /** When set, the init call (no `last`) answers this as the head id instead of the real head. */
  headId: string | null;
  /** Whether a broker that is not online (FAILED, or not yet connected) still posts listing results. */
  offlineBrokersAnswer: boolean;
  /** Listing results are plain strings (each item's name), e.g. `["a","b"]`. */
  plainStrings: boolean;
}
