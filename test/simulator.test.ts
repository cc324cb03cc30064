import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedMessage, Simulator } from '../src/simulator/index';
import {
  CLIENT_IDS,
  createSeed,
  createSimulator,
  DEMO_USER,
  OTHER_USER,
  SEED_IDS,
} from '../src/simulator/index';

const LONG_POLL_MS = 200;
const TEST = SEED_IDS.accounts.test;
const PRODUCTION = SEED_IDS.accounts.production;
const OTHER = SEED_IDS.accounts.other;
const AZURE = SEED_IDS.brokers.azure;

const sim = createSimulator({ listingDelayMs: 5, longPollMs: LONG_POLL_MS });

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

interface CallOptions {
  token?: string;
  account?: string;
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  redirect?: RequestRedirect;
}

function call(path: string, options: CallOptions = {}, target: Simulator = sim): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.account !== undefined) headers['x-account-id'] = options.account;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${target.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    redirect: options.redirect,
  });
}

function demoToken(target: Simulator = sim): string {
  return target.issueToken(DEMO_USER.username);
}

function login(body: unknown): Promise<Response> {
  return fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function passwordGrant(username: string, password: string, clientId: string = CLIENT_IDS.docs) {
  return login({
    grant_type: 'password',
    username,
    password,
    audience: 'https://api.cloud.netapp.com',
    client_id: clientId,
    scope: 'profile',
  });
}

async function poll(
  token: string,
  last: string | number,
  target: Simulator = sim,
): Promise<FeedMessage[]> {
  const res = await call(`/api/messages/client?last=${last}`, { token }, target);
  expect(res.status).toBe(200);
  return (await res.json()) as FeedMessage[];
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function decodeSegment(segment: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

function operationOf(message: FeedMessage): string | undefined {
  return Object.keys(message.payload)[0];
}

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

describe('data brokers and groups', () => {
  it('lists brokers of every type, pending and failed ones included', async () => {
    const res = await call('/api/data-brokers', { token: demoToken(), account: TEST });
    const brokers = (await res.json()) as Record<string, unknown>[];
    expect(new Set(brokers.map((broker) => broker.type))).toEqual(
      new Set(['AWS', 'AZURE', 'GCP', 'ONPREM']),
    );
    for (const broker of brokers) expect(broker.id).toMatch(/^[0-9a-f]{24}$/);

    const azure = brokers.find((broker) => broker.id === AZURE);
    expect(azure).toMatchObject({
      name: 'vmazjb1',
      type: 'AZURE',
      status: 'COMPLETE',
      transferRate: 1753.016,
      groupId: SEED_IDS.groups.azure,
    });
    expect(azure?.fileLink).toMatch(/^https:\/\/cf\.cloudsync\.netapp\.com\/[0-9a-f]{24}$/);
    expect((azure?.placement as Record<string, unknown> | undefined)?.cpus).toBe('4');
    expect(typeof azure?.lastPing).toBe('number');

    const pending = brokers.find((broker) => broker.id === SEED_IDS.brokers.onpremPending);
    expect(pending).toBeDefined();
    expect(pending).not.toHaveProperty('status');

    const failed = brokers.find((broker) => broker.id === SEED_IDS.brokers.awsFailed);
    expect(failed?.status).toBe('FAILED');
    expect(typeof failed?.message).toBe('string');
  });

  it('lists groups with their brokers', async () => {
    const res = await call('/api/groups', { token: demoToken(), account: TEST });
    const groups = (await res.json()) as {
      id: string;
      name: string;
      createdAt: string;
      dataBrokers: { id: string }[];
      relationships: unknown[];
    }[];
    const azure = groups.find((group) => group.id === SEED_IDS.groups.azure);
    expect(azure?.name).toBe('Azure East');
    expect(azure?.dataBrokers.map((broker) => broker.id)).toEqual([AZURE]);
    // Its sync relationships, by id (test/simulator-relationships.test.ts checks them).
    expect(azure?.relationships.length).toBeGreaterThan(0);
    for (const id of azure?.relationships ?? []) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Date(azure?.createdAt ?? '').toISOString()).toBe(azure?.createdAt);
  });

  it('creates a pending broker in a new group, or in the group named', async () => {
    const token = demoToken();
    const res = await call('/api/data-brokers', {
      token,
      account: TEST,
      method: 'POST',
      body: { name: 'new-broker', type: 'AWS' },
    });
    expect(res.status).toBe(200);
    const created = (await res.json()) as Record<string, string>;
    expect(created).toMatchObject({ name: 'new-broker', type: 'AWS' });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.groupId).toMatch(/^[0-9a-f]{24}$/);
    expect(created.fileLink).toMatch(/^https:\/\/cf\.cloudsync\.netapp\.com\//);
    expect(typeof created.latestVersion).toBe('string');

    const listed = (await (await call('/api/data-brokers', { token, account: TEST })).json()) as {
      id: string;
    }[];
    const mine = listed.find((broker) => broker.id === created.id);
    expect(mine).toBeDefined();
    expect(mine).not.toHaveProperty('status');
    const groups = (await (await call('/api/groups', { token, account: TEST })).json()) as {
      id: string;
    }[];
    expect(groups.map((group) => group.id)).toContain(created.groupId);

    const inGroup = await call('/api/data-brokers', {
      token,
      account: TEST,
      method: 'POST',
      body: { name: 'gcp-2', type: 'GCP', groupId: SEED_IDS.groups.gcp },
    });
    const second = (await inGroup.json()) as Record<string, unknown>;
    expect(second.groupId).toBe(SEED_IDS.groups.gcp);
    expect(second.template).toBeTypeOf('object');
  });

  it('rejects a bad create body (400) and an unknown group (404)', async () => {
    const token = demoToken();
    const post = (body: unknown) =>
      call('/api/data-brokers', { token, account: TEST, method: 'POST', body });
    expect((await post({ type: 'AWS' })).status).toBe(400);
    expect((await post({ name: 'x', type: 'IBM' })).status).toBe(400);
    expect((await post([])).status).toBe(400);
    const unknownGroup = await post({ name: 'x', type: 'AWS', groupId: SEED_IDS.groups.other });
    expect(unknownGroup.status).toBe(404);
  });

  it('deletes a broker, then answers 404 for it', async () => {
    const token = demoToken();
    const path = `/api/data-brokers/${SEED_IDS.brokers.gcp}`;
    expect((await call(path, { token, account: TEST, method: 'DELETE' })).status).toBe(200);
    const listed = (await (await call('/api/data-brokers', { token, account: TEST })).json()) as {
      id: string;
    }[];
    expect(listed.map((broker) => broker.id)).not.toContain(SEED_IDS.brokers.gcp);
    const again = await call(path, { token, account: TEST, method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ code: 404, message: 'Data broker not found' });
  });
});

describe('listings', () => {
  it('answers 202 and posts the result to the calling token queue', async () => {
    const token = demoToken();
    const bystander = demoToken();
    const head = sim.queueHead(token);
    const res = await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, { token, account: TEST });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');

    const [message, ...rest] = await poll(token, head);
    expect(rest).toEqual([]);
    expect(Number(message?.id)).toBe(Number(head) + 1);
    expect(message?.header.agentId).toBe(AZURE);
    expect(message?.header.groupId).toBe(SEED_IDS.groups.azure);
    expect(message?.header.clientId).toMatch(/^[0-9a-f]{24}$/);
    expect(message?.header.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const buckets = message?.payload['list-s3-buckets'] as unknown[];
    expect(buckets).toContainEqual({
      name: 'small',
      region: { name: 'us-west-2', displayName: 'US West (Oregon)' },
      tags: [{ Key: 'price', Value: '100$' }],
    });
    expect(sim.queueHead(bystander)).toBe(head);
    expect(sim.listCallCount('list-s3-buckets')).toBe(1);
    expect(sim.listCallCount('nfs-exports')).toBe(0);
  });

  it('lists NFS exports of a known host, and fails on an unknown one', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    const base = `/api/data-brokers/${SEED_IDS.brokers.onprem}/list-nfs-exports`;
    await call(`${base}?host=10.0.0.5`, { token, account: TEST });
    const [found] = await poll(token, head);
    expect(found?.payload['list-nfs-exports']).toEqual([{ path: '/vol1' }, { path: '/vol2' }]);

    await call(`${base}?host=10.0.0.9`, { token, account: TEST });
    const [failed] = await poll(token, found?.id ?? head);
    expect(failed?.payload['list-nfs-exports']).toEqual({
      error: { code: 'host_unreachable', message: 'mount: 10.0.0.9: connection timed out' },
    });
  });

  it('lists nested NFS folders relative to the export', async () => {
    const token = demoToken();
    const base = `/api/data-brokers/${AZURE}/list-nfs-export-folders?host=10.0.0.5&exportName=/vol1`;
    const folders = async (suffix: string) => {
      const head = sim.queueHead(token);
      expect((await call(`${base}${suffix}`, { token, account: TEST })).status).toBe(202);
      const [message] = await poll(token, head);
      return message?.payload['list-nfs-export-folders'];
    };
    expect(await folders('')).toEqual([
      { name: 'projects', path: 'projects' },
      { name: 'home', path: 'home' },
      { name: 'scratch', path: 'scratch' },
    ]);
    expect(await folders('&path=projects/alpha&version=4.1')).toEqual([
      { name: 'src', path: 'projects/alpha/src' },
      { name: 'docs', path: 'projects/alpha/docs' },
    ]);
    expect(await folders('&path=nope')).toMatchObject({ error: { code: 'path_not_found' } });
  });

  it('answers 400 for a missing parameter and 404 for an unknown broker', async () => {
    const token = demoToken();
    const missing = await call(`/api/data-brokers/${AZURE}/list-nfs-exports`, {
      token,
      account: TEST,
    });
    expect(missing.status).toBe(400);
    const noExport = await call(
      `/api/data-brokers/${AZURE}/list-nfs-export-folders?host=10.0.0.5`,
      {
        token,
        account: TEST,
      },
    );
    expect(noExport.status).toBe(400);
    const unknown = await call(`/api/data-brokers/${SEED_IDS.brokers.otherAws}/list-s3-buckets`, {
      token,
      account: TEST,
    });
    expect(unknown.status).toBe(404);
  });

  it('serves the group family: a broker of the group answers, with the group id', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    const group = SEED_IDS.groups.onprem;
    const res = await call(
      `/api/accounts/${TEST}/groups/${group}/list-nfs-exports?host=nfs.example.internal`,
      {
        token,
      },
    );
    expect(res.status).toBe(202);
    const [message] = await poll(token, head);
    expect(message?.header.groupId).toBe(group);
    expect(message?.header.agentId).toBe(SEED_IDS.brokers.onprem);
    expect(message?.payload['list-nfs-exports']).toEqual([
      { path: '/vol1' },
      { path: '/vol2' },
      { path: '/export/data' },
    ]);

    const foreign = await call(
      `/api/accounts/${OTHER}/groups/${SEED_IDS.groups.other}/list-s3-buckets`,
      {
        token,
      },
    );
    expect(foreign.status).toBe(403);
    const unknown = await call(
      `/api/accounts/${TEST}/groups/${SEED_IDS.groups.other}/list-s3-buckets`,
      {
        token,
      },
    );
    expect(unknown.status).toBe(404);
  });
});

