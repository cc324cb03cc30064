import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_IDS, DEMO_USER, OTHER_USER } from '../../src/simulator/index';
import {
  call,
  decodeSegment,
  demoToken,
  login,
  OTHER,
  PRODUCTION,
  passwordGrant,
  sim,
  TEST,
} from './helpers';

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('token service', () => {
  it('issues a JWT-shaped bearer token for the password grant that the API accepts', async () => {
    const res = await passwordGrant(DEMO_USER.username, DEMO_USER.password);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'profile' });
    expect(typeof body.id_token).toBe('string');
    const token = String(body.access_token);
    const [header, payload, signature] = token.split('.');
    expect(decodeSegment(header)).toEqual({ alg: 'RS256', typ: 'JWT' });
    const claims = decodeSegment(payload);
    expect(claims.aud).toBe('https://api.cloud.netapp.com');
    expect(typeof claims.sub).toBe('string');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(86400);
    expect(signature?.length).toBeGreaterThan(100);

    const accounts = await call('/api/accounts', { token });
    expect(accounts.status).toBe(200);
  });

  it('accepts the personal-accounts client for the password grant', async () => {
    const res = await passwordGrant(OTHER_USER.username, OTHER_USER.password, CLIENT_IDS.personal);
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const accounts = await (await call('/api/accounts', { token: access_token })).json();
    expect(accounts).toEqual([{ accountId: OTHER, name: 'Other Co' }]);
  });

  it('issues a token for the refresh-token grant with the refresh client only', async () => {
    const ok = await login({
      grant_type: 'refresh_token',
      refresh_token: DEMO_USER.refreshToken,
      client_id: CLIENT_IDS.refresh,
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { token_type: string }).token_type).toBe('Bearer');

    const wrongClient = await login({
      grant_type: 'refresh_token',
      refresh_token: DEMO_USER.refreshToken,
      client_id: CLIENT_IDS.docs,
    });
    expect(wrongClient.status).toBe(403);

    const unknownToken = await login({
      grant_type: 'refresh_token',
      refresh_token: 'v1.nope',
      client_id: CLIENT_IDS.refresh,
    });
    expect(unknownToken.status).toBe(403);
    expect(((await unknownToken.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('answers a wrong password with 403 invalid_grant', async () => {
    const res = await passwordGrant(DEMO_USER.username, 'not-the-password');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Wrong email or password.',
    });
  });

  it('answers an unknown client with 401 access_denied', async () => {
    const res = await passwordGrant(DEMO_USER.username, DEMO_USER.password, 'unknown-client');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
  });

  it('answers a body that is not a JSON object, or lacks grant_type, with 400', async () => {
    expect((await login('grant_type=password')).status).toBe(400);
    expect((await login({ client_id: CLIENT_IDS.docs })).status).toBe(400);
  });
});

describe('authorization', () => {
  it('answers 401 without a token, with an unknown token, and with a forged one', async () => {
    const missing = await call('/api/accounts');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await missing.json()).toEqual({ code: 401, message: 'Unauthorized' });

    expect((await call('/api/accounts', { token: 'garbage' })).status).toBe(401);

    // Same shape and claims as the other user's real token, but never issued by the simulator.
    const real = sim.issueToken(OTHER_USER.username).split('.');
    const forged = `${real[0]}.${real[1]}.${Buffer.from('forged').toString('base64url')}`;
    const res = await call('/api/data-brokers', { token: forged, account: OTHER });
    expect(res.status).toBe(401);
  });

  it('answers an expired token with TokenExpiredError', async () => {
    const token = demoToken();
    expect((await call('/api/accounts', { token })).status).toBe(200);
    sim.expireToken(token);
    const res = await call('/api/accounts', { token });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 401, message: 'TokenExpiredError: jwt expired' });

    const shortLived = sim.issueToken(DEMO_USER.username, { ttlSeconds: 0 });
    expect(
      ((await (await call('/api/accounts', { token: shortLived })).json()) as { message: string })
        .message,
    ).toBe('TokenExpiredError: jwt expired');
  });

  it("lists only the caller's accounts", async () => {
    const res = await call('/api/accounts', { token: demoToken() });
    expect(await res.json()).toEqual([
      { accountId: TEST, name: 'Test' },
      { accountId: PRODUCTION, name: 'Production' },
    ]);
  });

  it('requires x-account-id (400) and refuses an account the user cannot see (403)', async () => {
    const token = demoToken();
    const missing = await call('/api/data-brokers', { token });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ code: 400, message: 'x-account-id header is required' });

    const foreign = await call('/api/data-brokers', { token, account: OTHER });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ code: 403, message: 'Forbidden' });

    const unknown = await call('/api/groups', { token, account: 'account-nope0000' });
    expect(unknown.status).toBe(403);
  });

  it('answers an unknown route with a 404 error body', async () => {
    const res = await call('/api/data-brokers/x/y', { token: demoToken(), account: TEST });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(404);
    expect(typeof body.message).toBe('string');
    expect((await call('/nowhere')).status).toBe(404);
  });
});
