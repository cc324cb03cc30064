import { errors as undiciErrors } from 'undici';
import { GatewayError, refusedToken } from '../errors';

/** The one place where an upstream answer or failure becomes a client-facing error code. */

function upstreamMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const message = record.message ?? record.error_description;
  return typeof message === 'string' && message.length > 0 ? message.slice(0, 500) : null;
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Failures after which the upstream surely holds no job of the call (see `neverTaken`). */
const untaken = new WeakSet<GatewayError>();

/**
 * True when the call that failed with this error surely did not start any work upstream: the
 * upstream refused it (a 4xx), or it was never connected. Anything else (a 5xx, a timeout, a reset,
 * a 2xx with an unreadable body) may have reached the upstream.
 */
export const neverTaken = (error: unknown): boolean =>
  error instanceof GatewayError && untaken.has(error);

function untakenError(error: GatewayError): GatewayError {
  untaken.add(error);
  return error;
}

export function errorForStatus(
  status: number,
  body: unknown,
  retryAfter: string | undefined,
): GatewayError {
  const error = errorForStatusCode(status, body, retryAfter);
  return status >= 400 && status < 500 ? untakenError(error) : error;
}

function errorForStatusCode(
  status: number,
  body: unknown,
  retryAfter: string | undefined,
): GatewayError {
  const message = upstreamMessage(body);
  if (status === 401) {
    return new GatewayError('UNAUTHENTICATED', refusedToken(message ?? 'Unauthorized'));
  }
  if (status === 403) return new GatewayError('FORBIDDEN', message ?? 'Forbidden');
  if (status === 404) return new GatewayError('NOT_FOUND', message ?? 'Not found');
  if (status === 429) {
    const seconds = retryAfterSeconds(retryAfter);
    return new GatewayError(
      'RATE_LIMITED',
      message ?? 'Cloud Sync is rate limiting this caller',
      seconds === null ? {} : { retryAfterSeconds: seconds },
    );
  }
  if (status === 400 || status === 409 || status === 422) {
    return new GatewayError('BAD_USER_INPUT', message ?? 'Cloud Sync rejected the request');
  }
  if (status >= 300 && status < 400) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync answered with a redirect');
  }
  return new GatewayError(
    'UPSTREAM_UNAVAILABLE',
    message ? `Cloud Sync failed: ${message}` : `Cloud Sync answered ${status}`,
  );
}

export function errorForFailure(error: unknown, deadlineHit: boolean): GatewayError {
  if (error instanceof GatewayError) return error;
  if (deadlineHit || error instanceof undiciErrors.HeadersTimeoutError) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync did not answer in time');
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync stopped sending its answer');
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return untakenError(
      new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync could not be reached in time'),
    );
  }
  const refused = (error as { code?: unknown } | null)?.code === 'ECONNREFUSED';
  const gatewayError = new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync could not be reached');
  return refused ? untakenError(gatewayError) : gatewayError;
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

export function isRetryableFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

export const isRetryableStatus = (status: number): boolean =>
  status === 502 || status === 503 || status === 504;
