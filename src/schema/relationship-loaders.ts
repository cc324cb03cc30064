import DataLoader from 'dataloader';
import type {
  AccountSubscription,
  TransferStats,
  UpstreamRelationship,
} from '../cloudsync/relationship-types';
import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import type { Loaders } from '../loaders';

/**
 * The relationship reads of one request (or one subscription event): however many fields ask, one
 * `GET /api/relationships-v2` per (request, account). Tied to the request's Loaders object, so a
 * subscription's per-event refresh refreshes these too.
 */
export interface RelationshipLoaders {
  list: DataLoader<string, UpstreamRelationship[]>;
  /** Accounts whose list was asked for in this request. */
  listed: Set<string>;
  /** Key: JSON [accountId, id]. Null when the relationship does not exist (404). */
  byId: DataLoader<string, UpstreamRelationship | null>;
  transferStats: DataLoader<string, TransferStats>;
  subscription: DataLoader<string, AccountSubscription>;
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

const perRequest = new WeakMap<Loaders, RelationshipLoaders>();

export function relationshipLoaders(ctx: GatewayContext): RelationshipLoaders {
  const base = ctx.loaders();
  let found = perRequest.get(base);
  if (found) return found;
  const caller = ctx.requireCaller();
  const client = ctx.cloudsync.relationships;
  const each = <K, V>(load: (key: K) => Promise<V>) =>
    new DataLoader<K, V>((keys) => Promise.all(keys.map((key) => load(key).catch(asError))));
  const listed = new Set<string>();
  const list = each((accountId: string) => client.listRelationships(caller, accountId));
  found = {
    list,
    listed,
    byId: each(async (key: string) => {
      const [accountId, id] = JSON.parse(key) as [string, string];
      try {
        return await client.getRelationship(caller, accountId, id);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    }),
    transferStats: each((accountId: string) => client.transferStats(caller, accountId)),
    subscription: each((accountId: string) => client.accountInfo(caller, accountId)),
  };
  perRequest.set(base, found);
  return found;
}

/** Every relationship of the account (one GET per request and account). */
export function loadRelationships(
  ctx: GatewayContext,
  accountId: string,
): Promise<UpstreamRelationship[]> {
  const loaders = relationshipLoaders(ctx);
  loaders.listed.add(accountId);
  return loaders.list.load(accountId);
}

/**
 * One relationship, null when unknown: from the account's list when this request already asked for
 * it, else `GET /api/relationships-v2/{id}`.
 */
export async function loadRelationship(
  ctx: GatewayContext,
  accountId: string,
  id: string,
): Promise<UpstreamRelationship | null> {
  const loaders = relationshipLoaders(ctx);
  if (loaders.listed.has(accountId)) {
    return (await loaders.list.load(accountId)).find((rel) => rel.id === id) ?? null;
  }
  return loaders.byId.load(JSON.stringify([accountId, id]));
}

/** After a write: what this request read of the account's relationships is stale. */
export function forgetRelationships(ctx: GatewayContext, accountId: string, id?: string): void {
  const loaders = relationshipLoaders(ctx);
  loaders.list.clear(accountId);
  loaders.listed.delete(accountId);
  if (id !== undefined) loaders.byId.clear(JSON.stringify([accountId, id]));
}
