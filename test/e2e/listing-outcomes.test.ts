import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SEED_IDS } from '../../src/simulator';
import { sse } from '../utils/sse';
import { gatewaySettings, type Stack, startStack, until } from '../utils/stack';

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
  token = stack.demoToken();
});

const listCalls = () => stack.apiRequests().filter((r) => /\/list-/.test(r.path));

type Listing = { status: string; error: { code: string; message: string } | null };
const S3 =
  'subscription($a: ID!, $b: ID!) { s3BucketListing(accountId: $a, dataBrokerId: $b) { status error { code message } } }';

interface Outcome {
  statuses: string[];
  errorCodes: (string | undefined)[];
  topLevel: unknown[];
  completed: boolean;
}

async function viaWs(
  t: string,
  variables: Record<string, unknown>,
  url?: string,
): Promise<Outcome> {
  const client = url
    ? (await import('graphql-ws')).createClient({
        url: `${url.replace('http', 'ws')}/graphql`,
        webSocketImpl: (await import('ws')).default,
        connectionParams: { authorization: `Bearer ${t}` },
        retryAttempts: 0,
      })
    : stack.ws(t);
  let completed = false;
  const events: { s3BucketListing: Listing }[] = [];
  const errors: unknown[] = [];
  await new Promise<void>((resolve) => {
    client.subscribe<{ s3BucketListing: Listing }>(
      { query: S3, variables },
      {
        next: (value) => {
          if (value.data) events.push(value.data as { s3BucketListing: Listing });
          if (value.errors) errors.push(...value.errors);
        },
        error: (error) => {
          errors.push(...(Array.isArray(error) ? error : [error]));
          resolve();
        },
        complete: () => {
          completed = true;
          resolve();
        },
      },
    );
  });
  if (url) await client.dispose();
  return {
    statuses: events.map((e) => e.s3BucketListing.status),
    errorCodes: events.map((e) => e.s3BucketListing.error?.code),
    topLevel: errors,
    completed,
  };
}

async function viaSse(
  t: string,
  variables: Record<string, unknown>,
  url = stack.gateway.url,
): Promise<Outcome> {
  const { events } = await sse(url, S3, variables, t);
  const nexts = events
    .filter((e) => e.event === 'next')
    .map((e) => JSON.parse(e.data) as { data?: { s3BucketListing: Listing }; errors?: unknown[] });
  return {
    statuses: nexts.flatMap((n) => (n.data ? [n.data.s3BucketListing.status] : [])),
    errorCodes: nexts.flatMap((n) => (n.data ? [n.data.s3BucketListing.error?.code] : [])),
    topLevel: nexts.flatMap((n) => n.errors ?? []),
    completed: events.at(-1)?.event === 'complete',
  };
}

describe('listing subscriptions: after PENDING, every outcome is a FAILED event, then complete', () => {
  const transports = { 'graphql-ws': viaWs, SSE: viaSse } as const;

  for (const [transport, run] of Object.entries(transports)) {
    describe(transport, () => {
      it('an unknown broker: FAILED NOT_FOUND', async () => {
        const outcome = await run(token, { a: account, b: 'ffffffffffffffffffffffff' });
        expect(outcome).toEqual({
          statuses: ['PENDING', 'FAILED'],
          errorCodes: [undefined, 'NOT_FOUND'],
          topLevel: [],
          completed: true,
        });
      });

      it('an account the caller may not see: FAILED FORBIDDEN', async () => {
        const outcome = await run(token, { a: SEED_IDS.accounts.other, b: aws });
        expect(outcome).toEqual({
          statuses: ['PENDING', 'FAILED'],
          errorCodes: [undefined, 'FORBIDDEN'],
          topLevel: [],
          completed: true,
        });
      });

      it('an expired token: FAILED UNAUTHENTICATED', async () => {
        stack.sim.expireToken(token);
        const outcome = await run(token, { a: account, b: aws });
        expect(outcome).toEqual({
          statuses: ['PENDING', 'FAILED'],
          errorCodes: [undefined, 'UNAUTHENTICATED'],
          topLevel: [],
          completed: true,
        });
      });

      it('the list call refused (401 / 403) or failing (503): FAILED with its code', async () => {
        for (const [status, code] of [
          [401, 'UNAUTHENTICATED'],
          [403, 'FORBIDDEN'],
          [503, 'UPSTREAM_UNAVAILABLE'],
        ] as const) {
          stack.sim.addFault({ path: /\/list-s3-buckets$/, kind: 'status', status, times: 1 });
          const outcome = await run(stack.demoToken(), { a: account, b: aws });
          expect(outcome, String(status)).toEqual({
            statuses: ['PENDING', 'FAILED'],
            errorCodes: [undefined, code],
            topLevel: [],
            completed: true,
          });
        }
        expect(listCalls()).toHaveLength(3);
      });

      it('a bad argument: a top-level error and no event', async () => {
        const outcome = await run(token, { a: account, b: 'bad id!' });
        expect(outcome.statuses).toEqual([]);
        expect(
          outcome.topLevel.map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
        ).toEqual(['BAD_USER_INPUT']);
        expect(stack.apiRequests()).toHaveLength(0);
      });

      it('a shutdown: FAILED UPSTREAM_UNAVAILABLE, then complete', async () => {
        const gateway = createGateway(loadConfig(gatewaySettings(stack.sim.url)), {
          apiUrl: stack.sim.url,
          authUrl: stack.sim.url,
        });
        await gateway.start();
        try {
          stack.sim.holdListings();
          const pending = run(token, { a: account, b: aws }, gateway.url);
          await until(() => stack.sim.heldListingCount() === 1, 5000, 'list call');
          await gateway.stop();
          const outcome = await pending;
          expect(outcome.statuses).toEqual(['PENDING', 'FAILED']);
          expect(outcome.errorCodes).toEqual([undefined, 'UPSTREAM_UNAVAILABLE']);
          expect(outcome.topLevel).toEqual([]);
          expect(outcome.completed).toBe(true);
        } finally {
          await gateway.stop();
        }
      });
    });
  }
});
