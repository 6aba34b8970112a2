/** Order statistics over plain arrays of numbers. */

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile, `p` in (0, 100]. */
export const percentile = (values: readonly number[], p: number): number => {
  const ordered = sorted(values);
  const rank = Math.min(ordered.length, Math.max(1, Math.ceil((p / 100) * ordered.length)));

  return ordered[rank - 1] ?? Number.NaN;
};

export const median = (values: readonly number[]): number => {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);

  if (ordered.length === 0) {
    return Number.NaN;
  }

  return ordered.length % 2 === 1
    ? ordered[middle]!
    : (ordered[middle - 1]! + ordered[middle]!) / 2;
};

export type Spread = { median: number; min: number; max: number };

export const spreadOf = (values: readonly number[]): Spread => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
});
