import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Codes graphql-js and Yoga put on a request they refuse; the contract calls them all BAD_USER_INPUT. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

export function toContractError(error: GraphQLError): GraphQLError {
  const code = error.extensions.code;
  if (typeof code === 'string' && !REQUEST_ERROR_CODES.has(code)) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

/** Every error a client sees carries one of the contract's codes (DESIGN.md, "Errors"). */
export function errorCodesPlugin(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors) return;
      setResult({
        ...result,
        errors: result.errors.map((e) => toContractError(e as GraphQLError)),
      });
    },
  };
}
