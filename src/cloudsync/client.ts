import type { UpstreamConfig } from '../config';
import { GatewayError } from '../errors';
import type { ListingCredentials, ListingParams } from './group-listings';
import { GroupListingsClient } from './group-listings';
import type { UpstreamHttp } from './http';
import { checkId } from './inputs';
import type { ListingOperationSpec } from './list-operations';
import {
  parseAccounts,
  parseAuthGrant,
  parseCreatedDataBroker,
  parseDataBrokers,
  parseGroups,
  parseListingStart,
  parseMessages,
} from './parse';
import { RelationshipsClient } from './relationships-client';
import { ReportsClient } from './reports';
import type {
  AuthGrant,
  Caller,
  CreatedDataBroker,
  DataBrokerType,
  FeedMessage,
  ListingOperation,
  ListingStart,
  UpstreamAccount,
  UpstreamDataBroker,
  UpstreamGroup,
} from './types';

/** Client ids of the token service (UPSTREAM.md): password grant, and refresh-token grant. */
export const PASSWORD_CLIENT_ID = 'UaVhOIXMWQs5i1WdDxauXe5Mqkb34NJQ';
export const REFRESH_CLIENT_ID = 'Mu0V1ywgYteI6w1MbD15fKfVIUrNXGWC';
const AUDIENCE = 'https://api.cloud.netapp.com';

// Re-exported for the callers that check an id before they reach this client.
export { checkId };

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * One typed method per Cloud Sync endpoint the gateway uses. Every method takes the caller's
 * credentials as an argument: the client itself holds none.
 */
export class CloudSyncClient {
  readonly #http: UpstreamHttp;
  readonly #api: string;
  readonly #auth: string;
  /** Sync relationships, transfer stats and account information (relationships-client.ts). */
  readonly relationships: RelationshipsClient;
  /** Group-family list-* calls, from the registry (list-operations.ts). */
  readonly groupListings: GroupListingsClient;
  /** Data-discovery reports and the hosts known from relationships (reports.ts). */
  readonly reports: ReportsClient;

  constructor(http: UpstreamHttp, upstream: UpstreamConfig) {
    this.#http = http;
    this.#api = upstream.apiUrl;
    this.#auth = upstream.authUrl;
    this.relationships = new RelationshipsClient(http, upstream);
    this.groupListings = new GroupListingsClient(http, upstream);
    this.reports = new ReportsClient(http, upstream);
  }

