import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../src/simulator';
import { type Stack, startStack } from './harness';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

interface Data {
  accounts: { id: string; dataBrokers: { id: string; group: { id: string } | null }[] }[];
}

const QUERY = '{ accounts { id dataBrokers { id group { id } } } }';

describe('isolation between callers', () => {
  it('hundreds of interleaved requests of two tokens: each sees only its own data', async () => {
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

    const rounds = 150;
    const results = await Promise.all(
      Array.from({ length: rounds * 2 }, (_, i) => {
        const token = i % 2 === 0 ? demo : other;
        return stack.gql<Data>(QUERY, {}, token).then((res) => ({ token, res }));
      }),
    );
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
});
