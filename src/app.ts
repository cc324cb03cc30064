import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin, type YogaLogger } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import { CloudSyncClient } from './cloudsync/client';
import { UpstreamHttp } from './cloudsync/http';
import type { Config, UpstreamConfig } from './config';
import {
  authorizationParam,
  createContext,
  type GatewayContext,
  parseAuthorization,
  type Services,
} from './context';
import { GatewayError, NOT_LOGGED_IN_WS } from './errors';
import { FeedHub } from './feed/hub';
import { Listings } from './feed/listings';
import { SubscriptionRegistry } from './feed/subscriptions';
import { handleFastPath, isFastPathRequest } from './http/fast-path';
import { cloudSyncProbe, Readiness } from './http/readiness';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { errorCodesPlugin, wsError } from './plugins/use-error-codes';
import { limitPlugins } from './plugins/use-limits';
import { observabilityPlugin } from './plugins/use-observability';
import { buildSchema } from './schema';
import { EXAMPLE_QUERY } from './schema/examples';

export interface Gateway {
  /** `http://host:port`, once started. */
  readonly url: string;
  readonly services: Services;
  readonly metrics: Metrics;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  /** Demo mode: the upstream is the embedded simulator, ready from the start. */
  demo?: boolean;
}

/** Largest request body accepted, whatever path serves it. */
const MAX_BODY_BYTES = 1024 * 1024;

interface ServerContext {
  req: IncomingMessage;
  res: ServerResponse;
  connectionParams?: Record<string, unknown>;
  /** graphql-ws: aborted when the socket closes, so its operations' upstream work stops. */
  signal?: AbortSignal;
}

const socketSignals = new WeakMap<WebSocket, AbortController>();

