/** The simulator's adjustable timings; reset() puts them back to the options given at creation. */
export interface Knobs {
  latencyMs: number;
  listingDelayMs: number;
  longPollMs: number;
  tokenTtlSeconds: number;
  /** Whether a broker that is not online (FAILED, or not yet connected) still posts listing results. */
  offlineBrokersAnswer: boolean;
}
