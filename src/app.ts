import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { CloudSyncClient } from './cloudsync/client';
import { UpstreamHttp } from './cloudsync/http';
import type { Config, UpstreamConfig } from './config';
import type { Services } from './context';
import { GatewayError } from './errors';
import { Cohorts } from './feed/cohorts';
import { FeedHub } from './feed/hub';
import type { LaneCoordinator } from './feed/lanes';
import { Listings } from './feed/listings';
import { SubscriptionRegistry } from './feed/subscriptions';
import { createHttpHandler, MAX_BODY_BYTES } from './http/handler';
import { cloudSyncProbe, Readiness } from './http/readiness';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics, registerGauges } from './observability/metrics';
import {
  type PollerClock,
  RelationshipChangeWatchers,
  RelationshipPollers,
  ReportPollers,
  relationshipPollerSettings,
  systemClock,
} from './relationships';
import { attachGraphqlWs } from './ws/attach';
import { graphqlWsOptions } from './ws/graphql-ws';
import { createGatewayYoga, preloadGraphiQL } from './yoga';

export interface Gateway {
  /** `http://host:port`, once started. */
  readonly url: string;
  readonly services: Services;
  readonly metrics: Metrics;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Cluster mode could not start (Redis unreachable, too old): the message is safe to print. */
export class ClusterStartError extends Error {
  override name = 'ClusterStartError';
}

export interface GatewayOptions {
  logger?: Logger;
  /** Demo mode: the upstream is the embedded simulator, ready from the start. */
  demo?: boolean;
  /** The relationship pollers' clock (tests step it to count polls exactly). Default: real time. */
  relationshipClock?: PollerClock;
}

export function createGateway(
  config: Config,
  upstream: UpstreamConfig,
  options: GatewayOptions = {},
): Gateway {
  const logger = options.logger ?? createLogger(config.logLevel);
  const probe = cloudSyncProbe(upstream.apiUrl, config.timeouts);
  const readiness = new Readiness(
    // Demo mode: the embedded simulator is there from the start.
    options.demo ? () => Promise.resolve({ kind: 'cloudsync' }) : probe.probe,
    { ...config.readiness, logger },
  );
  const metrics = createMetrics();
  const http = new UpstreamHttp(
    config.timeouts,
    (endpoint, status, seconds) => {
      if (/^\d+$/.test(status) && endpoint !== 'oauth-token') readiness.observe(Number(status));
      metrics.upstream.inc({ endpoint, status });
      metrics.upstreamDuration.observe({ endpoint }, seconds);
    },
    config.upstreamBodyLimits,
  );
  const cloudsync = new CloudSyncClient(http, upstream);
  const feed = new FeedHub(cloudsync, {
    pollTimeoutMs: config.feedPollTimeoutMs,
    headCheckMs: config.feedHeadCheckMs,
    idleMs: config.feedIdleMs,
  });
  // Cluster mode (REDIS_URL): src/cluster/ is imported in start(), never otherwise; its feed then
  // replaces the in-process hub, its lanes take every lane, and its caps count every subscription.
  let cluster: import('./cluster/index').Cluster | null = null;
  const starting = () => new GatewayError('UPSTREAM_UNAVAILABLE', 'The gateway is starting');
  const subscriptions = new SubscriptionRegistry(
    config.limits.maxSubscriptionsPerToken,
    config.cluster
      ? {
          take: (callerKey) =>
            cluster ? cluster.caps.take(callerKey) : Promise.reject(starting()),
        }
      : undefined,
  );
  const clusterLanes: LaneCoordinator | undefined = config.cluster
    ? {
        take: (...args) => {
          if (!cluster) throw starting();
          return cluster.lanes.take(...args);
        },
      }
    : undefined;
  // A listing reads whichever feed services.feed is when it runs (the cluster's, once started).
  const listingFeed = {
    acquire: (...args: Parameters<FeedHub['acquire']>) => services.feed.acquire(...args),
  };
  const listings = new Listings(cloudsync, listingFeed, {
    ...(clusterLanes ? { lanes: clusterLanes } : {}),
    maxPerToken: config.limits.maxListingsPerToken,
    graceMs: config.listingGraceMs,
    maxTimeoutSeconds: config.listingMaxTimeoutSeconds,
    onSettled: (operation, outcome, seconds) =>
      metrics.listingDuration.observe({ operation, outcome }, seconds),
  });
  const pollerMetrics = {
    poll: (outcome: string) => metrics.relationshipPolls.inc({ outcome }),
  };
  const relationshipPollers = new RelationshipPollers(cloudsync.relationships, {
    settings: relationshipPollerSettings(config),
    clock: options.relationshipClock ?? systemClock,
    metrics: pollerMetrics,
  });
  const relationshipChanges = new RelationshipChangeWatchers(
    cloudsync.relationships,
    relationshipPollers.settings,
    relationshipPollers.clock,
    pollerMetrics,
    relationshipPollers.lists,
  );
  const reportPollers = new ReportPollers(cloudsync.reports, {
    settings: relationshipPollerSettings(config),
    clock: options.relationshipClock ?? systemClock,
    metrics: pollerMetrics,
  });
  const services: Services = {
    cloudsync,
    feed,
    listings,
    subscriptions,
    cohorts: new Cohorts(),
    relationships: {
      pollers: relationshipPollers,
      changes: relationshipChanges,
      reports: reportPollers,
    },
  };
  registerGauges(metrics, {
    activeReaders: () => services.feed.activeReaders,
    activeSubscriptions: () => subscriptions.active,
    relationshipPollers: () =>
      relationshipPollers.size + relationshipChanges.size + reportPollers.size,
    listingWaiters: () => listings.waiters,
  });

  const yoga = createGatewayYoga(config, services, logger, metrics);
  const server: Server = createServer(
    createHttpHandler({ yoga, metrics, readiness, logger, fastPath: config.fastPath }),
  );
  server.keepAliveTimeout = 5_000;
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: MAX_BODY_BYTES });
  const wsServer = attachGraphqlWs(
    wss,
    graphqlWsOptions(yoga, config),
    config.wsKeepAliveMs,
    logger,
  );

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let url = '';
  let stopping = false;
  return {
    get url() {
      return url;
    },
    services,
    metrics,
    async start() {
      if (config.cluster) {
        const { startCluster } = await import('./cluster/index');
        cluster = await startCluster(config.cluster, {
          source: cloudsync,
          logger,
          registry: metrics.registry,
          feed: {
            pollTimeoutMs: config.feedPollTimeoutMs,
            idleMs: config.feedIdleMs,
            headCheckMs: config.feedHeadCheckMs,
          },
          listings: {
            graceMs: config.listingGraceMs,
            maxPerToken: config.limits.maxListingsPerToken,
          },
          subscriptions: { maxPerToken: config.limits.maxSubscriptionsPerToken },
        }).catch((error: unknown) => {
          throw new ClusterStartError(error instanceof Error ? error.message : String(error));
        });
        services.feed = cluster.feed;
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      if (config.graphiql) preloadGraphiQL();
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${host}:${address.port}`;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      readiness.stop();
      // Streams end cleanly (SSE responses finish, graphql-ws sends `complete`), then sockets close
      // with 1001, then HTTP connections drain; whatever is still open at the bound is cut.
      if (subscriptions.active > 0) {
        subscriptions.endAll();
        // Let the ended streams reach their clients (`complete` frames, SSE ends) before closing.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      services.feed.stopAll();
      await cluster?.stop();
      relationshipPollers.close();
      relationshipChanges.close();
      reportPollers.close();
      await wsServer.dispose();
      const cut = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, config.shutdownTimeoutMs);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clearTimeout(cut);
      await Promise.all([http.close(), probe.close()]);
    },
  };
}
