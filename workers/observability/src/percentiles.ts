/**
 * Latency histogram bounds in ms: log-spaced, about 12 % apart, from 0.05 ms to ~2 h. A
 * percentile read from it is the upper bound of its bucket, within 12 % of the true value.
 */
export const latencyBoundsMs: readonly number[] = (() => {
  const out: number[] = []
  for (let b = 0.05; b < 8_000_000; b *= 1.12) out.push(Math.round(b * 1000) / 1000)
  return out
})()

/** The histogram bucket of a duration. */
export function latencyBucket(ms: number): number {
  let lo = 0
  let hi = latencyBoundsMs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((latencyBoundsMs[mid] as number) < ms) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A histogram over {@link latencyBoundsMs} (the last slot counts values above them all). */
export const newHistogram = () => new Uint32Array(latencyBoundsMs.length + 1)

/** The `q` quantile (0–1) of a histogram holding `total` values: its bucket's upper bound. */
export function histogramQuantile(counts: Uint32Array, total: number, q: number): number {
  if (total === 0) return 0
  const rank = Math.max(1, Math.ceil(q * total))
  let seen = 0
  const last = latencyBoundsMs.at(-1) as number
  for (let bucket = 0; bucket < counts.length; bucket++) {
    seen += counts[bucket] as number
    if (seen >= rank) return latencyBoundsMs[bucket] ?? last
  }
  return last
}

/** The exact `q` quantile of a list of values (nearest rank). */
export function exactQuantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.max(1, Math.ceil(q * sorted.length))
  return sorted[rank - 1] as number
}
