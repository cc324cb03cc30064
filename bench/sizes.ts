/** How big and how long each scenario runs: the full benchmark, or the CI smoke mode. */
export interface Sizes {
  overhead: {
    connections: number[];
    latenciesMs: number[];
    /** Per run of autocannon; runs alternate direct/gateway `rounds` times. */
    seconds: number;
    /** Once per target at the start, zero latency, 50 connections: the code gets optimized. */
    warmupSeconds: number;
    /** Per target before each configuration's measured runs (connections open, steady state). */
    settleSeconds: number;
    rounds: number;
  };
  fanout: {
    accounts: number;
    brokersPerAccount: number;
    latencyMs: number;
    /** Queries in flight at once (a closed loop per virtual user). */
    concurrency: number;
    seconds: number;
    warmupSeconds: number;
  };
  /** warmup: bursts of identical listings before the measured sequential ones. */
  listing: { delayMs: number; listings: number; warmup: number };
  subscribers: {
    subscribers: number;
    tokens: number;
    perConnection: number;
    /** Connections opened at once while subscribing. */
    openConcurrency: number;
    longPollMs: number;
    idleSeconds: number;
  };
  singleFlight: { queries: number; delayMs: number };
  cluster: {
    /** feedMessages subscribers, over `tokens` tokens, spread evenly over the replicas. */
    subscribers: number;
    tokens: number;
    perConnection: number;
    openConcurrency: number;
    longPollMs: number;
    /** Identical waiting listings spread over the replicas (one flight). */
    identical: number;
    /** Sequential listings on each side (single process, cluster) after `warmup` each; D. */
    listings: number;
    warmup: number;
    delayMs: number;
    /** FEED_LEASE_MS of the replicas; null: the default (5 s). */
    leaseMs: number | null;
    /** Failover: messages injected one every `everyMs`; the leader is killed `killAfterMs` in. */
    everyMs: number;
    killAfterMs: number;
  };
}

export const FULL: Sizes = {
  overhead: {
    connections: [1, 50],
    latenciesMs: [20, 0],
    seconds: 5,
    warmupSeconds: 3,
    settleSeconds: 1,
    rounds: 2,
  },
  fanout: {
    accounts: 20,
    brokersPerAccount: 10,
    latencyMs: 20,
    concurrency: 4,
    seconds: 10,
    warmupSeconds: 2,
  },
  listing: { delayMs: 50, listings: 200, warmup: 25 },
  subscribers: {
    subscribers: 10_000,
    tokens: 100,
    perConnection: 10,
    openConcurrency: 50,
    longPollMs: 2_000,
    idleSeconds: 3,
  },
  singleFlight: { queries: 1_000, delayMs: 50 },
  cluster: {
    // Not design/cluster.md's 10,000: with three replicas, Redis, the simulator and the clients on
    // two shared cores, 10,000 subscribers did not all get a first message within a minute.
    subscribers: 3_000,
    tokens: 100,
    perConnection: 10,
    openConcurrency: 50,
    longPollMs: 2_000,
    identical: 1_000,
    listings: 200,
    warmup: 20,
    delayMs: 20,
    leaseMs: null,
    everyMs: 10,
    killAfterMs: 1_000,
  },
};

export const SMOKE: Sizes = {
  overhead: {
    connections: [1, 50],
    latenciesMs: [20, 0],
    seconds: 0.3,
    warmupSeconds: 0,
    settleSeconds: 0,
    rounds: 1,
  },
  fanout: {
    accounts: 20,
    brokersPerAccount: 10,
    latencyMs: 20,
    concurrency: 2,
    seconds: 0.3,
    warmupSeconds: 0,
  },
  listing: { delayMs: 50, listings: 10, warmup: 1 },
  subscribers: {
    subscribers: 200,
    tokens: 4,
    perConnection: 10,
    openConcurrency: 20,
    longPollMs: 2_000,
    idleSeconds: 0.5,
  },
  singleFlight: { queries: 100, delayMs: 50 },
  cluster: {
    subscribers: 120,
    tokens: 4,
    perConnection: 10,
    openConcurrency: 20,
    longPollMs: 2_000,
    identical: 60,
    listings: 15,
    warmup: 3,
    delayMs: 20,
    leaseMs: 1_000,
    everyMs: 10,
    killAfterMs: 300,
  },
};
