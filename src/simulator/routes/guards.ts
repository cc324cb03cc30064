import { fail } from '../http';
import type { RouteContext } from '../router';
import type { Session } from '../tokens';

export function headerValue(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The caller's session; 401 when the bearer token is missing, unknown or expired. */
export function requireSession(ctx: RouteContext): Session {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(ctx, 'authorization') ?? '');
  const token = match?.[1];
  const session = token === undefined ? undefined : ctx.services.tokens.find(token);
  if (!session) fail(401, 'Unauthorized');
  if (ctx.services.tokens.isExpired(session)) fail(401, 'TokenExpiredError: jwt expired');
  return session;
}

/** 403 unless the session's user may see the account. */
export function checkAccount(ctx: RouteContext, session: Session, accountId: string): void {
  if (!ctx.services.store.canSee(session.user, accountId)) fail(403, 'Forbidden');
}

/** The x-account-id header, required and checked. */
export function requireAccount(ctx: RouteContext, session: Session): string {
  const accountId = headerValue(ctx, 'x-account-id');
  if (!accountId) fail(400, 'x-account-id header is required');
  checkAccount(ctx, session, accountId);
  return accountId;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
