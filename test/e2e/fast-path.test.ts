/**
 * The fast path (src/http/fast-path.ts) against Yoga's own HTTP handling: the same request must get the
 * same status, content type, WWW-Authenticate and body, byte for byte. Covered: every operation in
 * operations/*.graphql, every contract error code a request can cause, SSE (which the fast path
 * hands to Yoga by its Accept header) and aborts. Not covered: INTERNAL_SERVER_ERROR (no request
 * can cause one on purpose), GET and browser requests (they never take the fast path). And a guard:
 * no plugin of the gateway may use a Yoga hook the fast path skips.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DefinitionNode, Kind, parse, print } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config';
import { REPLAYED_BY_HAND, SKIPPED_HOOKS, SKIPPED_INSTRUMENTATION } from '../../src/http/fast-path';
import { createMetrics } from '../../src/observability/metrics';
import { DEMO_USER, SEED_IDS } from '../../src/simulator';
import { gatewayPlugins } from '../../src/yoga';
import { sse } from '../utils/sse';
import { type Stack, startStack, until } from '../utils/stack';

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack();
  token = stack.demoToken();
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  token = stack.demoToken();
});

/**
 * A JSON POST without an Origin takes the gateway's fast path; the same request with an Origin
 * takes Yoga's own HTTP handling. Both must answer the same, byte for byte.
 */
async function both(
  body: string,
  headers: Record<string, string>,
  between: () => Promise<unknown> = async () => {},
) {
  const send = async (extra: Record<string, string>) => {
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers, ...extra },
      body,
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      auth: res.headers.get('www-authenticate'),
      // A body that is not JSON: Yoga's two readers word the parser's own message differently.
      body: (await res.text()).replace(/"originalError":\{[^}]*\}/, '"originalError":{}'),
    };
  };
  const fast = await send({});
  await between();
  return { fast, yoga: await send({ origin: 'http://127.0.0.1:1' }) };
}

const bearer = () => ({ authorization: `Bearer ${token}` });
const json = (value: unknown) => JSON.stringify(value);

const CASES: [string, () => string, () => Record<string, string>][] = [
  ['a query', () => json({ query: '{ accounts { id name } }' }), bearer],
  [
    'variables and an operation name',
    () =>
      json({
        query: 'query A($id: ID!) { account(id: $id) { name } } query B { accounts { id } }',
        variables: { id: SEED_IDS.accounts.test },
        operationName: 'A',
      }),
    bearer,
  ],
  ['no token', () => json({ query: '{ accounts { id } }' }), () => ({})],
  [
    'no token, graphql-response+json',
    () => json({ query: '{ accounts { id } }' }),
    () => ({ accept: 'application/graphql-response+json' }),
  ],
  [
    'partial data',
    () => json({ query: `{ __typename account(id: "${SEED_IDS.accounts.test}") { id } }` }),
    () => ({}),
  ],
  [
    'a refused login',
    () =>
      json({
        query: 'mutation { login(username: "demo@example.com", password: "x") { accessToken } }',
      }),
    () => ({}),
  ],
  ['a validation error', () => json({ query: '{ nope }' }), bearer],
  ['a syntax error', () => json({ query: '{ accounts { ' }), bearer],
  ['a body that is not JSON', () => '{"query": ', bearer],
  ['a batch', () => json([{ query: '{ __typename }' }]), bearer],
  [
    'a cost over the limit',
    () => json({ query: '{ accounts { dataBrokers { s3Buckets { name } } } }' }),
    bearer,
  ],
  [
    'an unknown operation name',
    () => json({ query: '{ __typename }', operationName: 'X' }),
    bearer,
  ],
];

describe('the JSON fast path answers exactly as Yoga does', () => {
  it.each(CASES)('%s', async (_name, body, headers) => {
    const { fast, yoga } = await both(body(), headers());
    expect(fast).toEqual(yoga);
  });

  it('is used: a request through it makes the same upstream calls and no more', async () => {
    stack.sim.clearRequests();
    const { fast, yoga } = await both(json({ query: '{ accounts { id } }' }), bearer());
    expect(fast.status).toBe(200);
    expect(fast).toEqual(yoga);
    expect(stack.apiRequests().filter((r) => r.path === '/api/accounts')).toHaveLength(2);
  });
});

