import type { DocumentNode } from 'graphql';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import * as operations from '../../operations/generated/graphql';
import type { ErrorCode } from '../errors';

/** The value a label takes once its set of values is full, or for a value unfit to be a label. */
export const OTHER = 'other';

/**
 * The values one label may take, bounded whatever clients send: the known values, then the first
 * `maxOthers` distinct other values (plain, at most `maxLength` characters), then `other`. A label
 * value is a time series for ever, so an unbounded one (a client-chosen operation name) is a way
 * to exhaust the gateway's memory and the monitoring's.
 */
export class BoundedLabel {
  readonly #known: ReadonlySet<string>;
  readonly #others = new Set<string>();
  readonly #maxOthers: number;
  readonly #maxLength: number;

  constructor(known: Iterable<string>, maxOthers: number, maxLength = 64) {
    this.#known = new Set(known);
    this.#maxOthers = maxOthers;
    this.#maxLength = maxLength;
  }

  value(raw: string): string {
    if (this.#known.has(raw) || this.#others.has(raw)) return raw;
    if (
      this.#others.size >= this.#maxOthers ||
      raw.length > this.#maxLength ||
      !/^[A-Za-z0-9_.:-]+$/.test(raw)
    ) {
      return OTHER;
    }
    this.#others.add(raw);
    return raw;
  }
}

/** The names of the operations in operations/ (the documented ones): always labels of their own. */
export const KNOWN_OPERATIONS: readonly string[] = Object.values(operations).flatMap((value) => {
  const document = value as Partial<DocumentNode> | null;
  if (typeof document !== 'object' || document?.kind !== 'Document') return [];
  return (document.definitions ?? []).flatMap((definition) =>
    definition.kind === 'OperationDefinition' && definition.name ? [definition.name.value] : [],
  );
});

const CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'LISTING_TIMEOUT',
  'LISTING_FAILED',
  'INTERNAL_SERVER_ERROR',
] as const satisfies readonly ErrorCode[];

/** Label bounds: at most this many values beyond the known ones (README, Metrics). */
export const MAX_OTHER_OPERATIONS = 100;
const MAX_OTHER_OUTCOMES = 20;
const MAX_OTHER_ENDPOINTS = 100;
const MAX_OTHER_STATUSES = 50;

type Labels<L extends string> = Record<L, string>;

/** A counter whose every label value goes through its bound first. */
function boundedCounter<L extends string>(counter: Counter<L>, bounds: Record<L, BoundedLabel>) {
  return {
    inc: (labels: Labels<L>, value?: number) => counter.inc(bound(labels, bounds), value),
  };
}

function boundedHistogram<L extends string>(
  histogram: Histogram<L>,
  bounds: Record<L, BoundedLabel>,
) {
  return {
    observe: (labels: Labels<L>, value: number) => histogram.observe(bound(labels, bounds), value),
  };
}

function bound<L extends string>(labels: Labels<L>, bounds: Record<L, BoundedLabel>): Labels<L> {
  const bounded = {} as Labels<L>;
  for (const name of Object.keys(labels) as L[]) bounded[name] = bounds[name].value(labels[name]);
  return bounded;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (one per gateway instance). Every
 * label is bounded (BoundedLabel): callers cannot grow /metrics without limit.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const operation = new BoundedLabel(['anonymous', ...KNOWN_OPERATIONS], MAX_OTHER_OPERATIONS);
  const outcome = new BoundedLabel(['ok', 'stream', 'error', ...CODES], MAX_OTHER_OUTCOMES);
  const endpoint = new BoundedLabel([], MAX_OTHER_ENDPOINTS);
  const status = new BoundedLabel(['error'], MAX_OTHER_STATUSES, 8);
  const listingOperation = new BoundedLabel([], MAX_OTHER_ENDPOINTS);
  const metrics = {
    registry,
    requests: boundedCounter(
      new Counter({
        name: 'graphql_operations_total',
        help: 'GraphQL operations by operation name and outcome (ok, or the first error code)',
        labelNames: ['operation', 'outcome'],
        registers,
      }),
      { operation, outcome },
    ),
    duration: boundedHistogram(
      new Histogram({
        name: 'graphql_operation_duration_seconds',
        help: 'Time to execute a GraphQL operation (a subscription: until its source is set up)',
        labelNames: ['operation'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
      { operation },
    ),
    upstream: boundedCounter(
      new Counter({
        name: 'cloudsync_upstream_requests_total',
        help: 'Requests to Cloud Sync by endpoint and HTTP status ("error": no answer)',
        labelNames: ['endpoint', 'status'],
        registers,
      }),
      { endpoint, status },
    ),
    upstreamDuration: boundedHistogram(
      new Histogram({
        name: 'cloudsync_upstream_request_duration_seconds',
        help: 'Duration of one Cloud Sync request (one attempt) by endpoint',
        labelNames: ['endpoint'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
      { endpoint },
    ),
    listingDuration: boundedHistogram(
      new Histogram({
        name: 'cloudsync_listing_duration_seconds',
        help: 'From a listing being requested to its answer on the feed, by operation and outcome',
        labelNames: ['operation', 'outcome'],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        registers,
      }),
      { operation: listingOperation, outcome },
    ),
    relationshipPolls: boundedCounter(
      new Counter({
        name: 'cloudsync_relationship_polls_total',
        help: 'Relationship polls by outcome (ok: changed, unchanged, error, rate_limited, refused, not_found)',
        labelNames: ['outcome'],
        registers,
      }),
      {
        outcome: new BoundedLabel(
          ['ok', 'unchanged', 'error', 'rate_limited', 'refused', 'not_found'],
          0,
        ),
      },
    ),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** What the gauges read when /metrics is scraped. */
export interface GaugeSources {
  activeReaders: () => number;
  activeSubscriptions: () => number;
  /** Relationship pollers alive (progress and list pollers). */
  relationshipPollers: () => number;
  /** Requests waiting for a listing's answer now (several may share one upstream call). */
  listingWaiters: () => number;
}

/**
 * The gauges that read the services' state on each scrape, registered once the services exist
 * (the composition root calls this right after building them).
 */
export function registerGauges(metrics: Metrics, sources: GaugeSources): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'cloudsync_relationship_pollers_active',
    help: 'Relationship pollers running (one per token, account and relationship; one per token and account for relationshipChanges)',
    registers,
    collect() {
      this.set(sources.relationshipPollers());
    },
  });
  new Gauge({
    name: 'cloudsync_feed_readers_active',
    help: 'Message feed readers running (one per token and account)',
    registers,
    collect() {
      this.set(sources.activeReaders());
    },
  });
  new Gauge({
    name: 'cloudsync_listing_waiters',
    help: 'Requests waiting for a listing answer now (identical ones share one upstream call)',
    registers,
    collect() {
      this.set(sources.listingWaiters());
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
}
