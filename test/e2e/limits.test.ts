import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { sse } from '../utils/sse';
import { codes, type Stack, startStack, subscribeAll, until } from '../utils/stack';

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack({
    settings: {
      MAX_DEPTH: '6',
      MAX_ALIASES: '5',
      MAX_TOKENS: '400',
      MAX_DIRECTIVES: '3',
      MAX_COST: '2000',
      MAX_SUBSCRIPTIONS_PER_CONNECTION: '3',
      MAX_SUBSCRIPTIONS_PER_TOKEN: '5',
      MAX_LISTINGS_PER_TOKEN: '2',
    },
  });
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

const deep =
  '{ accounts { dataBrokers { group { dataBrokers { group { dataBrokers { group { name } } } } } } } }';
const aliases = `{ ${Array.from({ length: 8 }, (_, i) => `a${i}: accounts { id }`).join(' ')} }`;
const tokens = `{ accounts { ${Array.from({ length: 450 }, () => 'id').join(' ')} } }`;
const directives =
  '{ accounts @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) { id } }';
const costly = '{ accounts { dataBrokers { s3Buckets { name } } } }';
const feedDeep =
  'subscription { feedMessages { id operation requestId clientId agentId groupId payload } } ' +
  Array.from({ length: 80 }, (_, i) => `fragment f${i} on FeedMessage { id }`).join(' ');

const REJECTED: [string, string][] = [
  ['depth', deep],
  ['aliases', aliases],
  ['tokens', tokens],
  ['directives', directives],
  ['cost', costly],
];

describe('query limits', () => {
  it.each(REJECTED)(
    '%s: rejected over HTTP with BAD_USER_INPUT and no upstream request',
    async (_name, query) => {
      const res = await stack.gql(query, {}, token);
      expect(codes(res).length).toBeGreaterThan(0);
      expect(new Set(codes(res))).toEqual(new Set(['BAD_USER_INPUT']));
      expect(res.data ?? null).toBeNull();
      expect(stack.sim.requests).toHaveLength(0);
    },
  );

  it('the same documents are rejected over SSE and graphql-ws, with no upstream request', async () => {
    const client = stack.ws(token);
    for (const [name, query] of REJECTED) {
      const { events } = await sse(stack.gateway.url, query, {}, token);
      const body = events.map((e) => e.data).join('\n');
      expect(body, name).toContain('BAD_USER_INPUT');
      const sub = subscribeAll(client, query);
      await sub.done;
      const wsCodes = sub.errors.map(
        (e) => (e as { extensions?: { code?: string } }).extensions?.code,
      );
      expect(wsCodes.length, name).toBeGreaterThan(0);
      expect(new Set(wsCodes), name).toEqual(new Set(['BAD_USER_INPUT']));
    }
    expect(stack.sim.requests).toHaveLength(0);
    // One document, many fragments: still counted as tokens, not executed.
    const sub = subscribeAll(client, feedDeep);
    await sub.done;
    expect(sub.errors.length).toBeGreaterThan(0);
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('a listing costs much more than a plain field, so one broker is fine and all of them are not', async () => {
    const one = await stack.gql(
      'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name tags { key value } } } } }',
      { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws },
      token,
    );
    expect(one.errors).toBeUndefined();
    const all = await stack.gql(costly, {}, token);
    expect(all.errors![0]!.message).toMatch(/Query cost \d+ is over the limit of 2000/);
  });

  it('batching is off', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ accounts { id } }' }, { query: '{ accounts { id } }' }]),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(stack.sim.requests).toHaveLength(0);
  });
});

