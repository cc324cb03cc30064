/** A small seeded generator, so that seed data and the ids the store mints are reproducible. */

export type Random = () => number;

/** mulberry32: uniform floats in [0, 1) from a 32-bit state. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to derive a generator seed from a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function chars(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export function hexString(random: Random, length: number): string {
  return chars(random, '0123456789abcdef', length);
}

export function alphanumeric(random: Random, length: number): string {
  return chars(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', length);
}

/** A 24-hex id shaped like a MongoDB ObjectId: 8 hex of creation time (seconds), then 16 more. */
export function objectId(random: Random, createdAtSeconds: number): string {
  return createdAtSeconds.toString(16).padStart(8, '0') + hexString(random, 16);
}

/** The creation time an ObjectId-shaped id carries, as an ISO date. */
export function objectIdTime(id: string): string {
  return new Date(Number.parseInt(id.slice(0, 8), 16) * 1000).toISOString();
}
