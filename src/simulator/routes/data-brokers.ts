import type { Reply } from '../http';
import { emptyReply, fail, jsonReply } from '../http';
import type { DataBrokerType } from '../model';
import { DATA_BROKER_TYPES } from '../model';
import type { RouteContext } from '../router';
import type { CreateBrokerInput } from '../store';
import { isRecord, requireAccount, requireSession } from './guards';

/** GET /api/data-brokers */
export function listDataBrokers(ctx: RouteContext): Reply {
  const accountId = requireAccount(ctx, requireSession(ctx));
  return jsonReply(200, ctx.services.store.brokers(accountId));
}

function isBrokerType(value: unknown): value is DataBrokerType {
  return DATA_BROKER_TYPES.some((type) => type === value);
}

function createInput(body: unknown): CreateBrokerInput {
  if (!isRecord(body)) fail(400, 'body must be object');
  const { name, type, groupId } = body;
  if (name === undefined) fail(400, "body must have required property 'name'");
  if (typeof name !== 'string' || name.trim() === '')
    fail(400, 'body/name must be a non-empty string');
  if (type === undefined) fail(400, "body must have required property 'type'");
  if (!isBrokerType(type)) fail(400, 'body/type must be equal to one of the allowed values');
  if (groupId !== undefined && typeof groupId !== 'string')
    fail(400, 'body/groupId must be string');
  return groupId === undefined ? { name, type } : { name, type, groupId };
}

/** POST /api/data-brokers: a new pending broker, in a new group unless one is named. */
export function createDataBroker(ctx: RouteContext): Reply {
  const accountId = requireAccount(ctx, requireSession(ctx));
  const created = ctx.services.store.createBroker(accountId, createInput(ctx.body));
  if (!created) fail(404, 'Group not found');
  return jsonReply(200, created);
}

/** DELETE /api/data-brokers/:id */
export function deleteDataBroker(ctx: RouteContext, params: Record<string, string>): Reply {
  const accountId = requireAccount(ctx, requireSession(ctx));
  if (!ctx.services.store.deleteBroker(accountId, params.id ?? ''))
    fail(404, 'Data broker not found');
  return emptyReply(200);
}
