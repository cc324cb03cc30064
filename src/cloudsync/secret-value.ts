import { createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A credential as the gateway carries it between the schema and the upstream call: every way of
 * printing it (String(), template literals, JSON.stringify, util.inspect, pino) shows `[secret]`.
 * Only the cloudsync client calls reveal(), when it builds the upstream request.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** A credential as the client accepts it: a SecretValue from the schema, or a plain string. */
export type SecretInput = string | SecretValue;

export const revealSecret = (value: SecretInput): string =>
  typeof value === 'string' ? value : value.reveal();

/** Replaces every exact secret value in a text (an upstream or broker message) with `[secret]`. */
export function redactSecrets(text: string, secrets: readonly SecretInput[]): string {
  let out = text;
  const values = secrets
    .map(revealSecret)
    .filter((value) => value.length > 0)
    // Longest first: a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  for (const value of values) out = out.split(value).join(REDACTED);
  return out;
}

/** The per-process key of secretKey(): random at start, never stored or logged. */
const HMAC_KEY = randomBytes(32);

/**
 * A secret's stand-in for cache and single-flight keys: an HMAC-SHA256 under a per-process random
 * key, so equal secrets share a key, different ones never do, and the raw value sits in no map.
 */
export function secretKey(value: SecretInput): string {
  return createHmac('sha256', HMAC_KEY).update(revealSecret(value)).digest('base64url');
}
