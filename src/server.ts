import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { CloudSyncClient } from './cloudsync/client';
import { UpstreamHttp } from './cloudsync/http';
import type { Config, UpstreamConfig } from './config';
import { createContext, type GatewayContext, type Services } from './context';
import { FeedHub } from './feed/hub';
import { Listings } from './feed/listings';
import { buildSchema } from './graphql';
import { errorCodesPlugin, toContractError } from './graphql/error-codes';
import { EXAMPLE_QUERY } from './graphql/examples';

export interface Gateway {
  /** `http://host:port`, once started. */
  readonly url: string;
  readonly services: Services;
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface ServerContext {
  req: IncomingMessage;
  res: ServerResponse;
}

interface WsServerContext {
  connectionParams?: Record<string, unknown>;
}

export function createGateway(config: Config, upstream: UpstreamConfig): Gateway {
  const http = new UpstreamHttp(config.timeouts);
  const cloudsync = new CloudSyncClient(http, upstream);
  const feed = new FeedHub(cloudsync, {
    pollTimeoutMs: config.feedPollTimeoutMs,
    idleMs: config.feedIdleMs,
  });
  const listings = new Listings(cloudsync, feed, {
    maxPerToken: config.limits.maxListingsPerToken,
  });
  const services: Services = { cloudsync, feed, listings };

  const plugins: Plugin[] = [errorCodesPlugin()];
  const yoga = createYoga<ServerContext & WsServerContext, GatewayContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    batching: false,
    logging: false,
    plugins,
    context: ({ request, connectionParams }) =>
      createContext(
        services,
        connectionParams ? connectionParams.authorization : request.headers.get('authorization'),
        connectionParams ? undefined : request.signal,
      ),
    graphiql: config.graphiql
      ? {
          title: 'cloudsync-graphql',
          defaultQuery: EXAMPLE_QUERY,
          headers: JSON.stringify({
            Authorization: 'Bearer <accessToken from the login mutation>',
          }),
          subscriptionsProtocol: 'WS',
        }
      : false,
    renderGraphiQL,
  });

  const server: Server = createServer((req, res) => {
    const path = req.url?.split('?', 1)[0];
    if (path === '/healthz') return text(res, 200, 'ok');
    if (path === '/readyz') return text(res, stopping ? 503 : 200, stopping ? 'stopping' : 'ready');
    return yoga.requestListener(req, res);
  });
  server.keepAliveTimeout = 5_000;

  const wss = new WebSocketServer({ server, path: '/graphql' });
  const wsServer = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      // A source that fails mid-stream ends its own operation with an `error` message (the socket
      // and its other operations go on); what it says is masked like any other error.
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => wsError(error).toJSON()),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map(wsError) } : result,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
        });
        const document = enveloped.parse(payload.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        return {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
    },
    wss,
  );

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let stopping = false;
  let url = '';
  return {
    get url() {
      return url;
    },
    services,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${host}:${address.port}`;
    },
    async stop() {
      stopping = true;
      feed.stopAll();
      await wsServer.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, config.shutdownTimeoutMs).unref();
      });
      await http.close();
    },
  };
}

interface EnvelopedRoot {
  execute: ReturnType<ReturnType<typeof createYoga>['getEnveloped']>['execute'];
  subscribe: ReturnType<ReturnType<typeof createYoga>['getEnveloped']>['subscribe'];
}

/** An error as a WebSocket client may see it: contract code, masked if unexpected, no HTTP hints. */
function wsError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original && !(original instanceof GraphQLError)) {
    return new GraphQLError('Unexpected error.', {
      path: error.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  }
  const contract = toContractError(error);
  const { http: _http, ...extensions } = contract.extensions;
  return new GraphQLError(contract.message, {
    nodes: contract.nodes,
    positions: contract.positions,
    source: contract.source,
    path: contract.path,
    extensions,
  });
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}
