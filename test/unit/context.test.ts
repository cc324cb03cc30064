import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callerKey } from '../../src/context';

const sha = (value: string) => createHash('sha256').update(value).digest('base64url');

describe('callerKey', () => {
  it('is the SHA-256 of the exact token, the same whether remembered or not', () => {
    const token = 'Bearer caller-key-test';
    expect(callerKey(token)).toBe(sha(token));
    expect(callerKey(token)).toBe(sha(token));
    // More distinct tokens than it remembers: every key is still the token's own hash.
    for (let i = 0; i < 1100; i++) expect(callerKey(`Bearer t${i}`)).toBe(sha(`Bearer t${i}`));
    expect(callerKey(token)).toBe(sha(token));
    expect(callerKey(`${token}x`)).not.toBe(callerKey(token));
  });
});
