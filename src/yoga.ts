import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createYoga,
  type GraphiQLOptions,
  type Plugin,
  type YogaLogger,
  type YogaServerInstance,
} from 'graphql-yoga';
import type { Config } from './config';
import { authorizationParam, createContext, type GatewayContext, type Services } from './context';
import { Cohorts } from './feed/cohorts';
import { MAX_BODY_BYTES } from './http/handler';
import type { Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';
import { cohortPlugin } from './plugins/use-cohorts';
import { contractMaskError, errorCodesPlugin } from './plugins/use-error-codes';
import { limitPlugins } from './plugins/use-limits';
import { observabilityPlugin } from './plugins/use-observability';
import { secretGuard } from './plugins/use-secret-guard';
import { buildSchema } from './schema';
import { EXAMPLE_QUERY } from './schema/examples';

/** What the node:http server and graphql-ws hand to Yoga for each request or operation. */
export interface ServerContext {
  req: IncomingMessage;
  res: ServerResponse;
  connectionParams?: Record<string, unknown>;
  /** graphql-ws: aborted when the socket closes, so its operations' upstream work stops. */
  signal?: AbortSignal;
}

export type GatewayYoga = YogaServerInstance<ServerContext, GatewayContext>;

/** The gateway's Yoga instance: schema, plugins, CORS, GraphiQL and the per-request context. */
export function createGatewayYoga(
  config: Config,
  services: Services,
  logger: Logger,
  metrics: Metrics,
): GatewayYoga {
  return createYoga<ServerContext, GatewayContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // The request handler refuses a Content-Length over the limit before any path reads the body;
    // Yoga's own limit (a stream pipeline, which the fast path avoids) bounds a chunked body.
    maxRequestBodySize: MAX_BODY_BYTES,
    cors: { origin: config.corsOrigins, credentials: false },
    batching: false,
    logging: yogaLogger(logger),
    maskedErrors: { maskError: contractMaskError },
    plugins: gatewayPlugins(config, logger, metrics, services.cohorts),
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
    graphiql: config.graphiql ? graphiqlOptions() : false,
    renderGraphiQL: async (options) =>
      withoutGraphQLStacks((await loadGraphiQL()).renderGraphiQL(options)),
  });
}

let graphiqlModule: Promise<typeof import('@graphql-yoga/render-graphiql')> | undefined;

/**
 * GraphiQL's page is a 9 MB module: loaded once the gateway listens (`preloadGraphiQL`, after the
 * ready line) or on its first request, not before every start.
 */
function loadGraphiQL(): Promise<typeof import('@graphql-yoga/render-graphiql')> {
  graphiqlModule ??= import('@graphql-yoga/render-graphiql');
  return graphiqlModule;
}

/** Loads GraphiQL's page in the background, on the next turn of the event loop. */
export function preloadGraphiQL(): void {
  setImmediate(() => {
    loadGraphiQL().catch(() => {
      graphiqlModule = undefined; // its first request tries again, and says why
    });
  });
}

/**
 * The embedded GraphiQL. `storage: null` is GraphiQL's own prop (Yoga's page passes its options
 * through to <GraphiQL>): nothing is kept in localStorage, so a Secret typed into the variables
 * pane, or a token in the headers pane, does not outlive the tab (design §2.4 rule 8). GraphiQL
 * otherwise keeps every tab's variables and its history, variables included.
 */
export function graphiqlOptions(): GraphiQLOptions & { storage: null } {
  return {
    title: 'cloudsync-graphql',
    defaultQuery: EXAMPLE_QUERY,
    headers: JSON.stringify({
      Authorization: 'Bearer <accessToken from the login mutation>',
    }),
    shouldPersistHeaders: false,
    storage: null,
    // SSE sends the Headers tab's Authorization with each subscription (the WS client would not).
    subscriptionsProtocol: 'SSE',
  };
}

/**
 * GraphiQL shows the errors it finds itself (a syntax error, parsed in the browser) with their
 * `stack`, a screenful of minified frames. The page formats a GraphQLError's stack as nothing, so
 * GraphiQL prints the GraphQL error alone; other errors keep theirs. V8's hook: Chromium-based
 * browsers (elsewhere the page is unchanged).
 */
function withoutGraphQLStacks(page: string): string {
  const hook = `Error.prepareStackTrace = (error, frames) => error && error.name === 'GraphQLError' ? undefined : String(error) + frames.map((frame) => '\\n    at ' + frame).join('');`;
  return page.replace('<script>', () => `<script>${hook}`);
}

/**
 * Every plugin of the gateway's Yoga instance. The fast path (`http/fast-path.ts`) runs only
 * envelop's hooks of these: its test inspects this list for the hooks it skips.
 */
export function gatewayPlugins(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  cohorts: Cohorts = new Cohorts(),
): Plugin[] {
  return [
    ...limitPlugins(config),
    // Secret variables: refused over GET, coercion errors without the value (design §2.4).
    secretGuard(),
    errorCodesPlugin(),
    observabilityPlugin(logger, metrics),
    cohortPlugin(cohorts),
  ];
}

export function yogaLogger(logger: Logger): YogaLogger {
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
