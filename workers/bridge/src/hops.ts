/**
 * The bridge-crossing budget of a call, carried in W3C baggage as `iii.bridge.hops=<n>`. Each
 * bridge adds one when a call crosses it; a call that would exceed `max_hops` is refused with
 * `BRIDGE_LOOP`. Calls nested inside a bridged call inherit the count, so the budget also bounds
 * legitimate A → B → A chains (8 crossings by default).
 */
const HOPS_KEY = 'iii.bridge.hops'

/** The count in `baggage`, 0 when absent or unreadable. */
export function hopsOf(baggage: string | undefined): number {
  if (!baggage?.includes(HOPS_KEY)) return 0
  for (const part of baggage.split(',')) {
    const [key, value] = part.split(';', 1)[0]?.split('=') ?? []
    if (key?.trim() === HOPS_KEY) {
      const n = Number.parseInt(value?.trim() ?? '', 10)
      return Number.isFinite(n) && n > 0 ? n : 0
    }
  }
  return 0
}

/** `baggage` with the count set to `hops`, every other entry kept. */
export function withHops(baggage: string | undefined, hops: number): string {
  const entry = `${HOPS_KEY}=${hops}`
  if (!baggage) return entry
  const others = baggage
    .split(',')
    .filter((part) => part.split('=')[0]?.trim() !== HOPS_KEY && part.trim() !== '')
  return [...others, entry].join(',')
}
