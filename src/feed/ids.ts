/** Feed ids are decimal strings of any length: compared as numbers, exactly, never as strings. */

const DECIMAL = /^\d{1,40}$/;

export const isFeedId = (value: string): boolean => DECIMAL.test(value);

function normalize(id: string): string {
  const trimmed = id.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

/** a > b, as numbers. */
export function isNewer(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return x.length !== y.length ? x.length > y.length : x > y;
}

/** Oldest first, as numbers: pages may come in any order. */
export function oldestFirst<T extends { id: string }>(messages: T[]): T[] {
  return messages.length > 1
    ? [...messages].sort((a, b) => (a.id === b.id ? 0 : isNewer(a.id, b.id) ? 1 : -1))
    : messages;
}
