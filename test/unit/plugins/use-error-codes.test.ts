import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  contractMaskError,
  httpResult,
  toContractError,
  withoutHttp,
} from '../../../src/plugins/use-error-codes';

const code = (error: Error) => (error as GraphQLError).extensions.code;

describe('the error policy', () => {
  it('masks an unexpected error: no message, no stack, INTERNAL_SERVER_ERROR', () => {
    const masked = contractMaskError(new Error('token abc leaked'), 'Unexpected error.');
    expect(masked.message).toBe('Unexpected error.');
    expect(code(masked)).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(masked)).not.toContain('abc');
  });

  it("puts the contract's code on what graphql-js and Yoga refuse, and keeps a contract code", () => {
    for (const refused of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']) {
      const error = new GraphQLError('no', { extensions: { code: refused } });
      expect(code(contractMaskError(error, 'Unexpected error.'))).toBe('BAD_USER_INPUT');
    }
    expect(code(toContractError(new GraphQLError('Syntax Error')))).toBe('BAD_USER_INPUT');
    const mine = new GraphQLError('late', { extensions: { code: 'LISTING_TIMEOUT' } });
    expect(contractMaskError(mine, 'Unexpected error.')).toBe(mine);
    const several = new GraphQLError('x', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
    expect(code(toContractError(several))).toBe('BAD_USER_INPUT');
  });

  it("HTTP's bit: a result with data drops the status hints; a 401 without data names its scheme", () => {
    const unauthenticated = new GraphQLError('log in', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
    const withData = httpResult({ data: { a: 1 }, errors: [unauthenticated] });
    expect(withData.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const without = httpResult({ data: null, errors: [unauthenticated] });
    expect(without.extensions).toEqual({ http: { headers: { 'www-authenticate': 'Bearer' } } });
    expect(withoutHttp(unauthenticated).extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});
