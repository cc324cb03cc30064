import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Codes graphql-js and Yoga put on a request they refuse; the contract calls them all BAD_USER_INPUT. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

function rebuild(error: GraphQLError, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/** Every error a client sees carries one of the contract's codes (DESIGN.md, "Errors"). */
export function toContractError(error: GraphQLError): GraphQLError {
  const code = error.extensions.code;
  // Yoga's answer to a document with several operations and no (or an unknown) operationName.
  if (code === 'OPERATION_RESOLUTION_FAILURE') {
    return new GraphQLError(
      'Could not tell which operation to run: a document with several operations needs an operationName that names one of them (or send one operation per request)',
      { extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } },
    );
  }
  if (typeof code === 'string' && !REQUEST_ERROR_CODES.has(code)) return error;
  return rebuild(error, { ...error.extensions, code: 'BAD_USER_INPUT' });
}

const httpOf = (error: GraphQLError) => error.extensions.http as { status?: number } | undefined;

function withoutHttp(error: GraphQLError): GraphQLError {
  if (!httpOf(error)) return error;
  const { http: _http, ...extensions } = error.extensions;
  return rebuild(error, extensions);
}

/** An error as a WebSocket client may see it: contract code, masked if unexpected, no HTTP hints. */
export function wsError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original && !(original instanceof GraphQLError)) {
    return new GraphQLError('Unexpected error.', {
      path: error.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  }
  return withoutHttp(toContractError(error));
}

/**
 * A single HTTP result as the contract wants it: contract codes on every error, and its status
 * (GraphQL over HTTP): a result with data is a success whatever its field errors ask for; a 401
 * names its scheme (WWW-Authenticate, RFC 9110). Yoga reads the status from `extensions.http`.
 */
export function toContractResult(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map(toContractError);
  if (result.data != null) return { ...result, errors: errors.map(withoutHttp) };
  if (errors.some((e) => httpOf(e)?.status === 401)) {
    const http = { headers: { 'www-authenticate': 'Bearer' } };
    return { ...result, errors, extensions: { ...result.extensions, http } };
  }
  return { ...result, errors };
}

/** One object, so that the fast path can name it as the hook it replays by hand. */
const ERROR_CODES_PLUGIN: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors) return;
    setResult(toContractResult(result));
  },
};

export function errorCodesPlugin(): Plugin {
  return ERROR_CODES_PLUGIN;
}
