import type { Reply } from '../http';
import { jsonReply } from '../http';
import type { RouteContext } from '../router';
import { requireSession } from './guards';

/** GET /api/accounts: the caller's accounts; takes no account header. */
export function listAccounts(ctx: RouteContext): Reply {
  const session = requireSession(ctx);
  const accounts = ctx.services.store.accountsOf(session.user);
  return jsonReply(
    200,
    accounts.map(({ accountId, name }) => ({ accountId, name })),
  );
}
