import { type ExecutionResult, GraphQLError } from 'graphql';
import { maskError, type Plugin } from 'graphql-yoga';

/**
 * The one error policy, for every transport (DESIGN.md, "Errors"): every error a client sees
 * carries one of the contract's codes, and an unexpected one is masked. It is applied at the
 * envelop level, where HTTP, SSE, the fast path and graphql-ws all pass:
 * - `contractMaskError` is Yoga's `maskedErrors.maskError`: execution and subscription results on
 *   every transport, and the errors Yoga answers a request with;
 * - the plugin's `onParse` and `onValidate` remap what a refused document gets (graphql-ws runs
 *   parse and validation itself, outside Yoga's request pipeline).
 * What is left to a transport is only its own bit: HTTP's status and WWW-Authenticate
 * (`httpResult`, in `onResultProcess` and by hand on the fast path); graphql-ws drops the
 * `http` hints (`withoutHttp`).
 */

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

/** An error with the contract's code (an error that already has one is returned as it is). */
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

/** Yoga's masking (an unexpected error says only "Unexpected error."), then the contract's code. */
export function contractMaskError(error: unknown, message: string, isDev?: boolean): Error {
  const masked = maskError(error, message, isDev);
  return masked instanceof GraphQLError ? toContractError(masked) : masked;
}

const httpOf = (error: GraphQLError) => error.extensions.http as { status?: number } | undefined;

/** An error without its HTTP hints (for graphql-ws, and for HTTP results that have data). */
export function withoutHttp(error: GraphQLError): GraphQLError {
  if (!httpOf(error)) return error;
  const { http: _http, ...extensions } = error.extensions;
  return rebuild(error, extensions);
}

/**
 * HTTP's own bit of a single result (GraphQL over HTTP): a result with data is a success whatever
 * its field errors ask for; a 401 names its scheme (WWW-Authenticate, RFC 9110). Yoga reads the
 * status from `extensions.http`.
 */
export function httpResult(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  if (result.data != null) return { ...result, errors: result.errors.map(withoutHttp) };
  if (result.errors.some((e) => httpOf(e)?.status === 401)) {
    const http = { headers: { 'www-authenticate': 'Bearer' } };
    return { ...result, extensions: { ...result.extensions, http } };
  }
  return result;
}

/** One object, so that the fast path can name it as the hook it replays by hand. */
const ERROR_CODES_PLUGIN: Plugin = {
  onParse() {
    return ({ result, replaceParseResult }) => {
      if (result instanceof GraphQLError) replaceParseResult(toContractError(result));
    };
  },
  onValidate() {
    return ({ result, setResult }) => {
      if (result.length === 0) return;
      setResult(result.map((e) => (e instanceof GraphQLError ? toContractError(e) : e)));
    };
  },
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors) return;
    setResult(httpResult(result));
  },
};

export function errorCodesPlugin(): Plugin {
  return ERROR_CODES_PLUGIN;
}
