import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/simulator';
import { type Stack, startStack } from '../utils/stack';

let stack: Stack;
const logLines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  stack = await startStack({ logger: pino({ level: 'info' }, sink) });
});
afterAll(() => stack.stop());
beforeEach(() => stack.sim.reset());

interface Data {
  accounts: { id: string; dataBrokers: { id: string; group: { id: string } | null }[] }[];
}

const QUERY = '{ accounts { id dataBrokers { id group { id } } } }';

describe('isolation between callers', () => {
  it('2,000 interleaved requests of two tokens: each sees only its own data', async () => {
    const demo = stack.demoToken();
    const other = stack.otherToken();
    const [demoBaseline, otherBaseline] = await Promise.all([
      stack.gql<Data>(QUERY, {}, demo),
      stack.gql<Data>(QUERY, {}, other),
    ]);
    const demoIds = JSON.stringify(demoBaseline.data);
    const otherIds = JSON.stringify(otherBaseline.data);
    expect(demoBaseline.data!.accounts.map((a) => a.id)).toEqual([
      SEED_IDS.accounts.test,
      SEED_IDS.accounts.production,
    ]);
    expect(otherBaseline.data!.accounts.map((a) => a.id)).toEqual([SEED_IDS.accounts.other]);
    stack.sim.clearRequests();

    const rounds = 1000;
    const concurrency = 100;
    const results: { token: string; res: Awaited<ReturnType<typeof stack.gql<Data>>> }[] = [];
    let next = 0;
    // 100 requests in flight at any time, the two users strictly interleaved.
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < rounds * 2) {
          const token = next++ % 2 === 0 ? demo : other;
          results.push({ token, res: await stack.gql<Data>(QUERY, {}, token) });
        }
      }),
    );
    expect(results).toHaveLength(rounds * 2);
    for (const { token, res } of results) {
      expect(res.errors).toBeUndefined();
      expect(JSON.stringify(res.data)).toBe(token === demo ? demoIds : otherIds);
    }
    const requests = stack.apiRequests();
    // 1 accounts call + 2 per account, per request: demo has 2 accounts, other has 1.
    expect(requests).toHaveLength(rounds * (1 + 2 * 2) + rounds * (1 + 2 * 1));
    const otherAccount = SEED_IDS.accounts.other;
    for (const request of requests) {
      const isOther = request.authorization === `Bearer ${other}`;
      expect(isOther || request.authorization === `Bearer ${demo}`).toBe(true);
      if (request.accountId) expect(request.accountId === otherAccount).toBe(isOther);
    }
  });

  it("a token crafted with the other user's `sub` receives nothing of theirs", async () => {
    const demo = stack.demoToken();
    const [header, payload, signature] = demo.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const otherClaims = JSON.parse(
      Buffer.from(stack.otherToken().split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    const forged = [
      header,
      Buffer.from(JSON.stringify({ ...claims, sub: otherClaims.sub })).toString('base64url'),
      signature,
    ].join('.');
    const res = await stack.gql(QUERY, {}, forged);
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res)).not.toContain(SEED_IDS.accounts.other);
  });

  it('no token ever appears in logs, metrics or error payloads', async () => {
    const token = stack.demoToken();
    stack.sim.addFault({ path: '/api/groups', kind: 'status', status: 500, times: 1 });
    const failed = await stack.gql(QUERY, {}, token);
    expect(failed.errors!.length).toBeGreaterThan(0);
    stack.sim.expireToken(token);
    const expired = await stack.gql(QUERY, {}, token);
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    const everything = [JSON.stringify(failed), JSON.stringify(expired), metrics, ...logLines].join(
      '\n',
    );
    expect(logLines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2]!);
  });
});