/** Every operation of operations/*.graphql, with variables that reach the upstream. */
const VARIABLES: Record<string, unknown> = {
  accountId: SEED_IDS.accounts.test,
  dataBrokerId: SEED_IDS.brokers.aws,
  timeoutSeconds: 5,
  username: DEMO_USER.username,
  password: DEMO_USER.password,
};
const OPERATIONS = readdirSync('operations')
  .filter((name) => name.endsWith('.graphql'))
  .flatMap((name) =>
    parse(readFileSync(join('operations', name), 'utf8')).definitions.map(
      (definition: DefinitionNode) => {
        if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) {
          throw new Error(`${name}: only named operations are expected`);
        }
        const variables = Object.fromEntries(
          (definition.variableDefinitions ?? []).map((v) => [
            v.variable.name.value,
            VARIABLES[v.variable.name.value],
          ]),
        );
        return [definition.name.value, print(definition), variables] as const;
      },
    ),
  );

describe('every operation in operations/', () => {
  it('there are some', () => {
    expect(OPERATIONS.map(([name]) => name)).toContain('Brokers');
  });

  it.each(OPERATIONS)('%s answers the same on both paths', async (_name, query, variables) => {
    const { fast, yoga } = await both(json({ query, variables }), bearer());
    // Each login issues its own token, valid from its own instant.
    const fresh = (body: string) =>
      body
        .replace(/"accessToken":"[^"]+"/, '"accessToken":"…"')
        .replace(/"expiresAt":"[^"]+"/, '"expiresAt":"…"');
    expect({ ...fast, body: fresh(fast.body) }).toEqual({ ...yoga, body: fresh(yoga.body) });
  });
});

describe('every contract error code answers the same on both paths', () => {
  const S3 = `query($a: ID!, $b: ID!, $t: Int) { account(id: $a) { dataBroker(id: $b) { s3Buckets(timeoutSeconds: $t) { name } } } }`;
  const s3 = (t = 5) =>
    json({ query: S3, variables: { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws, t } });
  const accounts = () => json({ query: '{ accounts { id dataBrokers { id } } }' });

  it.each([
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['BAD_USER_INPUT', 400],
    ['UPSTREAM_UNAVAILABLE', 500],
  ] as const)('%s (upstream %i)', async (code, status) => {
    stack.sim.addFault({ path: '/api/data-brokers', kind: 'status', status });
    const { fast, yoga } = await both(accounts(), bearer());
    expect(fast.body).toContain(`"code":"${code}"`);
    expect(fast).toEqual(yoga);
  });

  it('RATE_LIMITED (upstream 429 with Retry-After)', async () => {
    stack.sim.addFault({
      path: '/api/accounts',
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '7' },
    });
    const { fast, yoga } = await both(accounts(), bearer());
    expect(fast.body).toContain('"code":"RATE_LIMITED"');
    expect(fast).toEqual(yoga);
  });

  it('BAD_USER_INPUT (a variable of the wrong type)', async () => {
    const body = json({ query: S3, variables: { a: SEED_IDS.accounts.test, b: 1, t: 'x' } });
    const { fast, yoga } = await both(body, bearer());
    expect(fast.body).toContain('"code":"BAD_USER_INPUT"');
    expect(fast).toEqual(yoga);
  });

  it('LISTING_FAILED', async () => {
    stack.sim.failListings({ code: 'access_denied', message: 'Access Denied' }, 2);
    const { fast, yoga } = await both(s3(), bearer());
    expect(fast.body).toContain('"code":"LISTING_FAILED"');
    expect(fast).toEqual(yoga);
  });

  it('LISTING_TIMEOUT', async () => {
    stack.sim.setListingDelay(1_500);
    // The late answer is owed to the first call: a second one with the same parameters would join
    // it and get it, so the second is sent once it has been read.
    const { fast, yoga } = await both(s3(1), bearer(), () =>
      vi.waitUntil(() => stack.gateway.services.listings.inFlight === 0, { timeout: 5_000 }),
    );
    expect(fast.body).toContain('"code":"LISTING_TIMEOUT"');
    expect(fast).toEqual(yoga);
  });
});

