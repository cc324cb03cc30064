import { checkRequired } from '../cloudsync/inputs';
import type { AuthGrant } from '../cloudsync/types';
import { builder } from './builder';

type AuthTokenModel = AuthGrant & { expiresAt: Date };

const AuthToken = builder.objectRef<AuthTokenModel>('AuthToken').implement({
  description:
    'An access token of the Cloud Sync token service. Send it as `Authorization: Bearer <accessToken>`. ' +
    'No refresh token comes back: to refresh, log in (or call refreshAccessToken) again.',
  fields: (t) => ({
    accessToken: t.exposeString('accessToken'),
    tokenType: t.exposeString('tokenType'),
    expiresIn: t.exposeInt('expiresIn', { description: 'Seconds from issue to expiry.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const withExpiry = (grant: AuthGrant): AuthTokenModel => ({
  ...grant,
  expiresAt: new Date(Date.now() + grant.expiresIn * 1000),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: AuthToken,
    description: 'Password grant of the token service. Needs no bearer token.',
    args: {
      username: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
      clientId: t.arg.string(),
    },
    resolve: async (_root, { username, password, clientId }, ctx) =>
      withExpiry(
        await ctx.cloudsync.passwordGrant(
          checkRequired('username', username),
          checkRequired('password', password),
          clientId,
        ),
      ),
  }),
  refreshAccessToken: t.field({
    type: AuthToken,
    description: 'Refresh-token grant (federated / SSO users). Needs no bearer token.',
    args: { refreshToken: t.arg.string({ required: true }), clientId: t.arg.string() },
    resolve: async (_root, { refreshToken, clientId }, ctx) =>
      withExpiry(
        await ctx.cloudsync.refreshGrant(checkRequired('refreshToken', refreshToken), clientId),
      ),
  }),
}));
