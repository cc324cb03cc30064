import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExecutionResult, getOperationAST } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import { errorCodesPlugin, httpResult } from '../plugins/use-error-codes';

/**
 * The most common request, `POST /graphql` with a JSON body of known length from a client that is not
 * a browser and wants one JSON answer, run through Yoga's own envelop (the same plugins: limits,
 * caches, masking, context, logs and metrics) and answered by Yoga's own result processor, without
 * Yoga's fetch-API layer (Request, Response and header objects, a third of a small query's CPU).
 *
 * Which path serves a request is decided from its headers alone, before its body is read
 * (`isFastPathRequest`): a browser (Origin), GET, SSE or multipart (any other Accept), another
 * content type, a chunked body: all go to Yoga as they are, streamed, cancelled when the client
 * leaves. A body the fast path reads but does not run itself (not JSON, a batch, a parse or
 * validation error, a subscription, an unknown operation name) is handed to Yoga with the same
 * abort signal, and Yoga's answer is streamed back, so the GraphQL-over-HTTP rules for all of these
 * stay Yoga's.
 *
 * What it SKIPS: Yoga's request-level hooks, which run outside envelop: `onRequest`,
 * `onRequestParse`, `onParams`, `onResultProcess` and `onResponse` (and therefore Yoga's own CORS,
 * CSRF and body-limit handling, which this path does not need: no Origin, Content-Length checked by
 * the server). Only envelop's hooks run here: `onParse`, `onValidate`, `onContextBuilding`,
 * `onExecute`. The contract's codes come from envelop (the error policy, `plugins/use-error-codes.ts`);
 * only its HTTP bit, the project's one `onResultProcess` hook, is applied by hand (`httpResult`). `test/e2e/fast-path.test.ts` fails, naming this file, when a plugin of the
 * gateway uses a skipped hook; set `FAST_PATH=false` to send everything through Yoga.
 */

/** Yoga's request-level hooks, which this path never runs. */
export const SKIPPED_HOOKS = [
  'onRequest',
  'onRequestParse',
  'onParams',
  'onExecutionResult',
  'onResultProcess',
  'onResponse',
] as const;

/** Yoga's request-level instrumentation, which this path never runs either. */
export const SKIPPED_INSTRUMENTATION = ['request', 'requestParse', 'operation', 'resultProcess'];

/** Plugins whose skipped hooks this path replays by hand (`httpResult` below). */
export const REPLAYED_BY_HAND: ReadonlySet<object> = new Set([errorCodesPlugin()]);

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const JSON_MEDIA = new Set(['application/graphql-response+json', 'application/json', '*/*']);

/**
 * The media type to answer in, or null when the request is not for the fast path: every type the
 * client lists must be one JSON answer can satisfy (SSE, multipart and weighted lists are Yoga's).
 */
function acceptedMedia(req: IncomingMessage): string | null {
  const accept = req.headers.accept;
  if (!accept) return 'application/json';
  let media: string | null = null;
  for (const part of accept.split(',')) {
    const [type, ...parameters] = part.split(';').map((item) => item.trim());
    if (type === undefined || !JSON_MEDIA.has(type)) return null;
    if (parameters.some((parameter) => !/^charset=/i.test(parameter))) return null;
    media ??= type === '*/*' ? 'application/json' : type;
  }
  return media;
}

/** From the headers alone: whether the fast path serves this request (its body is not read yet). */
export function isFastPathRequest(req: IncomingMessage, maxBodyBytes: number): boolean {
  const length = req.headers['content-length'];
  return (
    req.method === 'POST' &&
    req.headers.origin === undefined &&
    req.headers['content-type']?.split(';', 1)[0]?.trim() === 'application/json' &&
    length !== undefined &&
    Number(length) <= maxBodyBytes &&
    req.headers['transfer-encoding'] === undefined &&
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
  if (!isRecord(value)) return null;
  const { query, variables, operationName, extensions, ...rest } = value;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
  if (variables != null && !isRecord(variables)) return null;
  if (operationName != null && typeof operationName !== 'string') return null;
  if (extensions != null && !isRecord(extensions)) return null;
  return { query, variables, operationName, extensions };
}

/** Collects a body whose size the caller has bounded by its Content-Length (isFastPathRequest). */
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
  const abort = new AbortController();
  // Every upstream call of this request listens to it (41 for a 20-account fan-out): not a leak.
  setMaxListeners(0, abort.signal);
  res.once('close', () => {
    if (!res.writableFinished) abort.abort(new Error('client went away'));
  });
  const body = await readBody(req);
  const params = readParams(body);
  const result = params ? await execute(yoga, req, res, params, abort.signal) : null;
  if (result === null) return fallBack(yoga, req, res, body, abort.signal);
  const media = acceptedMedia(req) ?? 'application/json';
  const fetchAPI = { Response: CapturedResponse } as unknown as Parameters<
    typeof processRegularResult
  >[1];
  const processed = Symbol.asyncIterator in result ? result : httpResult(result);
  const response = processRegularResult(processed, fetchAPI, media) as unknown as CapturedResponse;
  res.writeHead(response.init.status ?? 200, response.init.headers).end(response.body);
}

/** The operation's result, or null when it is one for Yoga (nothing has been executed then). */
async function execute<S extends object, U extends object>(
  yoga: YogaServerInstance<S, U>,
  req: IncomingMessage,
  res: ServerResponse,
  params: Params,
  signal: AbortSignal,
): Promise<ExecutionResult | AsyncIterable<ExecutionResult> | null> {
  const request = {
    method: 'POST',
    url: req.url ?? '/graphql',
    signal,
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

/**
 * Hands the request, its body already read, to Yoga with the client's abort signal, and streams
 * Yoga's answer back (cancelled when the client leaves).
 */
async function fallBack<S extends object, U extends object>(
  yoga: YogaServerInstance<S, U>,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  signal: AbortSignal,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/graphql'}`;
  const request = new Request(url, {
    method: 'POST',
    headers,
    body: new Uint8Array(body),
    signal,
  });
  const response = await yoga.fetch(request, { req, res } as unknown as S);
  await pipeResponse(response, res);
}

/** Writes a fetch Response to a Node response as it comes; stops reading it when the client leaves. */
async function pipeResponse(response: Response, res: ServerResponse): Promise<void> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  res.writeHead(response.status, out);
  if (!response.body || res.destroyed) {
    res.end();
    await response.body?.cancel().catch(() => {});
    return;
  }
  const reader = response.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } finally {
    res.off('close', cancel);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
