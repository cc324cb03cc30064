import type { Reply } from '../http';
import { emptyReply, fail, jsonReply } from '../http';
import type { ListingOperation } from '../listing-results';
import { nfsExportFolders, nfsExports, s3Buckets } from '../listing-results';
import type { Handler, RouteContext } from '../router';
import type { Session } from '../tokens';
import { checkAccount, requireAccount, requireSession } from './guards';

const NFS_VERSIONS = ['3', '4.0', '4.1', '4.2'];

interface OperationSpec {
  required: string[];
  result(ctx: RouteContext, accountId: string): unknown;
}

const OPERATIONS: Record<ListingOperation, OperationSpec> = {
  'list-s3-buckets': {
    required: [],
    result: (ctx, accountId) => s3Buckets(ctx.services.store, accountId),
  },
  'list-nfs-exports': {
    required: ['host'],
    result: (ctx) => nfsExports(ctx.services.store, ctx.query.host ?? ''),
  },
  'list-nfs-export-folders': {
    required: ['host', 'exportName'],
    result: (ctx) =>
      nfsExportFolders(
        ctx.services.store,
        ctx.query.host ?? '',
        ctx.query.exportName ?? '',
        ctx.query.path,
      ),
  },
};

export const LISTING_OPERATIONS = Object.keys(OPERATIONS) as ListingOperation[];

function checkQuery(ctx: RouteContext, spec: OperationSpec): void {
  for (const name of spec.required) {
    if (!ctx.query[name]) fail(400, `querystring must have required property '${name}'`);
  }
  const version = ctx.query.version;
  if (version !== undefined && !NFS_VERSIONS.includes(version)) {
    fail(400, 'querystring/version must be equal to one of the allowed values');
  }
}

/** 202 now; the result goes to the caller's queue after the listing delay (see ListingReply). */
async function startListing(
  ctx: RouteContext,
  session: Session,
  operation: ListingOperation,
  accountId: string,
  agent: { id: string; groupId: string; status?: string },
): Promise<Reply> {
  const { listings, knobs } = ctx.services;
  // An offline or not yet connected broker never hears of the call, so nothing ever comes back.
  if (agent.status !== 'COMPLETE' && !knobs.offlineBrokersAnswer) return emptyReply(202);
  const result = OPERATIONS[operation].result(ctx, accountId);
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

/** GET /api/data-brokers/:id/<operation> (account from x-account-id). */
export function brokerListing(operation: ListingOperation): Handler {
  return (ctx, params) => {
    const session = requireSession(ctx);
    const accountId = requireAccount(ctx, session);
    checkQuery(ctx, OPERATIONS[operation]);
    const broker = ctx.services.store.findBroker(accountId, params.id ?? '');
    if (!broker) fail(404, 'Data broker not found');
    return startListing(ctx, session, operation, accountId, broker);
  };
}

/** GET /api/accounts/:accountId/groups/:groupId/<operation>: one broker of the group answers. */
export function groupListing(operation: ListingOperation): Handler {
  return (ctx, params) => {
    const session = requireSession(ctx);
    const accountId = params.accountId ?? '';
    checkAccount(ctx, session, accountId);
    checkQuery(ctx, OPERATIONS[operation]);
    const { store } = ctx.services;
    const group = store.findGroup(accountId, params.groupId ?? '');
    if (!group) fail(404, 'Group not found');
    const agent = store.groupAgent(group.id);
    if (!agent) fail(400, 'The group has no data brokers');
    return startListing(ctx, session, operation, accountId, agent);
  };
}
