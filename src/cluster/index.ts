import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ClusterConfig } from '../config';
import type { FeedSource } from '../feed/reader';
import type { Logger } from '../observability/logger';
import { ClusterCaps } from './caps';
import { ClusterFeedHub } from './feed';
import { ClusterLanes } from './lanes';
import { Store } from './redis';

/**
 * Cluster mode (REDIS_URL set): loaded by src/server.ts with a dynamic `import()`, so that
 * `@redis/client` is never loaded in single-process mode.
 */

export interface ClusterDeps {
  source: FeedSource;
  logger: Logger;
  registry: Registry;
  feed: { pollTimeoutMs: number; idleMs: number; headCheckMs: number };
  listings: { graceMs: number; maxPerToken: number };
  /** MAX_SUBSCRIPTIONS_PER_TOKEN, counted over the cluster. */
  subscriptions: { maxPerToken: number };
}

export interface Cluster {
  readonly feed: ClusterFeedHub;
  readonly lanes: ClusterLanes;
  readonly caps: ClusterCaps;
  readonly store: Store;
  stop(): Promise<void>;
}

/** How long start-up retries an unreachable Redis before giving up. */
const CONNECT_WITHIN_MS = 10_000;

export async function startCluster(config: ClusterConfig, deps: ClusterDeps): Promise<Cluster> {
  const { logger, registry } = deps;
  // No token-hash label anywhere: only kinds and command names.
  const up = new Gauge({
    name: 'cluster_redis_up',
    help: '1 while the coordination store (Redis) answers',
    registers: [registry],
  });
  const leaderships = new Gauge({
    name: 'cluster_feed_leaderships',
    help: 'Upstream feed pollers this replica runs for the cluster',
    registers: [registry],
  });
  const tailers = new Gauge({
    name: 'cluster_feed_tailers',
    help: 'Feed streams this replica tails',
    registers: [registry],
    collect() {
      this.set(feed.tails);
    },
  });
  void tailers;
  const lost = new Counter({
    name: 'cluster_lease_lost_total',
    help: 'Leases this replica lost before it let them go, by kind (lane, feed)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const gaps = new Counter({
    name: 'cluster_feed_gap_catchups_total',
    help: 'Gaps in a feed stream filled from the upstream',
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'cluster_redis_command_duration_seconds',
    help: 'Redis command durations, by command',
    labelNames: ['command'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1],
    registers: [registry],
  });
  const store = new Store(config, logger, {
    health: (value) => up.set(value ? 1 : 0),
    command: (name, seconds) => durations.observe({ command: name.toLowerCase() }, seconds),
  });
  up.set(0);
  try {
    await store.connect(CONNECT_WITHIN_MS);
    const info = String(await store.command(['INFO', 'server']));
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (version && Number(version[1]) * 100 + Number(version[2]) < 602) {
      throw new Error(
        `Redis at ${config.redisName} is ${version[1]}.${version[2]}: 6.2 or later is needed`,
      );
    }
    const policy = await store.command(['CONFIG', 'GET', 'maxmemory-policy']).catch(() => null);
    if (Array.isArray(policy) && policy[1] !== 'noeviction') {
      logger.warn(
        { policy: policy[1] },
        'cluster: Redis maxmemory-policy is not noeviction: leases may be evicted',
      );
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  const feed = new ClusterFeedHub(store, deps.source, {
    replicaId: config.replicaId,
    pollTimeoutMs: deps.feed.pollTimeoutMs,
    headCheckMs: deps.feed.headCheckMs,
    idleMs: deps.feed.idleMs,
    leaseMs: config.feedLeaseMs,
    streamMaxLen: config.feedStreamMaxLen,
    streamTtlMs: config.feedStreamTtlMs,
    outageGraceMs: config.outageGraceMs,
    onLeadership: (change) => leaderships.inc(change),
    onLeaseLost: (kind) => lost.inc({ kind }),
    onGapCatchUp: () => gaps.inc(),
  });
  const lanes = new ClusterLanes(store, {
    replicaId: config.replicaId,
    laneLeaseMs: config.laneLeaseMs,
    graceMs: deps.listings.graceMs,
    maxPerToken: deps.listings.maxPerToken,
    onLeaseLost: (kind) => lost.inc({ kind }),
  });
  const caps = new ClusterCaps(store, {
    replicaId: config.replicaId,
    maxPerToken: deps.subscriptions.maxPerToken,
    ttlMs: config.capTtlMs,
  });
  logger.info(
    { replica: config.replicaId, redis: config.redisName },
    'cluster mode: coordinating through Redis',
  );
  return {
    feed,
    lanes,
    caps,
    store,
    async stop() {
      feed.stopAll();
      await caps.stop();
      // Let the released leads reach Redis before the connections close.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.close();
    },
  };
}
