import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's Prometheus metrics, in a registry of its own (one per gateway instance). */
export function createMetrics(sources: {
  activeReaders: () => number;
  activeSubscriptions: () => number;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics = {
    registry,
    requests: new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by operation name and outcome (ok, or the first error code)',
      labelNames: ['operation', 'outcome'],
      registers,
    }),
    duration: new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'Time to execute a GraphQL operation (a subscription: until its source is set up)',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    upstream: new Counter({
      name: 'cloudsync_upstream_requests_total',
      help: 'Requests to Cloud Sync by endpoint and HTTP status ("error": no answer)',
      labelNames: ['endpoint', 'status'],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'cloudsync_upstream_request_duration_seconds',
      help: 'Duration of one Cloud Sync request (one attempt) by endpoint',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    listingDuration: new Histogram({
      name: 'cloudsync_listing_duration_seconds',
      help: 'From a listing being requested to its answer on the feed, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
  };
  new Gauge({
    name: 'cloudsync_feed_readers_active',
    help: 'Message feed readers running (one per token and account)',
    registers,
    collect() {
      this.set(sources.activeReaders());
    },
  });
  new Gauge({
    name: 'graphql_subscriptions_active',
    help: 'Subscriptions open now (graphql-ws and SSE)',
    registers,
    collect() {
      this.set(sources.activeSubscriptions());
    },
  });
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
