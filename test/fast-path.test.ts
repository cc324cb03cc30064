import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../src/simulator';
import { type Stack, startStack } from './harness';

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack();
  token = stack.demoToken();
});
afterAll(() => stack.stop());

/**
 * A JSON POST without an Origin takes the gateway's fast path; the same request with an Origin
 * takes Yoga's own HTTP handling. Both must answer the same, byte for byte.
 */
async function both(body: string, headers: Record<string, string>) {
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
  return { fast: await send({}), yoga: await send({ origin: 'http://127.0.0.1:1' }) };
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
