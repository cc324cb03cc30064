import type { Reply } from '../http';
import { emptyReply, fail, jsonReply } from '../http';
import { SYNC_RUNNING_MESSAGE } from '../relationships';
import type { Route, RouteContext } from '../router';
import { route } from '../router';
import { checkAccount, isRecord, requireAccount, requireSession } from './guards';

const NOT_FOUND = 'Relationship not found';

function headerAccount(ctx: RouteContext): string {
  return requireAccount(ctx, requireSession(ctx));
}

function pathAccount(ctx: RouteContext, params: Record<string, string>): string {
  const accountId = params.accountId ?? '';
  checkAccount(ctx, requireSession(ctx), accountId);
  return accountId;
}

/** GET /api/relationships-v2 (H) */
function listRelationships(ctx: RouteContext): Reply {
  return jsonReply(200, ctx.services.relationships.list(headerAccount(ctx)));
}

/** GET /api/relationships-v2/:id (H) */
function getRelationship(ctx: RouteContext, params: Record<string, string>): Reply {
  const found = ctx.services.relationships.get(headerAccount(ctx), params.id ?? '');
  if (!found) fail(404, NOT_FOUND);
  return jsonReply(200, found);
}

const BOOLEAN_SETTINGS = [
  'deleteOnSource',
  'deleteOnTarget',
  'objectTagging',
  'copyAcl',
  'copyData',
  'continuousSync',
];
const NUMBER_SETTINGS = ['gracePeriod', 'retries'];
const OBJECT_SETTINGS = [
  'fileTypes',
  'compareBy',
  'copyProperties',
  'files',
  'directories',
  'schedule',
  'notifications',
  'scheduleAbort',
];

function checkSettings(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) fail(400, 'body must be object');
  for (const [key, value] of Object.entries(body)) {
    if (BOOLEAN_SETTINGS.includes(key)) {
      if (typeof value !== 'boolean') fail(400, `body/${key} must be boolean`);
    } else if (NUMBER_SETTINGS.includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(400, `body/${key} must be number`);
      if (key === 'retries' && !Number.isInteger(value)) fail(400, 'body/retries must be integer');
    } else if (OBJECT_SETTINGS.includes(key)) {
      if (!isRecord(value)) fail(400, `body/${key} must be object`);
    } else {
      fail(400, 'body must NOT have additional properties');
    }
  }
  return body;
}

/** PUT /api/relationships-v2/:id (H): the Settings object; top-level shallow merge [assumed]. */
function updateSettings(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = headerAccount(ctx);
  const patch = checkSettings(ctx.body);
  const settings = ctx.services.relationships.updateSettings(accountId, params.id ?? '', patch);
  if (!settings) fail(404, NOT_FOUND);
  return jsonReply(200, settings);
}

/** PUT /api/accounts/:accountId/relationships/:id/tags {add:[{key,value}], remove:[key]} */
function updateTags(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = pathAccount(ctx, params);
  const body = ctx.body;
  if (!isRecord(body)) fail(400, 'body must be object');
  const add: { key: string; value: string }[] = [];
  if (body.add !== undefined) {
    if (!Array.isArray(body.add)) fail(400, 'body/add must be array');
    body.add.forEach((tag: unknown, index: number) => {
      if (!isRecord(tag) || typeof tag.key !== 'string' || typeof tag.value !== 'string')
        fail(400, `body/add/${index} must have string properties 'key' and 'value'`);
      add.push({ key: tag.key, value: tag.value });
    });
  }
  const remove: string[] = [];
  if (body.remove !== undefined) {
    if (!Array.isArray(body.remove)) fail(400, 'body/remove must be array');
    body.remove.forEach((key: unknown, index: number) => {
      if (typeof key !== 'string') fail(400, `body/remove/${index} must be string`);
      remove.push(key);
    });
  }
  if (!ctx.services.relationships.updateTags(accountId, params.id ?? '', add, remove))
    fail(404, NOT_FOUND);
  return emptyReply(200);
}

