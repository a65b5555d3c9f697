import type { EngineLink } from './engine-link'
import { redactedMark } from './redact'

/**
 * A `configuration::set` from the browser carries `"[redacted]"` where the page was shown a
 * secret. Those fields get the stored value back (read raw, on the server), so editing an entry
 * never overwrites a secret the browser was not allowed to see.
 */
export async function restoreRedacted(link: EngineLink, payload: unknown): Promise<unknown> {
  const p = payload as { id?: unknown; value?: unknown } | null
  if (!p || typeof p !== 'object' || typeof p.id !== 'string' || !hasMark(p.value)) return payload
  const current = (await link.unredacted('configuration::get', { id: p.id, raw: true })) as {
    value?: unknown
  } | null
  return { ...p, value: merge(p.value, current?.value) }
}

function hasMark(value: unknown, depth = 0): boolean {
  if (value === redactedMark) return true
  if (value === null || typeof value !== 'object' || depth > 64) return false
  return Object.values(value).some((v) => hasMark(v, depth + 1))
}

function merge(next: unknown, current: unknown, depth = 0): unknown {
  if (next === redactedMark) return current === undefined ? next : current
  if (next === null || typeof next !== 'object' || depth > 64) return next
  if (current === null || typeof current !== 'object') return next
  if (Array.isArray(next)) return next.map((v, i) => merge(v, (current as unknown[])[i], depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(next))
    out[k] = merge(v, (current as Record<string, unknown>)[k], depth + 1)
  return out
}
