/** The `p`-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

export const median = (values: readonly number[]): number => percentile(values, 50)

/** A number with about three significant digits, for humans. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 100) return Math.round(value).toLocaleString('en-US')
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 1) return value.toFixed(2)
  return value.toPrecision(3)
}

/** A payload size for names: `100B`, `10KB`, `1MB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}MB`
  if (bytes >= 1000 && bytes % 1024 === 0) return `${bytes / 1024}KB`
  return `${bytes}B`
}

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const nowMs = (): number => performance.now()