describe('listing knobs', () => {
  const list = (token: string, query: string) =>
    call(`/api/data-brokers/${AZURE}/${query}`, { token, account: TEST });

  it('holds results until release, then posts them reversed', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    sim.setLongPoll(30);
    sim.holdListings();
    await list(token, 'list-nfs-exports?host=10.0.0.5');
    await list(token, 'list-s3-buckets');
    await list(token, 'list-nfs-exports?host=10.0.0.9');
    await until(() => sim.heldListingCount() === 3);
    expect(await poll(token, head)).toEqual([]);

    sim.releaseListings({ reverse: true });
    expect(sim.heldListingCount()).toBe(0);
    const messages = await poll(token, head);
    expect(messages.map(operationOf)).toEqual([
      'list-nfs-exports',
      'list-s3-buckets',
      'list-nfs-exports',
    ]);
    expect(messages[0]?.payload['list-nfs-exports']).toHaveProperty('error');
    expect(messages[2]?.payload['list-nfs-exports']).toEqual([
      { path: '/vol1' },
      { path: '/vol2' },
    ]);
    expect(messages.map((message) => Number(message.id))).toEqual([
      Number(head) + 1,
      Number(head) + 2,
      Number(head) + 3,
    ]);
  });

  it('fails the next N results with the given error', async () => {
    const token = demoToken();
    const head = Number(sim.queueHead(token));
    sim.failListings({ code: 'access_denied', message: 'no S3 permission' }, 2);
    for (let i = 0; i < 3; i++) await list(token, 'list-s3-buckets');
    await until(() => Number(sim.queueHead(token)) === head + 3);
    const messages = await poll(token, head);
    expect(messages.map((message) => message.payload['list-s3-buckets'])).toEqual([
      { error: { code: 'access_denied', message: 'no S3 permission' } },
      { error: { code: 'access_denied', message: 'no S3 permission' } },
      expect.any(Array),
    ]);
  });

  it('drops the next N results', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    sim.dropListings(1);
    await list(token, 'list-nfs-exports?host=10.0.0.5');
    await list(token, 'list-s3-buckets');
    const messages = await poll(token, head);
    expect(messages.map(operationOf)).toEqual(['list-s3-buckets']);
  });

  it('puts a request id in the 202 when asked, and the result carries it', async () => {
    const token = demoToken();
    const head = sim.queueHead(token);
    sim.setRequestIdIn202(true);
    const res = await list(token, 'list-s3-buckets');
    expect(res.status).toBe(202);
    const { requestId } = (await res.json()) as { requestId: string };
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [message] = await poll(token, head);
    expect(message?.header.requestId).toBe(requestId);
  });
});

