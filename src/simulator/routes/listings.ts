import type { Reply } from '../http';
import { emptyReply, fail, jsonReply } from '../http';
import type { ListingCall, SimListingOperation } from '../listing-operations';
import {
  CIFS_VERSIONS,
  NFS_VERSIONS,
  plainStrings,
  SIM_LISTING_OPERATIONS,
} from '../listing-operations';
import type { Handler, RouteContext } from '../router';
import { STORAGE_WORLD } from '../storage-world';
import type { Session } from '../tokens';
import { checkAccount, headerValue, requireAccount, requireSession } from './guards';

export { SIM_LISTING_OPERATIONS };
export const LISTING_OPERATIONS = SIM_LISTING_OPERATIONS.map((operation) => operation.name);

const INTEGER = /^-?\d+$/;

/** Fastify-style 400s for the query string and headers the OpenAPI declares. */
function checkRequest(ctx: RouteContext, spec: SimListingOperation): void {
  for (const param of spec.query) {
    const value = ctx.query[param.name];
    if (!value) {
      if (param.required) fail(400, `querystring must have required property '${param.name}'`);
      continue;
    }
    const where = `querystring/${param.name}`;
    switch (param.type) {
      case 'port': {
        if (!INTEGER.test(value)) fail(400, `${where} must be integer`);
        if (Number(value) < 1) fail(400, `${where} must be >= 1`);
        if (Number(value) > 65_535) fail(400, `${where} must be <= 65535`);
        break;
      }
      case 'boolean':
        if (value !== 'true' && value !== 'false') fail(400, `${where} must be boolean`);
        break;
      case 'nfsVersion':
      case 'cifsVersion':
        if (!(param.type === 'nfsVersion' ? NFS_VERSIONS : CIFS_VERSIONS).includes(value)) {
          fail(400, `${where} must be equal to one of the allowed values`);
        }
        break;
      default:
        break;
    }
  }
  for (const header of spec.headers) {
    if (header.required && !headerValue(ctx, header.name)) {
      // The name only: a header's value may be a credential.
      fail(400, `headers must have required property '${header.name}'`);
    }
  }
}

function listingCall(ctx: RouteContext, accountId: string): ListingCall {
  return {
    store: ctx.services.store,
    world: STORAGE_WORLD,
    accountId,
    query: ctx.query,
    header: (name) => headerValue(ctx, name),
  };
}

/** 202 now; the result goes to the caller's queue after the listing delay (see ListingReply). */
async function startListing(
  ctx: RouteContext,
  session: Session,
  spec: SimListingOperation,
  accountId: string,
  agent: { id: string; groupId: string; status?: string },
): Promise<Reply> {
  const { listings, knobs } = ctx.services;
  const operation = spec.name;
  // An offline or not yet connected broker never hears of the call, so nothing ever comes back.
  if (agent.status !== 'COMPLETE' && !knobs.offlineBrokersAnswer) return emptyReply(202);
  const computed = spec.result(listingCall(ctx, accountId));
  const result = knobs.plainStrings ? plainStrings(computed) : computed;
  const custom = listings.reply;
  if (custom?.direct) {
    await listings.replyDelay(ctx.signal);
    return jsonReply(
      custom.status ?? 200,
      custom.direct === 'bare' ? result : { [operation]: result },
    );
  }
  const requestId = listings.submit({
    token: session.token,
    operation,
    agentId: agent.id,
    groupId: agent.groupId,
    result,
  });
  await listings.replyDelay(ctx.signal);
  if (custom?.body !== undefined) {
    const status = custom.status ?? 200;
    return typeof custom.body === 'string'
      ? { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: custom.body }
      : jsonReply(status, custom.body);
  }
  if (custom?.status !== undefined) return emptyReply(custom.status);
  return listings.requestIdIn202 ? jsonReply(202, { requestId }) : emptyReply(202);
}

/**
 * GET /api/data-brokers/:id/<operation> (account from x-account-id), or for list-s3-private-links
 * GET /api/accounts/:accountId/data-brokers/:id/<operation>: the named broker answers.
 */
export function brokerListing(spec: SimListingOperation): Handler {
  return (ctx, params) => {
    const session = requireSession(ctx);
    let accountId: string;
    if (params.accountId !== undefined) {
      accountId = params.accountId;
      checkAccount(ctx, session, accountId);
    } else {
      accountId = requireAccount(ctx, session);
    }
    checkRequest(ctx, spec);
    const broker = ctx.services.store.findBroker(accountId, params.id ?? '');
    if (!broker) fail(404, 'Data broker not found');
    return startListing(ctx, session, spec, accountId, broker);
  };
}

/**
 * GET /api/accounts/:accountId/groups/:groupId/<operation>: a COMPLETE broker of the group, chosen
 * round-robin, answers (so its agentId cannot be predicted); with none online, the first member.
 */
export function groupListing(spec: SimListingOperation): Handler {
  return (ctx, params) => {
    const session = requireSession(ctx);
    const accountId = params.accountId ?? '';
    checkAccount(ctx, session, accountId);
    checkRequest(ctx, spec);
    const { store, listings } = ctx.services;
    const group = store.findGroup(accountId, params.groupId ?? '');
    if (!group) fail(404, 'Group not found');
    const members = store.brokers(accountId).filter((broker) => broker.groupId === group.id);
    const online = members.filter((broker) => broker.status === 'COMPLETE');
    const agent = online.length > 0 ? listings.nextAgent(group.id, online) : members[0];
    if (!agent) fail(400, 'The group has no data brokers');
    return startListing(ctx, session, spec, accountId, agent);
  };
}
