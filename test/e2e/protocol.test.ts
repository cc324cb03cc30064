import { type AuditFail, type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config';
import { SEED_IDS } from '../../src/simulator';
import { closeAll, connect, type Frame, type Raw, ready } from '../utils/raw-ws';
import { type Stack, startStack, until } from '../utils/stack';

/** Protocol conformance of the gateway: GraphQL over HTTP (graphql-http audits) and graphql-ws. */

const INIT_TIMEOUT_MS = 1_000;
const KEEPALIVE_MS = 300;

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack({ settings: { WS_INIT_TIMEOUT_MS: String(INIT_TIMEOUT_MS) } });
});
afterAll(async () => {
  await closeAll();
  await stack.stop();
});
beforeEach(() => {
  stack.sim.reset();
  stack.sim.setLongPoll(400);
  token = stack.demoToken();
});
afterEach(() => closeAll());

const ofId = (raw: Raw, id: string) => raw.frames.filter((f) => f.id === id);
const statusOf = (frame: Frame) =>
  (frame.payload as { data?: { s3BucketListing?: { status: string } } }).data?.s3BucketListing
    ?.status;
const errorCodes = (payload: unknown) =>
  (payload as { extensions?: { code?: unknown } }[]).map((e) => e.extensions?.code);

const FEED = 'subscription { feedMessages { id operation payload } }';
const S3_LISTING = `subscription($a: ID!, $b: ID!) {
  s3BucketListing(accountId: $a, dataBrokerId: $b) { status buckets { name } } }`;
const S3_VARS = { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws };

// ---------------------------------------------------------------------------------------------

describe('GraphQL over HTTP', () => {
  it('passes every MUST and SHOULD audit of graphql-http', async () => {
    const audits = serverAudits({
      url: `${stack.gateway.url}/graphql`,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: { ...headersOf(init), authorization: `Bearer ${token}` },
        }),
    });
    const results: AuditResult[] = [];
    for (const audit of audits) results.push(await audit.fn());
    const failed = (status: AuditFail['status']) =>
      results
        .filter((r): r is AuditFail => r.status === status)
        .map((r) => `${r.name} (${r.id}): ${r.reason}`);

    expect(results.length).toBeGreaterThanOrEqual(50);
    expect(failed('error'), `failing MUST audits:\n${failed('error').join('\n')}`).toEqual([]);
    expect(failed('warn'), `SHOULD warnings:\n${failed('warn').join('\n')}`).toEqual([]);
  });

  const ACCEPTS = ['application/json', 'application/graphql-response+json'];

  it('missing or malformed credentials: 401, WWW-Authenticate, a GraphQL error body, no upstream call', async () => {
    const headers: (string | null)[] = [null, '', 'Basic abc', 'Bearer', 'Bearer a b', token];
    for (const accept of ACCEPTS) {
      for (const authorization of headers) {
        const res = await post('{ accounts { id } }', accept, authorization);
        const what = `${accept} with ${JSON.stringify(authorization?.slice(0, 12) ?? null)}`;
        expect(res.status, what).toBe(401);
        expect(mediaType(res), what).toBe(accept);
        expect(res.headers.get('www-authenticate'), what).toBe('Bearer');
        const body = (await res.json()) as { data?: unknown; errors?: unknown };
        expect(body.data, what).toBeNull();
        expect(errorCodes(body.errors), what).toEqual(['UNAUTHENTICATED']);
      }
      // GET is a GraphQL-over-HTTP request too.
      const get = await fetch(
        `${stack.gateway.url}/graphql?query=${encodeURIComponent('{ accounts { id } }')}`,
        { headers: { accept } },
      );
      expect(get.status).toBe(401);
      expect(errorCodes(((await get.json()) as { errors: unknown }).errors)).toEqual([
        'UNAUTHENTICATED',
      ]);
    }
    expect(stack.sim.requests).toEqual([]);
  });

  it('a token Cloud Sync refuses (unknown, expired): 401 with UNAUTHENTICATED', async () => {
    const expired = stack.demoToken();
    stack.sim.expireToken(expired);
    for (const accept of ACCEPTS) {
      for (const bearer of ['not-a-real-token', expired]) {
        const res = await post('{ accounts { id } }', accept, `Bearer ${bearer}`);
        expect(res.status).toBe(401);
        expect(mediaType(res)).toBe(accept);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        const body = (await res.json()) as { data?: unknown; errors?: unknown };
        expect(body.data).toBeNull();
        expect(errorCodes(body.errors)).toEqual(['UNAUTHENTICATED']);
      }
    }
  });

  it('a partial result (non-null data) is a 200 even when a field error is UNAUTHENTICATED', async () => {
    const query = `{ __typename account(id: "${SEED_IDS.accounts.test}") { id } }`;
    for (const accept of ACCEPTS) {
      const res = await post(query, accept, null);
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('www-authenticate')).toBeNull();
      const body = (await res.json()) as { data?: unknown; errors?: unknown };
      expect(body.data).toEqual({ __typename: 'Query', account: null });
      expect(errorCodes(body.errors)).toEqual(['UNAUTHENTICATED']);
    }
  });
});