describe('caps per caller', () => {
  const FEED = 'subscription { feedMessages { id } }';

  it('subscriptions per connection', async () => {
    const client = stack.ws(token);
    const subs = Array.from({ length: 3 }, () => subscribeAll(client, FEED));
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'reader polling');
    const fourth = subscribeAll(client, FEED);
    await fourth.done;
    expect(
      fourth.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
    ).toEqual(['RATE_LIMITED']);
    for (const sub of subs) sub.unsubscribe();
  });

  it('subscriptions per token, across connections and SSE', async () => {
    const clients = [stack.ws(token), stack.ws(token)];
    const subs = Array.from({ length: 5 }, (_, i) => subscribeAll(clients[i % 2]!, FEED));
    await until(() => stack.gateway.services.subscriptions.active === 5, 5000, 'five open');
    const sixth = subscribeAll(stack.ws(token), FEED);
    await sixth.done;
    expect(
      sixth.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
    ).toEqual(['RATE_LIMITED']);
    const viaSse = await sse(stack.gateway.url, FEED, {}, token);
    expect(viaSse.events.map((e) => e.data).join()).toContain('RATE_LIMITED');
    // Another token is not affected.
    const other = subscribeAll(stack.ws(stack.otherToken()), FEED);
    await until(() => stack.gateway.services.subscriptions.active === 6, 5000, 'other token open');
    for (const sub of [...subs, other]) sub.unsubscribe();
    await until(() => stack.gateway.services.subscriptions.active === 0, 5000, 'all closed');
  });

  it('concurrent distinct listings per token', async () => {
    stack.sim.holdListings();
    const q =
      'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets(timeoutSeconds: 5) { name } } } }';
    const a = stack.gql(q, { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws }, token);
    const b = stack.gql(q, { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.gcp }, token);
    await until(() => stack.gateway.services.listings.inFlight === 2, 5000, 'two listings');
    const c = await stack.gql(q, { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.azure }, token);
    expect(codes(c)).toEqual(['RATE_LIMITED']);
    expect(stack.sim.listCallCount()).toBe(2);
    stack.sim.releaseListings();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.errors).toBeUndefined();
    expect(rb.errors).toBeUndefined();
  });
});

describe('production profile', () => {
  it('introspection, GraphiQL and field suggestions are off', async () => {
    const prod = await startStack({ settings: { NODE_ENV: 'production' } });
    try {
      const t = prod.demoToken();
      const introspection = await prod.gql('{ __schema { types { name } } }', {}, t);
      expect(codes(introspection)).toContain('BAD_USER_INPUT');
      const typo = await prod.gql('{ acounts { id } }', {}, t);
      expect(JSON.stringify(typo)).not.toMatch(/Did you mean/);
      const page = await fetch(`${prod.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('<div id="root">');
      const dev = await stack.gql('{ acounts { id } }', {}, token);
      expect(JSON.stringify(dev)).toMatch(/Did you mean/);
    } finally {
      await prod.stop();
    }
  });
});

describe('CORS', () => {
  it('answers only the configured origins, never with credentials', async () => {
    const local = await startStack({ settings: { CORS_ORIGINS: 'http://127.0.0.1:9999' } });
    try {
      const preflight = (origin: string) =>
        fetch(`${local.gateway.url}/graphql`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
      const allowed = await preflight('http://127.0.0.1:9999');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9999');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const other = await preflight('http://elsewhere.example');
      expect(other.headers.get('access-control-allow-origin')).not.toBe('http://elsewhere.example');
    } finally {
      await local.stop();
    }
  });
});

describe('request bodies', () => {
  async function raw(headers: Record<string, string>, body: Buffer | string, chunked = false) {
    const { request } = await import('node:http');
    const url = new URL(`${stack.gateway.url}/graphql`);
    return new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      if (chunked) req.write(body);
      req.end(chunked ? undefined : body);
    });
  }

  it('a body over 1 MiB is refused (413), chunked or not, before any upstream call', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 32);
    const chunked = await raw(
      {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'transfer-encoding': 'chunked',
      },
      big,
      true,
    );
    expect(chunked).toBe(413);
    const tooBig = await raw(
      {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'content-length': String(big.length),
      },
      big,
    );
    expect(tooBig).toBe(413);
    expect(stack.sim.requests).toHaveLength(0);
  });
});
