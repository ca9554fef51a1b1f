/** Summary of a sample of numbers; `n` is how many samples it rests on. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** Nearest-rank percentiles of `values` (sorted in place). */
export function summarize(values: number[]): Summary {
  values.sort((a, b) => a - b);
  const at = (p: number) => (values.length ? values[Math.min(values.length - 1, Math.ceil(p * values.length) - 1)]! : NaN);
  return { n: values.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), p999: at(0.999), max: values.length ? values[values.length - 1]! : NaN };
}
