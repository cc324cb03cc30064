import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExecutionResult, getOperationAST } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import { toContractResult } from './graphql/error-codes';

/**
 * The most common request, `POST /graphql` with a JSON body from a client that is not a browser,
 * run through Yoga's own envelop (the same plugins: limits, caches, masking, context, logs and
 * metrics) and answered by Yoga's own result processor, without Yoga's fetch-API layer (Request,
 * Response and header objects, a third of a small query's CPU). Whatever is not a plain operation
 * that parses and validates goes to Yoga with the body already read, so the GraphQL-over-HTTP rules
 * for everything else stay Yoga's: browsers (CORS), GET, SSE, syntax and validation errors,
 * subscriptions, extensions.
 */

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** The media type to answer in, or null when the request is not for the fast path. */
function acceptedMedia(req: IncomingMessage): string | null {
  const accept = req.headers.accept;
  if (!accept) return 'application/json';
  for (const part of accept.split(',')) {
    const type = part.split(';', 1)[0]?.trim();
    if (type === 'application/graphql-response+json' || type === 'application/json') return type;
    if (type === '*/*') return 'application/json';
  }
  return null;
}

export function isFastPathRequest(req: IncomingMessage): boolean {
  return (
    req.method === 'POST' &&
    req.headers.origin === undefined &&
    req.headers['content-type']?.split(';', 1)[0]?.trim() === 'application/json' &&
    acceptedMedia(req) !== null
  );
}

function readParams(body: Buffer): Params | null {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { query, variables, operationName, ...rest } = value as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName != null && typeof operationName !== 'string') return null;
  return { query, variables: variables as Params['variables'], operationName };
}

/** Collects a body whose size the caller has bounded by its Content-Length. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** A Response class for Yoga's result processor: it only needs the body and the init. */
class CapturedResponse {
  constructor(
    readonly body: string | null,
    readonly init: { status?: number; headers?: Record<string, string> },
  ) {}
}

export async function handleFastPath<S extends object, U extends object>(
  yoga: YogaServerInstance<S, U>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req);
  const params = readParams(body);
  const result = params ? await execute(yoga, req, res, params) : null;
  if (result === null) return fallBack(yoga, req, res, body);
  const media = acceptedMedia(req) ?? 'application/json';
  const fetchAPI = { Response: CapturedResponse } as unknown as Parameters<
    typeof processRegularResult
  >[1];
  const processed = Symbol.asyncIterator in result ? result : toContractResult(result);
  const response = processRegularResult(processed, fetchAPI, media) as unknown as CapturedResponse;
  res.writeHead(response.init.status ?? 200, response.init.headers).end(response.body);
}

/** The operation's result, or null when it is one for Yoga (nothing has been executed then). */
async function execute<S extends object, U extends object>(
  yoga: YogaServerInstance<S, U>,
  req: IncomingMessage,
  res: ServerResponse,
  params: Params,
): Promise<ExecutionResult | AsyncIterable<ExecutionResult> | null> {
  const abort = new AbortController();
  // Every upstream call of this request listens to it (41 for a 20-account fan-out): not a leak.
  setMaxListeners(0, abort.signal);
  res.once('close', () => {
    if (!res.writableFinished) abort.abort(new Error('client went away'));
  });
  const request = {
    method: 'POST',
    url: req.url ?? '/graphql',
    signal: abort.signal,
    headers: { get: (name: string) => header(req, name) },
  } as unknown as Request;
  const initial = { request, params, req, res };
  const enveloped = yoga.getEnveloped(
    initial as unknown as Parameters<typeof yoga.getEnveloped>[0],
  );
  let document: ReturnType<typeof enveloped.parse>;
  try {
    document = enveloped.parse(params.query);
    if (enveloped.validate(enveloped.schema, document).length > 0) return null;
  } catch {
    return null;
  }
  const operation = getOperationAST(document, params.operationName ?? undefined);
  if (!operation || operation.operation === 'subscription') return null;
  const contextValue = await enveloped.contextFactory();
  const result = await enveloped.execute({
    schema: enveloped.schema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
  });
  return result as ExecutionResult | AsyncIterable<ExecutionResult>;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/** Hands the request, its body already read, to Yoga. */
async function fallBack<S extends object, U extends object>(
  yoga: YogaServerInstance<S, U>,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/graphql'}`;
  const request = new Request(url, { method: 'POST', headers, body: new Uint8Array(body) });
  const response = await yoga.fetch(request, { req, res } as unknown as S);
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
}
