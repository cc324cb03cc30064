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
