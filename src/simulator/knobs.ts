/** The simulator's adjustable timings; reset() puts them back to the options given at creation. */
export interface Knobs {
  latencyMs: number;
  listingDelayMs: number;
  longPollMs: number;
  tokenTtlSeconds: number;
}
