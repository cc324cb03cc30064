import { GraphQLError } from 'graphql';

/** The only codes a client ever sees in `extensions.code` (DESIGN.md, "Errors"). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'LISTING_TIMEOUT'
  | 'LISTING_FAILED'
  /** relationshipProgress(startedAfter): the requested run did not show within waitSeconds. */
  | 'SYNC_NOT_STARTED'
  /** A bug of ours, masked: the message says nothing more. */
  | 'INTERNAL_SERVER_ERROR';

const httpStatus: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

/**
 * An error meant for the client: its message and extensions are shown as they are, so they must
 * never carry a token, an upstream URL or a stack. Anything else thrown in a resolver is masked.
 */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    const status = httpStatus[code];
    super(message, {
      extensions: { ...extensions, code, ...(status ? { http: { status } } : {}) },
    });
    this.code = code;
    this.name = 'GatewayError';
  }
}

export const isGatewayError = (error: unknown): error is GatewayError =>
  error instanceof GatewayError;

/** What to do without a token: how to get one, and where it goes (HTTP header or graphql-ws). */
export const NOT_LOGGED_IN =
  'No bearer token: run the login mutation (it needs none), then send Authorization: Bearer <accessToken>';
export const NOT_LOGGED_IN_WS =
  'No bearer token: run the login mutation, then send connectionParams.authorization: "Bearer <accessToken>"';
export const MALFORMED_TOKEN =
  'The Authorization header is not "Bearer <accessToken>": run the login mutation and send its accessToken';
/** A token Cloud Sync refused; `detail` is Cloud Sync's own message. */
export const refusedToken = (detail: string): string =>
  `The access token is expired or invalid (${detail}): log in again and send the new accessToken`;

export function unauthenticated(message = NOT_LOGGED_IN): GatewayError {
  return new GatewayError('UNAUTHENTICATED', message);
}

export function badInput(message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message);
}
