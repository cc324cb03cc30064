import { API_AUDIENCE, CLIENT_IDS } from '../credentials';
import type { Reply } from '../http';
import { HttpError, jsonReply } from '../http';
import type { SeedUser } from '../model';
import type { RouteContext } from '../router';
import { mintIdToken } from '../tokens';
import { isRecord } from './guards';

const PASSWORD_CLIENTS: readonly string[] = [CLIENT_IDS.docs, CLIENT_IDS.personal];
const KNOWN_CLIENTS: readonly string[] = [...PASSWORD_CLIENTS, CLIENT_IDS.refresh];
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** The token service answers Auth0-style: {"error", "error_description"}. */
function deny(status: number, error: string, description: string): never {
  throw new HttpError(jsonReply(status, { error, error_description: description }, NO_STORE));
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    deny(400, 'invalid_request', `Missing required parameter: ${name}`);
  }
  return value;
}

function passwordGrant(
  ctx: RouteContext,
  body: Record<string, unknown>,
  clientId: string,
): SeedUser {
  if (!PASSWORD_CLIENTS.includes(clientId)) {
    deny(403, 'unauthorized_client', "Grant type 'password' not allowed for the client.");
  }
  const username = stringField(body, 'username');
  const password = stringField(body, 'password');
  const audience = body.audience;
  if (audience !== undefined && audience !== API_AUDIENCE) {
    deny(403, 'access_denied', `Service not found: ${String(audience)}`);
  }
  const user = ctx.services.store.userByName(username);
  if (!user || user.password !== password) {
    deny(403, 'invalid_grant', 'Wrong email or password.');
  }
  return user;
}

function refreshGrant(
  ctx: RouteContext,
  body: Record<string, unknown>,
  clientId: string,
): SeedUser {
  if (clientId !== CLIENT_IDS.refresh) {
    deny(403, 'unauthorized_client', "Grant type 'refresh_token' not allowed for the client.");
  }
  const user = ctx.services.store.userByRefreshToken(stringField(body, 'refresh_token'));
  if (!user) deny(403, 'invalid_grant', 'Unknown or invalid refresh token.');
  return user;
}

/** POST /oauth/token: password grant (docs or personal client) and refresh-token grant. */
export function issueToken(ctx: RouteContext): Reply {
  const body = ctx.body;
  if (!isRecord(body)) deny(400, 'invalid_request', 'The request body must be a JSON object.');
  const grantType = stringField(body, 'grant_type');
  const clientId = body.client_id;
  if (typeof clientId !== 'string' || !KNOWN_CLIENTS.includes(clientId)) {
    deny(401, 'access_denied', 'Unauthorized');
  }
  let user: SeedUser;
  if (grantType === 'password') user = passwordGrant(ctx, body, clientId);
  else if (grantType === 'refresh_token') user = refreshGrant(ctx, body, clientId);
  else deny(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);

  const ttl = ctx.services.knobs.tokenTtlSeconds;
  const session = ctx.services.tokens.issue(user, ttl);
  return jsonReply(
    200,
    {
      access_token: session.token,
      id_token: mintIdToken(user, clientId, ttl),
      scope: typeof body.scope === 'string' ? body.scope : 'profile',
      expires_in: ttl,
      token_type: 'Bearer',
    },
    NO_STORE,
  );
}