describe('message feed', () => {
  it('answers without last with the init message carrying the head id', async () => {
    const token = demoToken();
    const res = await call('/api/messages/client', { token });
    expect(await res.json()).toEqual([
      {
        id: '5801',
        header: { requestId: 'init', clientId: 'init', agentId: 'init' },
        payload: { init: {} },
      },
    ]);
    expect((await call('/api/messages/client?last=abc', { token })).status).toBe(400);
    expect((await call('/api/messages/client', { token, account: OTHER })).status).toBe(403);
  });

  it('holds a long poll, then answers [] when nothing arrives', async () => {
    const token = demoToken();
    const started = Date.now();
    const pending = poll(token, sim.queueHead(token));
    await until(() => sim.pollsInFlight(token) === 1);
    expect(await pending).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LONG_POLL_MS - 20);
    expect(sim.pollsInFlight(token)).toBe(0);
  });

  it('wakes a held poll as soon as a message arrives', async () => {
    const token = demoToken();
    sim.setLongPoll(5000);
    const pending = poll(token, sim.queueHead(token));
    await until(() => sim.pollsInFlight(token) === 1);
    const started = Date.now();
    const id = sim.injectMessage(token, {
      operation: 'custom-op',
      agentId: AZURE,
      payload: { x: 1 },
    });
    const messages = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(messages).toEqual([
      {
        id,
        header: {
          requestId: expect.any(String),
          clientId: expect.stringMatching(/^[0-9a-f]{24}$/),
          agentId: AZURE,
        },
        payload: { 'custom-op': { x: 1 } },
      },
    ]);
  });

  it('forgets a held poll at once when its client goes away', async () => {
    const token = demoToken();
    sim.setLongPoll(5000);
    const controller = new AbortController();
    const pending = call(`/api/messages/client?last=${sim.queueHead(token)}`, {
      token,
      signal: controller.signal,
    });
    await until(() => sim.pollsInFlight(token) === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await until(() => sim.pollsInFlight() === 0, 500);
    expect(sim.maxPollsInFlight(token)).toBe(1);
  });

  it('tracks the high-water mark of concurrent polls until clearRequests', async () => {
    const token = demoToken();
    sim.setLongPoll(50);
    const head = sim.queueHead(token);
    await Promise.all([poll(token, head), poll(token, head), poll(demoToken(), head)]);
    expect(sim.maxPollsInFlight()).toBe(3);
    expect(sim.maxPollsInFlight(token)).toBe(2);
    sim.clearRequests();
    expect(sim.maxPollsInFlight()).toBe(0);
    expect(sim.requests).toEqual([]);
  });

  it('compares ids as numbers across 999 -> 1000', async () => {
    const local = createSimulator({ initialMessageId: 998, longPollMs: 50 });
    await local.start();
    try {
      const token = demoToken(local);
      const ids = [1, 2, 3].map((n) =>
        local.injectMessage(token, { operation: 'tick', payload: n }),
      );
      expect(ids).toEqual(['999', '1000', '1001']);
      expect((await poll(token, 998, local)).map((message) => message.id)).toEqual(ids);
      expect((await poll(token, 999, local)).map((message) => message.id)).toEqual([
        '1000',
        '1001',
      ]);
      expect((await poll(token, 1000, local)).map((message) => message.id)).toEqual(['1001']);
      expect(local.queueHead(token)).toBe('1001');
    } finally {
      await local.stop();
    }
  });

  it('keeps only the retention window', async () => {
    const local = createSimulator({ retention: 3, longPollMs: 50 });
    await local.start();
    try {
      const token = demoToken(local);
      for (let n = 0; n < 5; n++) local.injectMessage(token, { operation: 'tick', payload: n });
      const messages = await poll(token, 5801, local);
      expect(messages.map((message) => message.payload.tick)).toEqual([2, 3, 4]);
    } finally {
      await local.stop();
    }
  });

  it('broadcasts to every queue', async () => {
    const first = demoToken();
    const second = sim.issueToken(OTHER_USER.username);
    sim.broadcast({ operation: 'announcement', payload: { text: 'hello' } });
    for (const token of [first, second]) {
      const [message] = await poll(token, 5801);
      expect(message?.payload).toEqual({ announcement: { text: 'hello' } });
    }
  });
});

