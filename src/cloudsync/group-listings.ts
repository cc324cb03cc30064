import type { UpstreamConfig } from '../config';
import { badInput } from '../errors';
import type { UpstreamHttp } from './http';
import { checkId } from './inputs';
import type { ListingHeader, ListingOperationSpec, ListingQueryParam } from './list-operations';
import { listOperation } from './list-operations';
import { parseListingStart } from './parse';
import type { SecretInput } from './secret-value';
import { revealSecret } from './secret-value';
import type { Caller, ListingStart } from './types';

/** A query parameter's value as the caller gives it; undefined and null are left out. */
export type ListingParamValue = string | number | boolean | null | undefined;
export type ListingParams = Readonly<Record<string, ListingParamValue>>;
/** Credentials by input name (`password`, `accessKey`...); secret or not, each may be a SecretValue. */
export type ListingCredentials = Readonly<Record<string, SecretInput | null | undefined>>;

export interface BuiltListingRequest {
  /** Path and query string. */
  path: string;
  /** The credential headers, encoded as the upstream expects them. */
  headers: Record<string, string>;
  /** The secret values sent (for redacting an answer's messages); never log or key by them. */
  secrets: string[];
}

/** C0, DEL, C1, line/paragraph separators and lone surrogates. */
const CONTROL = /[\p{Cc}\u2028\u2029\p{Cs}]/u;
/** What a header value may hold as it is: printable ASCII, no space at either end. */
const HEADER_SAFE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

function resolve(operation: string | ListingOperationSpec): ListingOperationSpec {
  const spec = typeof operation === 'string' ? listOperation(operation) : operation;
  if (!spec) throw badInput(`Unknown listing operation ${JSON.stringify(operation)}`);
  return spec;
}

function queryValue(param: ListingQueryParam, value: string | number | boolean): string {
  const { name } = param;
  if (param.type === 'boolean') {
    if (typeof value === 'boolean') return String(value);
    if (value === 'true' || value === 'false') return value;
    throw badInput(`${name} must be true or false`);
  }
  if (param.type === 'integer') {
    const number = typeof value === 'number' ? value : Number(value);
    const min = param.min ?? Number.MIN_SAFE_INTEGER;
    const max = param.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value === 'boolean' || !Number.isInteger(number) || number < min || number > max) {
      throw badInput(`${name} must be an integer from ${min} to ${max}`);
    }
    return String(number);
  }
  const text = String(value);
  if (param.enum && !param.enum.includes(text)) {
    throw badInput(`${name} must be one of ${param.enum.join(', ')}`);
  }
  if (text.length === 0 || text.length > 1024 || CONTROL.test(text)) {
    throw badInput(`${name} must be 1 to 1024 printable characters`);
  }
  return text;
}

function headerValue(header: ListingHeader, value: string): string {
  const encoded =
    header.encoding === 'escapedNewlines' ? value.trim().replace(/\r\n|\r|\n/g, '\\n') : value;
  if (!HEADER_SAFE.test(encoded)) {
    // Never the value itself: it may be a password.
    throw badInput(
      `credentials.${header.input} must be printable ASCII without spaces at either end: it travels in an HTTP header`,
    );
  }
  return encoded;
}

/**
 * The group-family call of an operation: the path with its query string (registry order, URL
 * encoded) and the credential headers. Every value is checked against the row first: a missing
 * required value, an unknown name, a wrong type or enum value is BAD_USER_INPUT before any call.
 */
export function buildGroupListingRequest(
  operation: string | ListingOperationSpec,
  accountId: string,
  groupId: string,
  params: ListingParams = {},
  credentials: ListingCredentials = {},
): BuiltListingRequest {
  const spec = resolve(operation);
  for (const name of Object.keys(params)) {
    if (!spec.query.some((param) => param.name === name)) {
      throw badInput(`${spec.name} takes no parameter ${name}`);
    }
  }
  for (const name of Object.keys(credentials)) {
    if (!spec.headers.some((header) => header.input === name)) {
      throw badInput(`${spec.name} takes no credential ${name}`);
    }
  }
  const search = new URLSearchParams();
  for (const param of spec.query) {
    const value = params[param.name];
    if (value === undefined || value === null || value === '') {
      if (param.required) throw badInput(`${param.name} is required for ${spec.name}`);
      continue;
    }
    search.append(param.name, queryValue(param, value));
  }
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  for (const header of spec.headers) {
    const given = credentials[header.input];
    const value = given === undefined || given === null ? '' : revealSecret(given);
    if (value === '') {
      if (header.required) {
        throw badInput(`credentials.${header.input} is required for ${spec.name}`);
      }
      continue;
    }
    headers[header.name] = headerValue(header, value);
    if (header.secret) secrets.push(value, headers[header.name] ?? value);
  }
  const path = spec.groupPath
    .replace('{accountId}', encodeURIComponent(checkId('accountId', accountId)))
    .replace('{groupId}', encodeURIComponent(checkId('groupId', groupId)));
  const query = search.toString();
  return { path: query ? `${path}?${query}` : path, headers, secrets: [...new Set(secrets)] };
}

/** Starts group-family listings (GET /api/accounts/{a}/groups/{g}/list-*). */
export class GroupListingsClient {
  readonly #http: UpstreamHttp;
  readonly #api: string;

  constructor(http: UpstreamHttp, upstream: UpstreamConfig) {
    this.#http = http;
    this.#api = upstream.apiUrl;
  }

  /**
   * Starts a listing on a group: the upstream answers 202 and one broker of the group posts the
   * result on the caller's feed with `header.groupId` (or a 200 carries the result itself). Never
   * retried: each call makes a broker answer. The account travels in the path, so there is no
   * x-account-id header (SPEC).
   */
  async startGroupListing(
    caller: Caller,
    accountId: string,
    groupId: string,
    operation: string | ListingOperationSpec,
    params: ListingParams,
    secrets: ListingCredentials,
    signal?: AbortSignal,
  ): Promise<ListingStart> {
    const spec = resolve(operation);
    const built = buildGroupListingRequest(spec, accountId, groupId, params, secrets);
    const { body } = await this.#http.send({
      method: 'GET',
      origin: this.#api,
      path: built.path,
      headers: built.headers,
      endpoint: `group/${spec.name}`,
      caller,
      signal,
      retry: false,
      largeBody: true,
    });
    return parseListingStart(spec.name, body);
  }
}
