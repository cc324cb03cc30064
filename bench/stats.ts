/** Small, exact statistics over the samples a scenario collected. */

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The p-th percentile (0..100) of ascending values, nearest-rank; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(values: Iterable<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
  };
}

export function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

/**
 * Sequential rounds in a list of arrival times (ms): sorted, a gap of more than `gapMs` between
 * two consecutive arrivals starts a new round. With every upstream call taking L ms, a call that
 * depends on an earlier answer arrives at least L ms after it, while the calls of one round arrive
 * back to back (spread only by the simulator working through them), so gapMs = L / 2 separates
 * the rounds.
 */
export function rounds(arrivals: number[], gapMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let count = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const at of sorted) {
    if (at - previous > gapMs) count++;
    previous = at;
  }
  return count;
}

export const round = (value: number, digits = 2): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};
