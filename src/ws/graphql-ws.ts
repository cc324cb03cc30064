import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';
import { GraphQLError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket } from 'ws';
import type { Config } from '../config';
import { authorizationParam, parseAuthorization } from '../context';
import { GatewayError, NOT_LOGGED_IN_WS } from '../errors';
import { contractMaskError, withoutHttp } from '../plugins/use-error-codes';
import type { GatewayYoga } from '../yoga';

type Enveloped = ReturnType<GatewayYoga['getEnveloped']>;

/** What `onSubscribe` hands to `execute`/`subscribe`: the envelop of the operation's own context. */
export interface EnvelopedRoot {
  execute: Enveloped['execute'];
  subscribe: Enveloped['subscribe'];
}

const socketSignals = new WeakMap<WebSocket, AbortController>();

/** Sockets with `next` frames held back until the current burst of deliveries is over. */
const corked = new Set<Socket>();
let flushScheduled = false;

function flushCorked(): void {
  flushScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/**
 * Batches the frames a burst of events writes to one socket (a cohort delivers to all its members
 * at once; one connection often carries several of them): the socket is corked until the event
 * loop is idle again, so they leave in one write instead of one each.
 */
function batchWrites(socket: Socket): void {
  if (socket.destroyed || corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushCorked);
  }
}

/** One signal per WebSocket, shared by all its operations, aborted when it closes. */
export function socketSignal(socket: WebSocket): AbortSignal {
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

/**
 * graphql-ws on the gateway's Yoga: every operation runs through Yoga's envelop (the same plugins,
 * limits and context as over HTTP). graphql-ws closes a socket without `connection_init` in time
 * (4408); keep-alive pings are set where the server is attached (`attachGraphqlWs`, ws/attach.ts).
 */
export function graphqlWsOptions(
  yoga: GatewayYoga,
  config: Config,
): ServerOptions<Record<string, unknown>, Extra> {
  return {
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
        return [
          error instanceof GraphQLError
            ? error
            : new GraphQLError('Invalid query', { extensions: { code: 'BAD_USER_INPUT' } }),
        ];
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
    // and its other operations go on); what it says is masked like any other error. The codes come
    // from the error policy (envelop); graphql-ws only drops the HTTP hints.
    onError: (_ctx, _id, _payload, errors) =>
      errors.map((error) => withoutHttp(wsMasked(error)).toJSON()),
    onNext: (ctx, _id, _payload, _args, result) => {
      batchWrites(ctx.extra.request.socket);
      return result.errors ? { ...result, errors: result.errors.map(withoutHttp) } : result;
    },
  };
}

/** An error that reached graphql-ws without passing Yoga's masking (a source failing mid-stream). */
function wsMasked(error: GraphQLError): GraphQLError {
  const masked = contractMaskError(error, 'Unexpected error.');
  return masked instanceof GraphQLError ? masked : new GraphQLError(masked.message);
}