/** One signal per WebSocket, shared by all its operations, aborted when it closes. */
function socketSignal(socket: WebSocket): AbortSignal {
  let controller = socketSignals.get(socket);
  if (!controller) {
    const created = new AbortController();
    setMaxListeners(0, created.signal);
    socket.once('close', () => created.abort(new Error('socket closed')));
    socketSignals.set(socket, created);
    controller = created;
  }
  return controller.signal;
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
  // The gauges read the feed and the subscriptions when scraped, by which time both exist.
  const metrics = createMetrics({
    activeReaders: () => feed.activeReaders,
    activeSubscriptions: () => subscriptions.active,
  });
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
  const subscriptions = new SubscriptionRegistry(config.limits.maxSubscriptionsPerToken);
  const listings = new Listings(cloudsync, feed, {
    maxPerToken: config.limits.maxListingsPerToken,
    graceMs: config.listingGraceMs,
    maxTimeoutSeconds: config.listingMaxTimeoutSeconds,
    onSettled: (operation, outcome, seconds) =>
      metrics.listingDuration.observe({ operation, outcome }, seconds),
  });
  const services: Services = { cloudsync, feed, listings, subscriptions };

  const yoga = createYoga<ServerContext, GatewayContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // The request handler refuses a Content-Length over the limit before any path reads the body;
    // Yoga's own limit (a stream pipeline, which the fast path avoids) bounds a chunked body.
    maxRequestBodySize: MAX_BODY_BYTES,
    cors: { origin: config.corsOrigins, credentials: false },
    batching: false,
    logging: yogaLogger(logger),
    maskedErrors: true,
    plugins: gatewayPlugins(config, logger, metrics),
    context: ({ request, connectionParams, signal }) =>
      createContext(
        services,
        connectionParams
          ? { authorization: authorizationParam(connectionParams), signal }
          : {
              authorization: request.headers.get('authorization'),
              requestId: request.headers.get('x-request-id'),
              signal: request.signal,
            },
      ),
    graphiql: config.graphiql
      ? {
          title: 'cloudsync-graphql',
          defaultQuery: EXAMPLE_QUERY,
          headers: JSON.stringify({
            Authorization: 'Bearer <accessToken from the login mutation>',
          }),
          // SSE sends the Headers tab's Authorization with each subscription (the WS client would not).
          subscriptionsProtocol: 'SSE',
        }
      : false,
    renderGraphiQL,
  });

  let stopping = false;
  const server: Server = createServer((req, res) => {
    const path = req.url?.split('?', 1)[0];
    if (path === '/healthz') return text(res, 200, 'ok');
    if (path === '/readyz') {
      readiness.check().then(
        ({ ready, reason }) => text(res, ready ? 200 : 503, reason),
        () => text(res, 503, 'readiness unknown'),
      );
      return;
    }
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > MAX_BODY_BYTES) {
      return text(res, 413, 'Request body too large');
    }
    // Decided from the headers alone; whatever the fast path does not take goes to Yoga as it is.
    if (config.fastPath && path === '/graphql' && isFastPathRequest(req, MAX_BODY_BYTES)) {
      handleFastPath(yoga, req, res).catch((error: unknown) => {
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'request failed',
        );
        if (res.headersSent) res.destroy();
        else text(res, 500, 'Internal Server Error');
      });
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => text(res, 200, body, metrics.registry.contentType),
        () => text(res, 500, 'metrics unavailable'),
      );
      return;
    }
    return yoga.requestListener(req, res);
  });
  server.keepAliveTimeout = 5_000;

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  // graphql-ws closes a socket without `connection_init` in time (4408) and pings every socket at
  // the keep-alive interval, cutting a peer that does not pong within it.
  const wsServer = useServer<Record<string, unknown>>(
    {
      connectionInitWaitTimeout: config.wsInitTimeoutMs,
      // A connection without a usable bearer token is refused (4403) before any upstream call.
      // The close reason says what to send, like the HTTP 401's message.
      onConnect: (ctx) => {
        if (parseAuthorization(authorizationParam(ctx.connectionParams)) !== null) return true;
        ctx.extra.socket.close(4403, NOT_LOGGED_IN_WS);
        return false;
      },
      onSubscribe: async (ctx, _id, payload) => {
        if (Object.keys(ctx.subscriptions).length > config.limits.maxSubscriptionsPerConnection) {
          return [
            new GatewayError(
              'RATE_LIMITED',
              `Too many subscriptions on this connection (at most ${config.limits.maxSubscriptionsPerConnection})`,
            ),
          ];
        }
        const enveloped = yoga.getEnveloped({
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
          signal: socketSignal(ctx.extra.socket),
        });
        // Parse and validation (with the limit plugins, which may throw) answer like over HTTP.
        let document: ReturnType<typeof enveloped.parse>;
        try {
          document = enveloped.parse(payload.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return errors;
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Invalid query')];
        }
        return {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      // A source that fails mid-stream ends its own operation with an `error` message (the socket
      // and its other operations go on); what it says is masked like any other error.
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => wsError(error).toJSON()),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map(wsError) } : result,
    },
    wss,
    config.wsKeepAliveMs,
  );

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let url = '';
  return {
    get url() {
      return url;
    },
    services,
    metrics,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      wss.on('error', (error) => logger.error({ err: error.message }, 'WebSocket server error'));
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
      feed.stopAll();
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

/**
 * Every plugin of the gateway's Yoga instance. The fast path (`fast-path.ts`) runs only envelop's
 * hooks of these: test/fast-path.test.ts inspects this list for the hooks it skips.
 */
export function gatewayPlugins(config: Config, logger: Logger, metrics: Metrics): Plugin[] {
  return [...limitPlugins(config), errorCodesPlugin(), observabilityPlugin(logger, metrics)];
}

interface EnvelopedRoot {
  execute: ReturnType<ReturnType<typeof createYoga>['getEnveloped']>['execute'];
  subscribe: ReturnType<ReturnType<typeof createYoga>['getEnveloped']>['subscribe'];
}

function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args: unknown[]) => logger.debug({ yoga: args.map(String) }),
    info: (...args: unknown[]) => logger.info({ yoga: args.map(String) }),
    warn: (...args: unknown[]) => logger.warn({ yoga: args.map(String) }),
    error: (...args: unknown[]) =>
      logger.error({
        yoga: args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))),
      }),
  };
}

function text(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
) {
  res.writeHead(status, { 'content-type': type }).end(body);
}
