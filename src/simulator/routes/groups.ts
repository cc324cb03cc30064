import type { Reply } from '../http';
import { jsonReply } from '../http';
import type { RouteContext } from '../router';
import { requireAccount, requireSession } from './guards';

/** GET /api/groups: each group with its brokers. */
export function listGroups(ctx: RouteContext): Reply {
  const accountId = requireAccount(ctx, requireSession(ctx));
  const { relationships } = ctx.services;
  return jsonReply(
    200,
    ctx.services.store
      .groups(accountId)
      .map((group) => ({ ...group, relationships: relationships.idsOfGroup(accountId, group.id) })),
  );
}