describe('SSE and aborts', () => {
  it('SSE: a listing subscription streams the same events with and without an Origin', async () => {
    const query = OPERATIONS.find(([name]) => name === 'S3BucketListing');
    if (!query) throw new Error('operations/ lost S3BucketListing');
    const run = (origin: boolean) =>
      fetch(`${stack.gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream, application/json',
          ...bearer(),
          ...(origin ? { origin: 'http://127.0.0.1:1' } : {}),
        },
        body: json({ query: query[1], variables: query[2] }),
      }).then(async (res) => ({
        status: res.status,
        type: res.headers.get('content-type'),
        body: await res.text(),
      }));
    const fast = await run(false);
    expect(fast.body).toContain('READY');
    expect(fast).toEqual(await run(true));
    // The harness's SSE client (Accept: text/event-stream) sees the same stream.
    const events = await sse(stack.gateway.url, query[1], { ...query[2] }, token);
    expect(events.events.map((event) => event.event)).toEqual(['next', 'next', 'complete']);
  });

  it.each([
    ['the fast path', {}],
    ['Yoga', { origin: 'http://127.0.0.1:1' }],
  ])('an aborted listing query stops waiting on %s', async (_name, extra) => {
    stack.sim.holdListings();
    const abort = new AbortController();
    const pending = fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(), ...extra },
      body: json({
        query:
          'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name } } } }',
        variables: { a: SEED_IDS.accounts.test, b: SEED_IDS.brokers.aws },
      }),
      signal: abort.signal,
    }).catch(() => null);
    const { listings } = stack.gateway.services;
    await until(() => listings.waiters === 1, 5000, 'the listing waiting');
    abort.abort();
    await pending;
    await until(() => listings.waiters === 0, 5000, 'the wait cancelled');
    stack.sim.releaseListings();
  });
});

/** The plugins as envelop sees them: each one's onPluginInit additions included. */
function expand(plugins: Plugin[]): Plugin[] {
  const all: Plugin[] = [];
  const visit = (plugin: Plugin) => {
    all.push(plugin);
    const added: Plugin[] = [];
    plugin.onPluginInit?.({
      plugins: all,
      addPlugin: (next) => added.push(next as Plugin),
      setSchema: () => {},
      registerContextErrorHandler: () => {},
    });
    for (const next of added) visit(next);
  };
  for (const plugin of plugins) visit(plugin);
  return all;
}

/** "plugin #i uses onParams", for each skipped hook a plugin uses and the fast path does not replay. */
function skippedHooksUsed(plugins: Plugin[]): string[] {
  const found: string[] = [];
  plugins.forEach((plugin, index) => {
    if (REPLAYED_BY_HAND.has(plugin)) return;
    for (const hook of SKIPPED_HOOKS) {
      if (hook in plugin) found.push(`plugin #${index} uses ${hook}`);
    }
    const instrumentation = (plugin as { instrumentation?: object }).instrumentation ?? {};
    for (const hook of SKIPPED_INSTRUMENTATION) {
      if (hook in instrumentation) found.push(`plugin #${index} uses instrumentation.${hook}`);
    }
  });
  return found;
}

describe('the fast path skips no hook a gateway plugin needs', () => {
  const plugins = () =>
    expand(gatewayPlugins(loadConfig({}), pino({ level: 'silent' }), createMetrics()));

  it('no plugin of the gateway uses a Yoga hook that src/http/fast-path.ts does not run', () => {
    expect(
      skippedHooksUsed(plugins()),
      'src/http/fast-path.ts (the fast path) does not run these Yoga hooks: run them there, or take the requests they need off the fast path',
    ).toEqual([]);
  });

  it('the check catches one (a plugin with onParams, one with request instrumentation)', () => {
    const offending: Plugin[] = [
      ...plugins(),
      { onParams: () => {} },
      { instrumentation: { request: (_payload, wrapped) => wrapped() } },
    ];
    expect(skippedHooksUsed(offending)).toHaveLength(2);
  });
});
