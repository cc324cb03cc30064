import type { UpstreamConfig } from '../config';
import { GatewayError } from '../errors';
import { checkId } from './client';
import type { MappedEndpoint } from './endpoint-input';
import { revealBody, secretsOf } from './endpoint-input';
import type { UpstreamHttp, UpstreamRequest } from './http';
import {
  parseAccountInfo,
  parseRelationship,
  parseRelationships,
  parseSettings,
  parseTransferStats,
} from './parse-relationships';
import type {
  AccountSubscription,
  RelationshipSettings,
  RelationshipTag,
  TransferStats,
  UpstreamRelationship,
} from './relationship-types';
import { redactSecrets } from './secret-value';
import type { Caller } from './types';

/** The upstream's answer to a sync while a run is in progress (JB, verbatim). */
export const SYNC_ALREADY_RUNNING_MESSAGE =
  'A sync action is running right now, can not run another action';

/**
 * A 400 (or 409/422) the upstream gave a mutation, its message kept verbatim. A resolver turns it into
 * a userError: `reason` SYNC_ALREADY_RUNNING for the sync-while-running answer, else REJECTED (which
 * the resolver names ABORT_REJECTED or UPSTREAM_REJECTED). Left unhandled it is a BAD_USER_INPUT.
 */
export class UpstreamRejectedError extends GatewayError {
  readonly reason: 'SYNC_ALREADY_RUNNING' | 'REJECTED';
  readonly upstreamMessage: string;

  constructor(reason: 'SYNC_ALREADY_RUNNING' | 'REJECTED', message: string) {
    super('BAD_USER_INPUT', message);
    this.name = 'UpstreamRejectedError';
    this.reason = reason;
    this.upstreamMessage = message;
  }
}

export const isSyncAlreadyRunning = (error: unknown): boolean =>
  error instanceof UpstreamRejectedError && error.reason === 'SYNC_ALREADY_RUNNING';

function rejected(error: unknown): unknown {
  if (!(error instanceof GatewayError) || error.code !== 'BAD_USER_INPUT') return error;
  const message = error.message;
  return message.startsWith('A sync action is running')
    ? new UpstreamRejectedError('SYNC_ALREADY_RUNNING', message)
    : new UpstreamRejectedError('REJECTED', message);
}

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * The relationship endpoints of Cloud Sync. Ids are checked before any call (checkId); no mutation is
 * ever retried (UpstreamHttp retries GETs only); a 400 on a mutation becomes UpstreamRejectedError.
 */
export class RelationshipsClient {
  readonly #http: UpstreamHttp;
  readonly #api: string;

  constructor(http: UpstreamHttp, upstream: Pick<UpstreamConfig, 'apiUrl'>) {
    this.#http = http;
    this.#api = upstream.apiUrl;
  }

