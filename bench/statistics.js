/** Order statistics over plain arrays of numbers. */

const sorted = (values) => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile, `p` in (0, 100]. */
export const percentile = (values, p) => {
  if (values.length === 0) {
    return Number.NaN;
  }

  const ordered = sorted(values);

  return ordered[Math.min(ordered.length, Math.max(1, Math.ceil((p / 100) * ordered.length))) - 1];
};

export const median = (values) => {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);

  return ordered.length % 2 === 1 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2;
};