describe('faults', () => {
  it('answers a status fault for `times` requests, then normally, and records them all', async () => {
    const token = demoToken();
    sim.addFault({ path: '/api/accounts', kind: 'status', status: 503, times: 1 });
    const faulted = await call('/api/accounts', { token });
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toEqual({ code: 503, message: 'Service Unavailable' });
    expect((await call('/api/accounts', { token })).status).toBe(200);
    expect(sim.requests.map((request) => request.path)).toEqual(['/api/accounts', '/api/accounts']);
    expect(sim.requests[0]?.authorization).toBe(`Bearer ${token}`);
  });

  it('sends the headers and body given, and honours method and RegExp path', async () => {
    const token = demoToken();
    sim.addFault({
      method: 'GET',
      path: /^\/api\/data-brokers\/[0-9a-f]{24}\/list-/,
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '2' },
      body: { code: 429, message: 'Too Many Requests' },
    });
    const limited = await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, {
      token,
      account: TEST,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toEqual({ code: 429, message: 'Too Many Requests' });
    const deleted = await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, {
      token,
      account: TEST,
      method: 'DELETE',
    });
    expect(deleted.status).toBe(404);
    sim.clearFaults();
    expect(
      (await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, { token, account: TEST })).status,
    ).toBe(202);
  });

  it('answers 200 with a body that is not JSON', async () => {
    sim.addFault({ path: '/api/accounts', kind: 'badJson' });
    const res = await call('/api/accounts', { token: demoToken() });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('cuts a JSON body short and closes the socket', async () => {
    sim.addFault({ path: '/api/messages/client', kind: 'truncatedJson' });
    const res = await call('/api/messages/client?last=5801', { token: demoToken() });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('resets the connection without an answer', async () => {
    sim.addFault({ path: '/api/groups', kind: 'reset' });
    await expect(call('/api/groups', { token: demoToken(), account: TEST })).rejects.toThrow();
    expect(sim.requests).toHaveLength(1);
  });

  it('never answers, until reset()', async () => {
    sim.addFault({ path: '/api/groups', kind: 'noAnswer', times: 2 });
    const token = demoToken();
    const timedOut = call('/api/groups', {
      token,
      account: TEST,
      signal: AbortSignal.timeout(100),
    });
    await expect(timedOut).rejects.toThrow();
    const held = call('/api/groups', { token, account: TEST });
    await until(() => sim.requests.length === 2);
    sim.reset();
    await expect(held).rejects.toThrow();
  });

  it('sends headers late with slowHeaders', async () => {
    sim.addFault({ path: '/api/accounts', kind: 'slowHeaders', ms: 150 });
    const started = Date.now();
    const res = await call('/api/accounts', { token: demoToken() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
  });

  it('sends headers at once and the body late with slowBody', async () => {
    sim.addFault({ path: '/api/accounts', kind: 'slowBody', ms: 200 });
    const started = Date.now();
    const res = await call('/api/accounts', { token: demoToken() });
    const headersAt = Date.now() - started;
    const body = (await res.json()) as unknown[];
    const bodyAt = Date.now() - started;
    expect(headersAt).toBeLessThan(150);
    expect(bodyAt).toBeGreaterThanOrEqual(190);
    expect(body).toHaveLength(2);
  });

  it('redirects with a Location header', async () => {
    sim.addFault({
      path: '/api/accounts',
      kind: 'redirect',
      location: 'https://elsewhere.invalid/x',
    });
    const res = await call('/api/accounts', { token: demoToken(), redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://elsewhere.invalid/x');
  });
});

describe('lifecycle', () => {
  it('adds latency before every answer', async () => {
    sim.setLatency(120);
    const started = Date.now();
    await call('/api/accounts');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('reset() restores data, tokens, knobs and answers held polls with []', async () => {
    const token = demoToken();
    await call(`/api/data-brokers/${AZURE}`, { token, account: TEST, method: 'DELETE' });
    sim.setLatency(150);
    sim.setLongPoll(5000);
    const held = poll(token, sim.queueHead(token));
    await until(() => sim.pollsInFlight() === 1, 1500);
    sim.reset();
    expect(await held).toEqual([]);
    expect(sim.requests).toEqual([]);

    expect((await call('/api/accounts', { token })).status).toBe(401);
    const fresh = demoToken();
    const started = Date.now();
    const brokers = (await (
      await call('/api/data-brokers', { token: fresh, account: TEST })
    ).json()) as {
      id: string;
    }[];
    expect(Date.now() - started).toBeLessThan(140);
    expect(brokers.map((broker) => broker.id)).toContain(AZURE);
  });

  it('stop() closes the server and every held request', async () => {
    const local = createSimulator({ longPollMs: 60_000, listingDelayMs: 60_000 });
    await local.start();
    const url = local.url;
    const token = demoToken(local);
    await call(`/api/data-brokers/${AZURE}/list-s3-buckets`, { token, account: TEST }, local);
    local.addFault({ path: '/api/groups', kind: 'noAnswer' });
    // Settled into outcomes at once: they fail during stop(), before anything else awaits them.
    const outcome = (request: Promise<unknown>) =>
      request.then(
        () => 'answered',
        () => 'cut',
      );
    const held = outcome(call('/api/messages/client?last=5801', { token }, local));
    const stuck = outcome(call('/api/groups', { token, account: TEST }, local));
    await until(() => local.pollsInFlight() === 1 && local.requests.length === 3);
    await local.stop();
    expect(await held).toBe('cut');
    expect(await stuck).toBe('cut');
    await expect(fetch(`${url}/api/accounts`)).rejects.toThrow();
    expect(() => local.url).toThrow();
  });
});

describe('processes', () => {
  function run(
    args: string[],
    env: Record<string, string>,
    onLine?: (line: string, stop: () => void) => void,
  ): Promise<{ code: number | null; out: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
        cwd: process.cwd(),
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const killer = setTimeout(() => child.kill('SIGKILL'), 4000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        for (const line of chunk.toString().split('\n'))
          onLine?.(line, () => child.kill('SIGTERM'));
      });
      child.stderr.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, out, ms: Date.now() - started });
      });
    });
  }

  it('leaves nothing running after stop(): the process exits by itself', async () => {
    const script = `
      import { createSimulator, DEMO_USER } from './src/simulator/index.ts';
      const sim = createSimulator({ longPollMs: 60000, listingDelayMs: 60000 });
      await sim.start();
      const token = sim.issueToken(DEMO_USER.username);
      const headers = { authorization: 'Bearer ' + token, 'x-account-id': 'account-JeL97Ry3' };
      await fetch(sim.url + '/api/data-brokers/616d9c8d48301b1e6cdfe1df/list-s3-buckets', { headers });
      sim.addFault({ path: '/api/groups', kind: 'noAnswer' });
      const held = fetch(sim.url + '/api/messages/client?last=5801', { headers }).then(() => 'answered', () => 'closed');
      const stuck = fetch(sim.url + '/api/groups', { headers }).then(() => 'answered', () => 'closed');
      while (sim.pollsInFlight() === 0 || sim.requests.length < 3) await new Promise((r) => setTimeout(r, 5));
      await sim.stop();
      console.log('stopped', await held, await stuck);
    `;
    const result = await run(['--input-type=module', '-e', script], {});
    expect(result.out).toContain('stopped closed closed');
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(3500);
  });

  it('runs alone with main.ts and stops on SIGTERM', async () => {
    let status = 0;
    const result = await run(['src/simulator/main.ts'], { SIMULATOR_PORT: '0' }, (line, stop) => {
      // The first line names the simulator's address (a later one repeats it in a command).
      const url = /^Cloud Sync simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (!url) return;
      fetch(`${url}/api/accounts`)
        .then((res) => {
          status = res.status;
        })
        .finally(stop);
    });
    expect(status).toBe(401);
    expect(result.out).toContain(`${DEMO_USER.username} / ${DEMO_USER.password}`);
    expect(result.code).toBe(0);
  });
});

describe('seed', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(createSeed())).toBe(JSON.stringify(createSeed()));
    const big = { accounts: 20, brokersPerAccount: 10 };
    expect(JSON.stringify(createSeed(big))).toBe(JSON.stringify(createSeed(big)));
  });

  it('scales for benchmarks: every account is the demo user’s, other-user data stays', () => {
    const seed = createSeed({ accounts: 20, brokersPerAccount: 10 });
    const demo = seed.users.find((user) => user.username === DEMO_USER.username);
    const other = seed.users.find((user) => user.username === OTHER_USER.username);
    expect(demo?.accountIds).toHaveLength(20);
    expect(demo?.accountIds.slice(0, 2)).toEqual([TEST, PRODUCTION]);
    expect(other?.accountIds).toEqual([OTHER]);
    for (const accountId of demo?.accountIds ?? []) {
      expect(seed.brokers.filter((broker) => broker.accountId === accountId)).toHaveLength(10);
      expect(seed.buckets[accountId]?.length).toBeGreaterThan(0);
    }
    const ids = seed.brokers.map((broker) => broker.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    for (const broker of seed.brokers) {
      expect(seed.groups.some((group) => group.id === broker.groupId)).toBe(true);
    }
  });
});
