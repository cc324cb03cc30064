import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createSimulator, SEED_IDS, type Simulator } from '../../src/simulator';
import { subscribeAll, until } from '../utils/stack';

let sim: Simulator;
let gateway: Gateway;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  sim = createSimulator({ longPollMs: 300, listingDelayMs: 10 });
  await sim.start();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  gateway = createGateway(
    loadConfig({ PORT: '0', FEED_IDLE_MS: '0', CLOUDSYNC_API_URL: sim.url }),
    { apiUrl: sim.url, authUrl: sim.url },
    { logger: pino({ level: 'info' }, sink) },
  );
  await gateway.start();
});
afterAll(async () => {
  await gateway.stop();
  await sim.stop();
});

async function post(query: string, token: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query }),
  });
  return res.json() as Promise<{ data?: unknown; errors?: unknown[] }>;
}

describe('observability', () => {
  it('logs one JSON line per operation: request id, name, duration, upstream calls, no token', async () => {
    const token = sim.issueToken('demo@example.com');
    await post('query Brokers { accounts { dataBrokers { id } } }', token, {
      'x-request-id': 'req-123',
    });
    const line = lines.find((l) => l.operation === 'Brokers');
    expect(line).toMatchObject({
      requestId: 'req-123',
      outcome: 'ok',
      upstreamCalls: 3,
      kind: 'execute',
    });
    expect(line!.durationMs).toEqual(expect.any(Number));
    await post('query NoToken { accounts { id } }', null);
    expect(lines.find((l) => l.operation === 'NoToken')).toMatchObject({
      outcome: 'UNAUTHENTICATED',
    });
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('/metrics: operations, upstream calls, readers, subscriptions, listing latency; never a token', async () => {
    const token = sim.issueToken('demo@example.com');
    await post('query Accounts { accounts { id } }', token);
    await post(
      `query Buckets { account(id: "${SEED_IDS.accounts.test}") { dataBroker(id: "${SEED_IDS.brokers.aws}") { s3Buckets { name } } } }`,
      token,
    );
    const { createClient } = await import('graphql-ws');
    const { default: WebSocket } = await import('ws');
    const client = createClient({
      url: `${gateway.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const sub = subscribeAll(client, 'subscription Feed { feedMessages { id } }');
    await until(() => sim.pollsInFlight(token) === 1, 5000, 'reader polling');
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toMatch(/graphql_operations_total\{operation="Accounts",outcome="ok"\} 1/);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="Accounts"\} 1/);
    expect(text).toMatch(
      /cloudsync_upstream_requests_total\{endpoint="accounts",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /cloudsync_upstream_requests_total\{endpoint="list-s3-buckets",status="202"\} 1/,
    );
    expect(text).toMatch(
      /cloudsync_listing_duration_seconds_count\{operation="list-s3-buckets",outcome="ok"\} 1/,
    );
    expect(text).toMatch(/cloudsync_feed_readers_active 1/);
    expect(text).toMatch(/graphql_subscriptions_active 1/);
    expect(text).not.toContain(token);
    sub.unsubscribe();
    await client.dispose();
  });

  it('/healthz at once; /readyz 200 on its first call when Cloud Sync answers', async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    const fresh = createGateway(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), {
      apiUrl: sim.url,
      authUrl: sim.url,
    });
    await fresh.start();
    try {
      expect((await fetch(`${fresh.url}/readyz`)).status).toBe(200);
    } finally {
      await fresh.stop();
    }
    const demo = createGateway(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }),
      { apiUrl: sim.url, authUrl: sim.url },
      { demo: true },
    );
    await demo.start();
    try {
      expect((await fetch(`${demo.url}/readyz`)).status).toBe(200);
    } finally {
      await demo.stop();
    }
  });
});
