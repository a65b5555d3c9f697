const secretKey =
  /(secret|password|passwd|token|api[-_]?key|access[-_]?key|private[-_]?key|authorization|cookie|credential)/i

/** What a secret field's value becomes. */
export const redactedMark = '[redacted]'

/**
 * A copy of `value` with every field whose name looks secret replaced by `"[redacted]"`, so no
 * secret in a result (a worker's config, a function's metadata) reaches the browser.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 64) return value
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const secret = secretKey.test(k) && v !== null && typeof v !== 'object' && v !== ''
    out[k] = secret ? redactedMark : redactSecrets(v, depth + 1)
  }
  return out
}
