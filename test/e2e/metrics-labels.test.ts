import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KNOWN_OPERATIONS, MAX_OTHER_OPERATIONS } from '../../src/observability/metrics';
import { codes, type Stack, startStack } from '../utils/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());
beforeEach(() => {
  stack.sim.reset();
});

describe('metrics labels stay bounded whatever the clients send', () => {
  const metricsText = async () => (await fetch(`${stack.gateway.url}/metrics`)).text();
  const operationLabels = (text: string) =>
    new Set(
      [...text.matchAll(/^graphql_operations_total\{operation="([^"]*)"/gm)].map((m) => m[1]),
    );

  it('many distinct long and short operation names: /metrics stays small, labels bounded', async () => {
    // Named operations of operations/ keep their own label whatever came before.
    const long = (i: number) => `Q${i}_${'x'.repeat(2_000)}`;
    for (let i = 0; i < 120; i++) {
      const res = await stack.gql(`query ${long(i)} { accounts { id } }`, {}, null);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    }
    for (let i = 0; i < 150; i++) {
      await stack.gql(`query Short${i} { accounts { id } }`, {}, null);
    }
    await stack.gql('query Brokers { accounts { id } }', {}, null);
    const text = await metricsText();
    expect(text.length).toBeLessThan(300_000);
    expect(text).not.toContain('x'.repeat(65));
    const labels = operationLabels(text);
    // At most 100 names beyond the known ones (operations/ and "anonymous"), then "other".
    expect(MAX_OTHER_OPERATIONS).toBe(100);
    expect(KNOWN_OPERATIONS).toContain('Brokers');
    expect(labels.size).toBeLessThanOrEqual(MAX_OTHER_OPERATIONS + KNOWN_OPERATIONS.length + 2);
    expect(labels.has('other')).toBe(true);
    expect(labels.has('Brokers')).toBe(true);
    expect(labels.has('Short0')).toBe(true);
    expect(labels.has('Short149')).toBe(false);
    expect(text).toMatch(
      /graphql_operations_total\{operation="other",outcome="UNAUTHENTICATED"\} \d+/,
    );
  });
});
