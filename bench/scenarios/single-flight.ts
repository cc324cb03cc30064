import { graphql, pool } from '../http';
import { exactly, row, type ScenarioResult } from '../report';
import { type Scenario, type ScenarioContext, waitFor } from '../scenario';
import type { StackProcess } from '../stack';
import { round } from '../stats';
import { BUCKET_VARIABLES, BUCKETS, type BucketsData } from './listing-latency';

const WAIT_MS = 60_000;

/**
 * Q identical waiting s3Buckets queries at once, on one token. The simulator holds listing results
 * until every query is waiting in the gateway, so the count does not depend on timing.
 */
export const singleFlight: Scenario = {
  stack: ({ singleFlight: sizes }) => ({ listingDelayMs: sizes.delayMs }),
  async run(ctx: ScenarioContext, stack: StackProcess): Promise<ScenarioResult> {
    const { queries } = ctx.sizes.singleFlight;
    const [token = ''] = await stack.call({ op: 'issueTokens', count: 1 });
    const client = pool(stack.urls.gateway, queries);
    try {
      ctx.log(`single flight: ${queries} identical waiting queries`);
      await stack.call({ op: 'holdListings' });
      await stack.call({ op: 'clearRequests' });
      let answered = 0;
      let failed = 0;
      const started = performance.now();
      const all = Array.from({ length: queries }, () =>
        graphql<BucketsData>(client, token, BUCKETS, BUCKET_VARIABLES).then(
          (data) => {
            if (data.account.dataBroker.s3Buckets.length > 0) answered++;
            else failed++;
          },
          () => {
            failed++;
          },
        ),
      );
      const waiting = await waitFor(
        async () => (await stack.call({ op: 'gateway' })).listingWaiters + failed >= queries,
        WAIT_MS,
        20,
      );
      const waitingMs = performance.now() - started;
      const held = await stack.call({ op: 'heldListings' });
      const released = performance.now();
      await stack.call({ op: 'releaseListings' });
      await Promise.all(all);
      const releaseToLastMs = performance.now() - released;
      const counts = await stack.call({ op: 'counts' });
      if (!waiting) throw new Error('the queries were not all waiting in time');
      return {
        id: 6,
        name: 'Single flight',
        rows: [
          row(`upstream list calls for ${queries} queries`, counts.list, '', exactly(1)),
          row('queries answered with the buckets', answered, '', exactly(queries)),
          row('release to last answer', round(releaseToLastMs, 1), 'ms'),
        ],
        details: {
          queries,
          failed,
          heldResults: held,
          msUntilAllWaiting: round(waitingMs, 1),
          upstream: counts,
        },
      };
    } finally {
      await client.close();
    }
  },
};