const mediaType = (res: Response) => res.headers.get('content-type')?.split(';')[0]?.trim();

function headersOf(init: RequestInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(init?.headers));
}

function post(query: string, accept: string, authorization: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (authorization !== null) headers.authorization = authorization;
  return fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query }),
  });
}

// ---------------------------------------------------------------------------------------------

describe('graphql-ws protocol', () => {
  it('no connection_init in time: 4408, not before the configured wait', async () => {
    const started = Date.now();
    const raw = await connect(stack.gateway.url);
    // The bound proves the setting is used: the default wait (3 s) would miss it.
    const closed = await raw.closedWithin(INIT_TIMEOUT_MS + 1_500);
    expect(closed.code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(INIT_TIMEOUT_MS - 50);
    expect(raw.frames).toEqual([]);
  });

  it('a second connection_init: 4429', async () => {
    const raw = await ready(stack.gateway.url, token);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    expect((await raw.closedWithin()).code).toBe(4429);
  });

  it('subscribe before connection_ack: 4401, and nothing reaches Cloud Sync', async () => {
    const raw = await connect(stack.gateway.url);
    raw.send({ id: '1', type: 'subscribe', payload: { query: FEED } });
    expect((await raw.closedWithin()).code).toBe(4401);
    expect(raw.frames).toEqual([]);
    expect(stack.sim.requests).toEqual([]);
  });

  it('a duplicate active id: 4409, and the first operation is cleaned up', async () => {
    const raw = await ready(stack.gateway.url, token);
    raw.send({ id: 'dup', type: 'subscribe', payload: { query: FEED } });
    raw.send({ id: 'dup', type: 'subscribe', payload: { query: FEED } });
    expect((await raw.closedWithin()).code).toBe(4409);
    const { feed, subscriptions } = stack.gateway.services;
    await until(
      () => feed.activeReaders === 0 && subscriptions.active === 0,
      5_000,
      'operation ended',
    );
  });

  it('an invalid message: 4400, before and after the ack', async () => {
    const invalid: unknown[] = [
      'not json',
      '[]',
      'null',
      {},
      { type: 'nope' },
      { type: 'subscribe', payload: { query: '{ __typename }' } },
      { type: 'subscribe', id: '1', payload: { query: 5 } },
      { type: 'subscribe', id: '1' },
      { type: 'complete' },
    ];
    for (const message of invalid) {
      const raw = await ready(stack.gateway.url, token);
      raw.send(message);
      expect((await raw.closedWithin()).code, JSON.stringify(message)).toBe(4400);
    }
    const early = await connect(stack.gateway.url);
    early.send({ type: 'connection_init', payload: 'Bearer x' });
    expect((await early.closedWithin()).code).toBe(4400);
  });

  it('missing or malformed connectionParams.authorization: 4403 with zero upstream requests', async () => {
    const inits: Frame[] = [
      { type: 'connection_init' },
      { type: 'connection_init', payload: {} },
      { type: 'connection_init', payload: { authorization: null } },
      { type: 'connection_init', payload: { authorization: 42 } },
      { type: 'connection_init', payload: { authorization: '' } },
      { type: 'connection_init', payload: { authorization: token } },
      { type: 'connection_init', payload: { authorization: 'Basic abc' } },
      { type: 'connection_init', payload: { authorization: 'Bearer' } },
      { type: 'connection_init', payload: { authorization: `Bearer ${token} x` } },
      { type: 'connection_init', payload: { authorization: `Bearer ${token}\r\nx-evil: 1` } },
      { type: 'connection_init', payload: { authorization: [`Bearer ${token}`] } },
      { type: 'connection_init', payload: { token } },
    ];
    for (const init of inits) {
      const raw = await connect(stack.gateway.url);
      raw.send(init);
      expect((await raw.closedWithin()).code, JSON.stringify(init.payload)).toBe(4403);
      expect(raw.frames).toEqual([]);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stack.sim.requests).toEqual([]);
  });

  it('a socket without the graphql-transport-ws subprotocol: 4406', async () => {
    const raw = await connect(stack.gateway.url, { protocol: null });
    expect((await raw.closedWithin()).code).toBe(4406);
  });

  it('keep-alive (protocol level): ping is answered by pong, with its payload', async () => {
    const raw = await ready(stack.gateway.url, token);
    raw.send({ type: 'ping', payload: { n: 1 } });
    raw.send({ type: 'ping' });
    await until(() => raw.frames.filter((f) => f.type === 'pong').length === 2, 5_000, 'pongs');
    expect(raw.frames.filter((f) => f.type === 'pong')).toEqual([
      { type: 'pong', payload: { n: 1 } },
      { type: 'pong' },
    ]);
    expect(raw.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('keep-alive (WebSocket level): the server pings, and cuts a peer that never pongs', async () => {
    const local = await startStack({ settings: { WS_KEEPALIVE_MS: String(KEEPALIVE_MS) } });
    try {
      const localToken = local.demoToken();
      const live = await ready(local.gateway.url, localToken);
      const dead = await connect(local.gateway.url, { autoPong: false });
      dead.send({ type: 'connection_init', payload: { authorization: `Bearer ${localToken}` } });
      await dead.frame((f) => f.type === 'connection_ack', 'connection_ack');

      await until(() => live.pings() >= 3, 20 * KEEPALIVE_MS, 'three WebSocket pings');
      // Cut without a close frame: 1006 on this side.
      const cut = await dead.closedWithin(20 * KEEPALIVE_MS);
      expect(cut.code).toBe(1006);
      expect(dead.pings()).toBeGreaterThanOrEqual(1);
      expect(live.socket.readyState).toBe(WebSocket.OPEN);
      live.send({ type: 'ping' });
      await live.frame((f) => f.type === 'pong', 'pong');
    } finally {
      await closeAll();
      await local.stop();
    }
  });

  it('a failing source ends only its own operation with `error`; the socket and the other operations go on', async () => {
    const raw = await ready(stack.gateway.url, token);
    raw.send({ id: 'feed', type: 'subscribe', payload: { query: FEED } });
    await until(() => stack.sim.pollsInFlight(token) === 1, 5_000, 'feed polling');

    // A feed on an account this caller may not see: its reader is refused upstream (403).
    const FORBIDDEN_FEED = `subscription { feedMessages(accountId: "${SEED_IDS.accounts.other}") { id } }`;
    raw.send({ id: 'bad', type: 'subscribe', payload: { query: FORBIDDEN_FEED } });
    const error = await raw.frame((f) => f.id === 'bad' && f.type === 'error', 'error for bad');
    expect(errorCodes(error.payload)).toEqual(['FORBIDDEN']);

    // The other operation still receives.
    stack.sim.injectMessage(token, { operation: 'after-failure', payload: { n: 1 } });
    const next = await raw.frame(
      (f) =>
        f.id === 'feed' &&
        f.type === 'next' &&
        JSON.stringify(f.payload).includes('"operation":"after-failure"'),
      'feed message after the failure',
    );
    expect(next.payload).toMatchObject({
      data: { feedMessages: { operation: 'after-failure', payload: { n: 1 } } },
    });

    // The failed id is free again; a new operation on the same socket runs to completion. A listing
    // refused upstream after its PENDING is not a failing source: it ends with FAILED, then complete.
    expect(ofId(raw, 'bad').map((f) => f.type)).toEqual(['error']);
    stack.sim.addFault({
      method: 'GET',
      path: `/api/data-brokers/${SEED_IDS.brokers.aws}/list-s3-buckets`,
      kind: 'status',
      status: 403,
      times: 1,
    });
    raw.send({ id: 'bad', type: 'subscribe', payload: { query: S3_LISTING, variables: S3_VARS } });
    await until(() => ofId(raw, 'bad').length === 4, 5_000, 'refused listing to complete');
    raw.send({ id: 'bad', type: 'subscribe', payload: { query: S3_LISTING, variables: S3_VARS } });
    await until(
      () => ofId(raw, 'bad').length === 7,
      5_000,
      'second listing on the same id to complete',
    );
    const refused = ofId(raw, 'bad').slice(1, 4);
    expect(refused.map((f) => f.type)).toEqual(['next', 'next', 'complete']);
    expect(refused.slice(0, 2).map(statusOf)).toEqual(['PENDING', 'FAILED']);
    const again = ofId(raw, 'bad').slice(4);
    expect(again.map((f) => f.type)).toEqual(['next', 'next', 'complete']);
    expect(again.slice(0, 2).map(statusOf)).toEqual(['PENDING', 'READY']);

    expect(ofId(raw, 'feed').filter((f) => f.type !== 'next')).toEqual([]);
    expect(raw.socket.readyState).toBe(WebSocket.OPEN);
    raw.send({ id: 'feed', type: 'complete' });
    raw.socket.close(1000);
    expect((await raw.closedWithin()).code).toBe(1000);
  });

  it('a frame the WebSocket layer refuses (invalid UTF-8) closes that socket with 1007, quietly: nothing on the console', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const raw = await ready(stack.gateway.url, stack.demoToken());
      raw.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
      expect((await raw.closedWithin()).code).toBe(1007);
      // The other sockets go on.
      const other = await ready(stack.gateway.url, stack.demoToken());
      other.send({ type: 'ping' });
      await other.frame((f) => f.type === 'pong', 'pong');
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('server shutdown: 1001 for every socket, acknowledged or not', async () => {
    const local = await startStack();
    try {
      const localToken = local.demoToken();
      const active = await ready(local.gateway.url, localToken);
      active.send({ id: 'feed', type: 'subscribe', payload: { query: FEED } });
      await until(() => local.sim.pollsInFlight(localToken) === 1, 5_000, 'feed polling');
      const fresh = await connect(local.gateway.url);

      await local.gateway.stop();
      const [a, b] = await Promise.all([active.closedWithin(), fresh.closedWithin()]);
      expect(a.code).toBe(1001);
      expect(b.code).toBe(1001);
      expect(local.gateway.services.feed.activeReaders).toBe(0);
    } finally {
      await closeAll();
      await local.stop();
    }
  });
});

describe('graphql-ws configuration', () => {
  it('WS_INIT_TIMEOUT_MS and WS_KEEPALIVE_MS: defaults and validation', () => {
    const defaults = loadConfig({});
    expect(defaults.wsInitTimeoutMs).toBe(3_000);
    expect(defaults.wsKeepAliveMs).toBe(15_000);
    const set = loadConfig({ WS_INIT_TIMEOUT_MS: '250', WS_KEEPALIVE_MS: '5000' });
    expect([set.wsInitTimeoutMs, set.wsKeepAliveMs]).toEqual([250, 5_000]);
    for (const bad of ['0', '99', '-1', '1.5', 'soon', '600001']) {
      expect(() => loadConfig({ WS_INIT_TIMEOUT_MS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ WS_KEEPALIVE_MS: bad }), bad).toThrow(ConfigError);
    }
  });
});