/** PUT /api/relationships/:id/sync (H): 202, or the exact 400 while a run is in progress. */
function syncRelationship(ctx: RouteContext, params: Record<string, string>): Reply {
  const outcome = ctx.services.relationships.sync(headerAccount(ctx), params.id ?? '');
  if (outcome === 'missing') fail(404, NOT_FOUND);
  if (outcome === 'running') fail(400, SYNC_RUNNING_MESSAGE);
  return emptyReply(202);
}

/** PUT /api/relationships/:id/abort (H): 202; idle is a no-op unless the abortWhenIdle knob is 400. */
function abortRelationship(ctx: RouteContext, params: Record<string, string>): Reply {
  const { relationships } = ctx.services;
  const outcome = relationships.abort(headerAccount(ctx), params.id ?? '');
  if (outcome === 'missing') fail(404, NOT_FOUND);
  if (outcome === 'idle' && relationships.knobs.abortWhenIdle === 400)
    fail(400, 'There is no running sync action to abort');
  return emptyReply(202);
}

/** DELETE /api/relationships/:id (H), deprecated: 200. */
function deleteRelationship(ctx: RouteContext, params: Record<string, string>): Reply {
  if (!ctx.services.relationships.delete(headerAccount(ctx), params.id ?? '')) fail(404, NOT_FOUND);
  return emptyReply(200);
}

/** Repeated keys (OpenAPI form/explode) and comma-separated values are both accepted. */
function idsOf(search: string): string[] {
  const ids = new URLSearchParams(search)
    .getAll('relationships')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return [...new Set(ids)];
}

/** DELETE /api/v2/accounts/:accountId/relationships?relationships=<id>…: 204, all or nothing [assumed]. */
function deleteRelationships(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = pathAccount(ctx, params);
  const ids = idsOf(ctx.search);
  if (ids.length === 0) fail(400, "querystring must have required property 'relationships'");
  const unknown = ctx.services.relationships.deleteMany(accountId, ids);
  if (unknown.length > 0) fail(404, `${NOT_FOUND}: ${unknown.join(',')}`);
  return emptyReply(204);
}

/** GET /api/accounts/relationships-stats (H) */
function relationshipStats(ctx: RouteContext): Reply {
  return jsonReply(200, ctx.services.relationships.stats(headerAccount(ctx)));
}

const SUBSCRIPTIONS = [
  {
    noCharge: false,
    daysLeftForTrial: 12,
    subscriptionType: 'PAYGO',
    subscriptionStatus: 'unsubscribed-init',
    subscriptionProvider: 'aws',
  },
  {
    noCharge: false,
    daysLeftForTrial: -1,
    subscriptionType: 'CONTRACT',
    subscriptionStatus: 'subscribe-success',
    subscriptionProvider: 'azure',
  },
];

/** GET /api/accounts/info[?noCreate=] (H): the seeded accounts all exist, so noCreate changes nothing. */
function accountInfo(ctx: RouteContext): Reply {
  const session = requireSession(ctx);
  const accountId = requireAccount(ctx, session);
  const accounts = ctx.services.store.accountsOf(session.user);
  const index = accounts.findIndex((item) => item.accountId === accountId);
  const plan = SUBSCRIPTIONS[Math.max(0, index) % SUBSCRIPTIONS.length];
  const account = accounts[index];
  return jsonReply(200, { accountId, name: account?.name ?? accountId, ...plan });
}

export const RELATIONSHIP_ROUTES: readonly Route[] = [
  route('GET', '/api/relationships-v2', listRelationships),
  route('GET', '/api/relationships-v2/:id', getRelationship),
  route('PUT', '/api/relationships-v2/:id', updateSettings),
  route('PUT', '/api/accounts/:accountId/relationships/:id/tags', updateTags),
  route('PUT', '/api/relationships/:id/sync', syncRelationship),
  route('PUT', '/api/relationships/:id/abort', abortRelationship),
  route('DELETE', '/api/relationships/:id', deleteRelationship),
  route('DELETE', '/api/v2/accounts/:accountId/relationships', deleteRelationships),
  route('GET', '/api/accounts/relationships-stats', relationshipStats),
  route('GET', '/api/accounts/info', accountInfo),
];
