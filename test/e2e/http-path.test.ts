import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { type Stack, startStack, until } from '../utils/stack';

/**
 * Which path serves a request is decided from its headers alone; whatever the fast path does not own
 * goes to Yoga streamed, and is cancelled when its client leaves.
 */

let stack: Stack;
let token: string;
const account = SEED_IDS.accounts.test;
const aws = SEED_IDS.brokers.aws;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
  stack.sim.setLongPoll(400);
  token = stack.demoToken();
});

const FEED = 'subscription { feedMessages { id operation payload } }';
const S3 =
  'query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets { name } } } }';

/** Rejects after `ms`: a bound on a wait that must end, never a speed assertion. */
function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

describe('requests the fast path does not own', () => {
  it('a subscription POSTed with Accept "text/event-stream, application/json" and no Origin streams, and stops when its client leaves', async () => {
    const abort = new AbortController();
    const response = await bounded(
      fetch(`${stack.gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream, application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: FEED }),
        signal: abort.signal,
      }),
      5_000,
      'the response headers',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { feed, subscriptions } = stack.gateway.services;
    await until(() => stack.sim.pollsInFlight(token) === 1, 5000, 'polling');
    expect(subscriptions.active).toBe(1);
    abort.abort();
    await until(() => subscriptions.active === 0, 5000, 'subscription closed');
    await until(() => feed.activeReaders === 0, 5000, 'reader stopped');
    await until(() => stack.sim.pollsInFlight(token) === 0, 5000, 'poll aborted');
  });

  it('a waiting listing whose body carries "extensions" is cancelled when its client leaves', async () => {
    stack.sim.holdListings();
    const abort = new AbortController();
    const pending = fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: S3, variables: { a: account, b: aws }, extensions: {} }),
      signal: abort.signal,
    }).catch(() => null);
    const { listings } = stack.gateway.services;
    await until(() => listings.waiters === 1, 5000, 'the listing waiting');
    abort.abort();
    await pending;
    await until(() => listings.waiters === 0, 5000, 'the wait cancelled');
    stack.sim.releaseListings();
  });

  it('a chunked body (no Content-Length) is served by Yoga; one over 1 MiB is refused with 413', async () => {
    const send = (body: string | Buffer) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(stack.gateway.url);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: '/graphql',
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'transfer-encoding': 'chunked',
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        req.on('error', reject);
        req.write(body);
        req.end();
      });
    const small = await send(JSON.stringify({ query: '{ accounts { id } }' }));
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body).data.accounts.length).toBeGreaterThan(0);
    const calls = stack.apiRequests().length;
    const big = await send(Buffer.alloc(1024 * 1024 + 1, 32));
    expect(big.status).toBe(413);
    expect(stack.apiRequests().length).toBe(calls);
  });
});
