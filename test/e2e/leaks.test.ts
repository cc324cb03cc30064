import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SEED_IDS } from '../../src/simulator';
import { sse } from '../utils/sse';
import { type Stack, startStack, subscribeAll, until } from '../utils/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ settings: { MAX_SUBSCRIPTIONS_PER_TOKEN: '1000' } });
});
afterAll(() => stack.stop());
beforeEach(() => stack.sim.reset());

const FEED = 'subscription { feedMessages { id } }';
const LISTING = `subscription { s3BucketListing(accountId: "${SEED_IDS.accounts.test}", dataBrokerId: "${SEED_IDS.brokers.aws}") { status } }`;

/** A full collection, so that the heap compared is what is still reachable (vitest runs us with --expose-gc). */
function collectGarbage(): void {
  if (!global.gc) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
  global.gc();
}

/** A raw graphql-ws client that subscribes, waits for the ack, then is terminated abruptly. */
async function abruptSocket(url: string, token: string): Promise<void> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      );
    });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: FEED } }));
        setImmediate(() => {
          socket.terminate();
          resolve();
        });
      }
    });
    socket.once('error', reject);
  });
}

/** `count` cycles of the three kinds (ws complete, ws abrupt close, SSE abort), ten at a time. */
async function runCycles(client: ReturnType<Stack['ws']>, token: string, count: number) {
  const wsUrl = `${stack.gateway.url.replace('http', 'ws')}/graphql`;
  for (let i = 0; i < count; i += 10) {
    const batch: Promise<unknown>[] = [];
    for (let j = 0; j < 10; j++) {
      const kind = (i + j) % 3;
      if (kind === 0) {
        const sub = subscribeAll(client, (i + j) % 2 ? FEED : LISTING);
        batch.push(new Promise((resolve) => setTimeout(resolve, 1)).then(() => sub.unsubscribe()));
      } else if (kind === 1) {
        batch.push(abruptSocket(wsUrl, token));
      } else {
        const abort = new AbortController();
        const stream = sse(stack.gateway.url, FEED, {}, token, {
          signal: abort.signal,
          onEvent: () => abort.abort(),
        });
        setTimeout(() => abort.abort(), 5);
        batch.push(stream);
      }
    }
    await Promise.all(batch);
  }
  const { feed, subscriptions, listings } = stack.gateway.services;
  await until(
    () => feed.activeReaders === 0 && subscriptions.active === 0 && listings.inFlight === 0,
    10_000,
    'every reader, subscription and listing gone',
  );
  await until(() => stack.sim.pollsInFlight() === 0, 5000, 'no long poll held');
}

describe('no leaks', () => {
  it('1,000 subscribe/unsubscribe cycles (complete, abrupt close, SSE abort) leave nothing behind', async () => {
    const token = stack.demoToken();
    const handles = () =>
      (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo()
        .length;
    const client = stack.ws(token);
    // A first round pays what is kept once (compiled code, caches, the metrics' label sets); the
    // baselines are taken after it, so what the second round leaves is what a cycle leaks.
    await runCycles(client, token, 200);
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const handlesBefore = handles();

    await runCycles(client, token, 1000);
    const seen = stack.sim.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(stack.sim.requests.length).toBe(seen);
    collectGarbage();
    // Sockets may linger in TIME_WAIT-like states briefly; a leak would be hundreds.
    expect(handles() - handlesBefore).toBeLessThan(20);
    // A leak of one subscription's state per cycle would be tens of megabytes here.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8 * 1024 * 1024);
  });
});
