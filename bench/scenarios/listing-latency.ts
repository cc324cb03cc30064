import { SEED_IDS } from '../../src/simulator';
import { graphql, pool } from '../http';
import type { RequestCounts } from '../protocol';
import { atMost, exactly, row, type ScenarioResult } from '../report';
import type { Scenario, ScenarioContext } from '../scenario';
import type { StackProcess } from '../stack';
import { round, summarize } from '../stats';

export const BUCKETS =
  'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name } } } }';
export const BUCKET_VARIABLES = { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws };
const WARMUP_BURST = 20;

export type BucketsData = { account: { dataBroker: { s3Buckets: { name: string }[] } } };

/**
 * Sequential waiting `s3Buckets` queries on one token, zero upstream latency, result delay D. Each
 * listing's upstream requests are the simulator's log from its start to its answer; the first
 * listing starts the token's feed reader (cold), the others reuse it (FEED_IDLE_MS keeps it).
 */
export const listingLatency: Scenario = {
  stack: ({ listing }) => ({ latencyMs: 0, listingDelayMs: listing.delayMs }),
  async run(ctx: ScenarioContext, stack: StackProcess): Promise<ScenarioResult> {
    const { delayMs, listings, warmup } = ctx.sizes.listing;
    const [token = ''] = await stack.call({ op: 'issueTokens', count: 1 });
    const client = pool(stack.urls.gateway, 1);
    try {
      const listing = async (): Promise<{ ms: number; counts: RequestCounts }> => {
        await stack.call({ op: 'clearRequests' });
        const started = performance.now();
        const data = await graphql<BucketsData>(client, token, BUCKETS, BUCKET_VARIABLES);
        const ms = performance.now() - started;
        if (data.account.dataBroker.s3Buckets.length === 0) throw new Error('no buckets listed');
        return { ms, counts: await stack.call({ op: 'counts' }) };
      };
      ctx.log(`listing latency: ${listings} sequential listings, D = ${delayMs} ms`);
      const cold = await listing();
      // Warm the code path: bursts of identical listings (they share one upstream flight).
      const burst = pool(stack.urls.gateway, WARMUP_BURST);
      try {
        for (let i = 0; i < warmup; i++) {
          await Promise.all(
            Array.from({ length: WARMUP_BURST }, () =>
              graphql<BucketsData>(burst, token, BUCKETS, BUCKET_VARIABLES),
            ),
          );
        }
      } finally {
        await burst.close();
      }
      const extra: number[] = [];
      const feed: number[] = [];
      const list: number[] = [];
      for (let i = 0; i < listings; i++) {
        const { ms, counts } = await listing();
        extra.push(ms - delayMs);
        feed.push(counts.feed);
        list.push(counts.list);
      }
      const stats = summarize(extra);
      const feedStats = summarize(feed);
      return {
        id: 3,
        name: 'Listing latency',
        rows: [
          row(`response time - D, p50 (D = ${delayMs} ms)`, round(stats.p50, 2), 'ms', atMost(2)),
          row(`response time - D, p99`, round(stats.p99, 2), 'ms', atMost(10)),
          row('list calls per listing (max)', Math.max(...list), '', exactly(1)),
          row('feed requests per listing, warm reader (max)', feedStats.max, '', atMost(2)),
          row('feed requests, first listing (cold reader)', cold.counts.feed, ''),
        ],
        details: {
          delayMs,
          listings,
          extraMs: stats,
          feedRequestsPerListing: feedStats,
          coldListing: { ms: round(cold.ms, 2), ...cold.counts },
        },
      };
    } finally {
      await client.close();
    }
  },
};