  #send(
    request: Omit<UpstreamRequest, 'origin'>,
    options: CallOptions,
  ): ReturnType<UpstreamHttp['send']> {
    return this.#http.send({
      ...request,
      origin: this.#api,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  async #mutate(
    request: Omit<UpstreamRequest, 'origin'>,
    options: CallOptions,
  ): ReturnType<UpstreamHttp['send']> {
    try {
      return await this.#send(request, options);
    } catch (error) {
      throw rejected(error);
    }
  }

  /** GET /api/relationships-v2: every relationship of the account (no paging upstream). */
  async listRelationships(
    caller: Caller,
    accountId: string,
    options: CallOptions = {},
  ): Promise<UpstreamRelationship[]> {
    const { body } = await this.#send(
      {
        method: 'GET',
        path: '/api/relationships-v2',
        endpoint: 'relationships',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
    return parseRelationships(body);
  }

  /** GET /api/relationships-v2/{id}; a 404 is GatewayError NOT_FOUND. */
  async getRelationship(
    caller: Caller,
    accountId: string,
    id: string,
    options: CallOptions = {},
  ): Promise<UpstreamRelationship> {
    const { body } = await this.#send(
      {
        method: 'GET',
        path: `/api/relationships-v2/${checkId('id', id)}`,
        endpoint: 'relationship',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
    return parseRelationship(body);
  }

  /**
   * PUT /api/relationships-v2/{id} with the whole settings object (build it with mergeSettings over
   * the settings read). Answers the settings as upstream now has them.
   */
  async updateRelationshipSettings(
    caller: Caller,
    accountId: string,
    id: string,
    settings: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<RelationshipSettings | null> {
    const { body } = await this.#mutate(
      {
        method: 'PUT',
        path: `/api/relationships-v2/${checkId('id', id)}`,
        endpoint: 'relationship-settings',
        caller,
        accountId: checkId('accountId', accountId),
        body: settings,
      },
      options,
    );
    return parseSettings(body);
  }

  /** PUT /api/accounts/{a}/relationships/{id}/tags {add, remove}: add replaces by key. */
  async updateRelationshipTags(
    caller: Caller,
    accountId: string,
    id: string,
    change: { add?: readonly RelationshipTag[]; remove?: readonly string[] },
    options: CallOptions = {},
  ): Promise<void> {
    const account = checkId('accountId', accountId);
    await this.#mutate(
      {
        method: 'PUT',
        path: `/api/accounts/${account}/relationships/${checkId('id', id)}/tags`,
        endpoint: 'relationship-tags',
        caller,
        body: {
          add: (change.add ?? []).map(({ key, value }) => ({ key, value })),
          remove: [...(change.remove ?? [])],
        },
      },
      options,
    );
  }

  /** PUT /api/relationships/{id}/sync: 202. While a run is in progress: UpstreamRejectedError SYNC_ALREADY_RUNNING. */
  async syncRelationship(
    caller: Caller,
    accountId: string,
    id: string,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#mutate(
      {
        method: 'PUT',
        path: `/api/relationships/${checkId('id', id)}/sync`,
        endpoint: 'relationship-sync',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
  }

  /** PUT /api/relationships/{id}/abort: 202. */
  async abortRelationship(
    caller: Caller,
    accountId: string,
    id: string,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#mutate(
      {
        method: 'PUT',
        path: `/api/relationships/${checkId('id', id)}/abort`,
        endpoint: 'relationship-abort',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
  }

  /** DELETE /api/relationships/{id} (deprecated v1; RELATIONSHIP_DELETE_API=v1). */
  async deleteRelationship(
    caller: Caller,
    accountId: string,
    id: string,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#mutate(
      {
        method: 'DELETE',
        path: `/api/relationships/${checkId('id', id)}`,
        endpoint: 'relationship-delete',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
  }

  /** One DELETE /api/v2/accounts/{a}/relationships?relationships=<id>&relationships=<id>… (204). */
  async deleteRelationships(
    caller: Caller,
    accountId: string,
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<void> {
    const account = checkId('accountId', accountId);
    if (ids.length === 0) return;
    const query = new URLSearchParams();
    for (const id of ids) query.append('relationships', checkId('id', id));
    await this.#mutate(
      {
        method: 'DELETE',
        path: `/api/v2/accounts/${account}/relationships?${query.toString()}`,
        endpoint: 'relationships-delete',
        caller,
      },
      options,
    );
  }

  /** A write whose body carries credentials: revealed only here, and redacted from a refusal. */
  async #mutateWithSecrets(
    request: Omit<UpstreamRequest, 'origin'> & { body: Record<string, unknown> },
    options: CallOptions,
  ): ReturnType<UpstreamHttp['send']> {
    const secrets = secretsOf(request.body);
    try {
      return await this.#mutate({ ...request, body: revealBody(request.body) }, options);
    } catch (error) {
      if (error instanceof UpstreamRejectedError) {
        throw new UpstreamRejectedError(
          error.reason,
          redactSecrets(error.upstreamMessage, secrets),
        );
      }
      throw error;
    }
  }

  /**
   * POST /api/relationships-v2 (202 with the Relationship). Credentials go top-level
   * (`sourceCredentials`/`targetCredentials`) and inside the endpoint where SPEC has them there.
   */
  async createRelationship(
    caller: Caller,
    accountId: string,
    input: {
      groupId: string;
      source: MappedEndpoint;
      target: MappedEndpoint;
      settings?: Record<string, unknown> | null;
      tags?: readonly RelationshipTag[];
    },
    options: CallOptions = {},
  ): Promise<UpstreamRelationship> {
    const body: Record<string, unknown> = {
      groupId: checkId('groupId', input.groupId),
      source: input.source.endpoint,
      target: input.target.endpoint,
    };
    if (input.source.credentials) body.sourceCredentials = input.source.credentials;
    if (input.target.credentials) body.targetCredentials = input.target.credentials;
    if (input.settings && Object.keys(input.settings).length > 0) body.settings = input.settings;
    if (input.tags && input.tags.length > 0) {
      body.tags = input.tags.map(({ key, value }) => ({ key, value }));
    }
    const { body: answer } = await this.#mutateWithSecrets(
      {
        method: 'POST',
        path: '/api/relationships-v2',
        endpoint: 'relationship-create',
        caller,
        accountId: checkId('accountId', accountId),
        body,
      },
      options,
    );
    return parseRelationship(answer);
  }

  /** PUT /api/accounts/{a}/relationships/{id}/credentials {source?, target?}: 202. */
  async updateRelationshipCredentials(
    caller: Caller,
    accountId: string,
    id: string,
    credentials: {
      source?: Record<string, unknown> | null;
      target?: Record<string, unknown> | null;
    },
    options: CallOptions = {},
  ): Promise<void> {
    const account = checkId('accountId', accountId);
    const body: Record<string, unknown> = {};
    if (credentials.source) body.source = credentials.source;
    if (credentials.target) body.target = credentials.target;
    await this.#mutateWithSecrets(
      {
        method: 'PUT',
        path: `/api/accounts/${account}/relationships/${checkId('id', id)}/credentials`,
        endpoint: 'relationship-credentials',
        caller,
        body,
      },
      options,
    );
  }

  /** GET /api/accounts/relationships-stats */
  async transferStats(
    caller: Caller,
    accountId: string,
    options: CallOptions = {},
  ): Promise<TransferStats> {
    const { body } = await this.#send(
      {
        method: 'GET',
        path: '/api/accounts/relationships-stats',
        endpoint: 'relationships-stats',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
    return parseTransferStats(body);
  }

  /** GET /api/accounts/info?noCreate=true: a read never creates an account record. */
  async accountInfo(
    caller: Caller,
    accountId: string,
    options: CallOptions = {},
  ): Promise<AccountSubscription> {
    const { body } = await this.#send(
      {
        method: 'GET',
        path: '/api/accounts/info?noCreate=true',
        endpoint: 'account-info',
        caller,
        accountId: checkId('accountId', accountId),
      },
      options,
    );
    return parseAccountInfo(body);
  }
}