  async accounts(caller: Caller): Promise<UpstreamAccount[]> {
    const { body } = await this.#http.send({
      method: 'GET',
      origin: this.#api,
      path: '/api/accounts',
      endpoint: 'accounts',
      caller,
    });
    return parseAccounts(body);
  }

  async dataBrokers(caller: Caller, accountId: string): Promise<UpstreamDataBroker[]> {
    const { body } = await this.#http.send({
      method: 'GET',
      origin: this.#api,
      path: '/api/data-brokers',
      endpoint: 'data-brokers',
      caller,
      accountId: checkId('accountId', accountId),
    });
    return parseDataBrokers(body);
  }

  async groups(caller: Caller, accountId: string): Promise<UpstreamGroup[]> {
    const { body } = await this.#http.send({
      method: 'GET',
      origin: this.#api,
      path: '/api/groups',
      endpoint: 'groups',
      caller,
      accountId: checkId('accountId', accountId),
    });
    return parseGroups(body);
  }

  async createDataBroker(
    caller: Caller,
    accountId: string,
    input: { name: string; type: DataBrokerType; groupId?: string | null },
  ): Promise<CreatedDataBroker> {
    const { body } = await this.#http.send({
      method: 'POST',
      origin: this.#api,
      path: '/api/data-brokers',
      endpoint: 'create-data-broker',
      caller,
      accountId: checkId('accountId', accountId),
      body: {
        name: input.name,
        type: input.type,
        ...(input.groupId ? { groupId: checkId('groupId', input.groupId) } : {}),
      },
    });
    return parseCreatedDataBroker(body);
  }

  async deleteDataBroker(caller: Caller, accountId: string, id: string): Promise<void> {
    await this.#http.send({
      method: 'DELETE',
      origin: this.#api,
      path: `/api/data-brokers/${checkId('id', id)}`,
      endpoint: 'delete-data-broker',
      caller,
      accountId: checkId('accountId', accountId),
    });
  }

  /**
   * Starts a listing: the upstream answers 202 and posts the result on the caller's feed (or, in a
   * 200, answers with the result itself). A failure that `neverTaken()` does not vouch for may have
   * reached the upstream: its answer may still come on the feed.
   */
  async startListing(
    caller: Caller,
    accountId: string,
    dataBrokerId: string,
    operation: ListingOperation,
    params: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<ListingStart> {
    const { body } = await this.#http.send({
      method: 'GET',
      origin: this.#api,
      path: withQuery(
        `/api/data-brokers/${checkId('dataBrokerId', dataBrokerId)}/${operation}`,
        params,
      ),
      endpoint: operation,
      caller,
      accountId: checkId('accountId', accountId),
      signal,
      // Not idempotent: a repeated call makes the broker post a second answer.
      retry: false,
      // A 200 may carry the listing itself.
      largeBody: true,
    });
    return parseListingStart(operation, body);
  }

  /** Starts a group-family listing of any registry operation (see GroupListingsClient). */
  startGroupListing(
    caller: Caller,
    accountId: string,
    groupId: string,
    operation: string | ListingOperationSpec,
    params: ListingParams,
    secrets: ListingCredentials,
    signal?: AbortSignal,
  ): Promise<ListingStart> {
    return this.groupListings.startGroupListing(
      caller,
      accountId,
      groupId,
      operation,
      params,
      secrets,
      signal,
    );
  }

  /** Without `last`: the synthetic init message carrying the queue head. With it: a long poll. */
  async messages(
    caller: Caller,
    accountId: string | null,
    last: string | null,
    options: { signal?: AbortSignal; deadlineMs?: number } = {},
  ): Promise<FeedMessage[]> {
    const { body } = await this.#http.send({
      method: 'GET',
      origin: this.#api,
      path: withQuery('/api/messages/client', { last: last ?? undefined }),
      endpoint: 'messages',
      caller,
      ...(accountId ? { accountId: checkId('accountId', accountId) } : {}),
      // Listing results arrive on the feed.
      largeBody: true,
      ...options,
    });
    return parseMessages(body);
  }

  async passwordGrant(
    username: string,
    password: string,
    clientId?: string | null,
  ): Promise<AuthGrant> {
    return this.#token({
      grant_type: 'password',
      username,
      password,
      audience: AUDIENCE,
      client_id: clientId || PASSWORD_CLIENT_ID,
      scope: 'profile',
    });
  }

  async refreshGrant(refreshToken: string, clientId?: string | null): Promise<AuthGrant> {
    return this.#token({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId || REFRESH_CLIENT_ID,
    });
  }

  async #token(body: Record<string, string>): Promise<AuthGrant> {
    try {
      const response = await this.#http.send({
        method: 'POST',
        origin: this.#auth,
        path: '/oauth/token',
        endpoint: 'oauth-token',
        body,
      });
      return parseAuthGrant(response.body);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      // Auth0 answers a wrong password with 403 invalid_grant: for a login that is "not authenticated".
      if (error.code === 'FORBIDDEN') throw new GatewayError('UNAUTHENTICATED', error.message);
      if (error.code === 'UNAUTHENTICATED') {
        throw new GatewayError(
          'UNAUTHENTICATED',
          'The token service refused the login: check the username, password and clientId',
        );
      }
      // The token service is its own origin (CLOUDSYNC_AUTH_URL): a fault there is named as such.
      if (error.code === 'UPSTREAM_UNAVAILABLE') {
        throw new GatewayError(
          'UPSTREAM_UNAVAILABLE',
          `${error.message.replace(/^Cloud Sync/, 'The token service')} (the gateway's CLOUDSYNC_AUTH_URL)`,
        );
      }
      throw error;
    }
  }
}
