import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import type { UpstreamBodyLimits, UpstreamTimeouts } from '../config';
import { GatewayError } from '../errors';
import { exponentialBackoff } from '../util/backoff';
import { errorForFailure, errorForStatus, isRetryableFailure, isRetryableStatus } from './errors';
import type { Caller } from './types';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  origin: string;
  path: string;
  /** A short fixed name of the endpoint, for metrics (never the real path: it holds ids). */
  endpoint: string;
  caller?: Caller;
  accountId?: string;
  /** Extra request headers (a list call's credentials); they never override the fixed ones. */
  headers?: Readonly<Record<string, string>>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Replaces the configured overall deadline, and the headers and body timeouts with it: a long poll
   * is held, headers and all, far longer than any other call.
   */
  deadlineMs?: number;
  /** false for a GET that is not idempotent (a list-* call: each one makes the broker answer). */
  retry?: boolean;
  /**
   * The answer may carry listing results (the message feed, a list call): it may be as large as
   * `UpstreamBodyLimits.largeBytes` instead of `defaultBytes`.
   */
  largeBody?: boolean;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
}

type RawResponse = UpstreamResponse & { retryAfter: string | undefined };

export type UpstreamObserver = (endpoint: string, outcome: string, seconds: number) => void;

const MAX_ATTEMPTS = 3;
const BACKOFF_MS = 100;

/** The defaults of UPSTREAM_MAX_BODY_BYTES and UPSTREAM_MAX_LISTING_BODY_BYTES. */
export const DEFAULT_BODY_LIMITS: UpstreamBodyLimits = {
  defaultBytes: 4 * 1024 * 1024,
  largeBytes: 64 * 1024 * 1024,
};

export interface UpstreamHttpOptions {
  /** The wait (ms) before retry number `attempt` (1 for the first); a seam for unit tests. */
  backoff?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) =>
  exponentialBackoff(attempt, { firstMs: BACKOFF_MS, jitter: 0.5 });

/**
 * The pooled connection to Cloud Sync: timeouts at every stage, an overall deadline per call,
 * redirects never followed (credentials would travel), idempotent GETs retried on 502/503/504 and
 * connection resets with jittered backoff inside the deadline, every answer's body bounded (checked
 * from Content-Length, then counted as it streams; over the bound the connection is dropped). Any
 * non-2xx answer is mapped to a GatewayError here and nowhere else.
 */
export class UpstreamHttp {
  readonly #agent: Agent;
  readonly #timeouts: UpstreamTimeouts;
  readonly #observe: UpstreamObserver | undefined;
  readonly #limits: UpstreamBodyLimits;
  readonly #backoff: (attempt: number) => number;

  constructor(
    timeouts: UpstreamTimeouts,
    observe?: UpstreamObserver,
    limits: UpstreamBodyLimits = DEFAULT_BODY_LIMITS,
    options: UpstreamHttpOptions = {},
  ) {
    this.#timeouts = timeouts;
    this.#observe = observe;
    this.#limits = limits;
    this.#backoff = options.backoff ?? defaultBackoff;
    this.#agent = new Agent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: 10_000,
      connections: 256,
    });
  }

  async close(): Promise<void> {
    await this.#agent.destroy();
  }

  async send(input: UpstreamRequest): Promise<UpstreamResponse> {
    const request =
      input.signal || !input.caller?.signal ? input : { ...input, signal: input.caller.signal };
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error('deadline')),
      request.deadlineMs ?? this.#timeouts.deadlineMs,
    );
    const abort = () => deadline.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', abort, { once: true });
    if (request.signal?.aborted) abort();
    try {
      for (let attempt = 1; ; attempt++) {
        const started = performance.now();
        let response: RawResponse | undefined;
        let failure: unknown;
        try {
          response = await this.#once(request, deadline.signal);
        } catch (error) {
          failure = error;
        }
        if (request.caller) request.caller.upstreamCalls++;
        this.#observe?.(
          request.endpoint,
          response ? String(response.status) : request.signal?.aborted ? 'aborted' : 'error',
          (performance.now() - started) / 1000,
        );
        if (request.signal?.aborted) throw request.signal.reason;
        const retry =
          request.method === 'GET' &&
          request.retry !== false &&
          attempt < MAX_ATTEMPTS &&
          !deadline.signal.aborted &&
          (response ? isRetryableStatus(response.status) : isRetryableFailure(failure));
        if (retry) {
          try {
            await sleep(this.#backoff(attempt), undefined, { signal: deadline.signal });
          } catch {
            if (request.signal?.aborted) throw request.signal.reason;
            throw errorForFailure(undefined, true);
          }
          continue;
        }
        if (!response) throw errorForFailure(failure, deadline.signal.aborted);
        if (response.status < 200 || response.status >= 300) {
          throw errorForStatus(response.status, response.body, response.retryAfter);
        }
        return response;
      }
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', abort);
    }
  }

  async #once(request: UpstreamRequest, signal: AbortSignal): Promise<RawResponse> {
    const headers: Record<string, string> = { ...request.headers, accept: 'application/json' };
    if (request.caller) headers.authorization = request.caller.authorization;
    if (request.accountId) headers['x-account-id'] = request.accountId;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const response = await this.#agent.request({
      origin: request.origin,
      path: request.path,
      method: request.method,
      headers,
      body,
      signal,
      ...(request.deadlineMs
        ? { headersTimeout: request.deadlineMs, bodyTimeout: request.deadlineMs }
        : {}),
    });
    const limit = request.largeBody ? this.#limits.largeBytes : this.#limits.defaultBytes;
    const raw = await readLimited(response.body, response.headers['content-length'], limit);
    const retryAfter = response.headers['retry-after'];
    return {
      status: response.statusCode,
      body: parseBody(raw, response.statusCode),
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    };
  }
}

/** Cloud Sync's answer is larger than the gateway accepts for that kind of call. */
function tooLarge(limit: number): GatewayError {
  return new GatewayError(
    'UPSTREAM_UNAVAILABLE',
    `Cloud Sync sent an answer larger than ${limit} bytes`,
  );
}

/**
 * The body as text, at most `limit` bytes: a larger Content-Length is refused before reading, and a
 * body that grows past the limit is cut there; either way the stream is destroyed, which drops the
 * connection instead of draining the rest.
 */
async function readLimited(
  body: Dispatcher.ResponseData['body'],
  contentLength: string | string[] | undefined,
  limit: number,
): Promise<string> {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw tooLarge(limit);
  }
  // Events, not `for await`: no promise per chunk on every upstream call.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        body.destroy();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    body.once('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
    body.once('error', reject);
  });
}

function parseBody(raw: string, status: number): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    // An error page is still an error of its status; a 2xx that is not JSON is a broken upstream.
    if (status >= 200 && status < 300) {
      throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync sent a body that is not JSON');
    }
    return undefined;
  }
}
