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

describe('no leaks', () => {
  it('1,000 subscribe/unsubscribe cycles (complete, abrupt close, SSE abort) leave nothing behind', async () => {
    const token = stack.demoToken();
    const wsUrl = `${stack.gateway.url.replace('http', 'ws')}/graphql`;
    const handles = () =>
      (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo()
        .length;
    const client = stack.ws(token);
    // Warm up, then take the baselines.
    const warm = subscribeAll(client, FEED);
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'warm-up reader');
    warm.unsubscribe();
    await until(() => stack.gateway.services.feed.activeReaders === 0, 5000, 'warm-up reader gone');
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const handlesBefore = handles();

    const cycles = 1000;
    for (let i = 0; i < cycles; i += 10) {
      const batch: Promise<unknown>[] = [];
      for (let j = 0; j < 10; j++) {
        const kind = (i + j) % 3;
        if (kind === 0) {
          const sub = subscribeAll(client, (i + j) % 2 ? FEED : LISTING);
          batch.push(
            new Promise((resolve) => setTimeout(resolve, 1)).then(() => sub.unsubscribe()),
          );
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
    const seen = stack.sim.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(stack.sim.requests.length).toBe(seen);
    global.gc?.();
    // Sockets may linger in TIME_WAIT-like states briefly; a leak would be hundreds.
    expect(handles() - handlesBefore).toBeLessThan(20);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
