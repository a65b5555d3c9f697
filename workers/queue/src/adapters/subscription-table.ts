import type { Subscription } from '../job'

interface Row {
  sub: Subscription
  /** Binding id → alive until (epoch ms). */
  bindings: Map<string, number>
}

const keyOf = (s: Subscription) => `${s.namespace}\u0000${s.function_id}`

/** In-process subscriptions of durable topics (memory and file adapters). */
export class SubscriptionTable {
  private readonly topics = new Map<string, Map<string, Row>>()

  add(sub: Subscription, bindingId: string, untilMs: number): void {
    let rows = this.topics.get(sub.topic)
    if (!rows) {
      rows = new Map()
      this.topics.set(sub.topic, rows)
    }
    const key = keyOf(sub)
    const row = rows.get(key) ?? { sub, bindings: new Map() }
    row.sub = sub
    row.bindings.set(bindingId, untilMs)
    rows.set(key, row)
  }

  remove(sub: Subscription, bindingId: string): void {
    const rows = this.topics.get(sub.topic)
    const row = rows?.get(keyOf(sub))
    if (!rows || !row) return
    row.bindings.delete(bindingId)
    if (row.bindings.size === 0) rows.delete(keyOf(sub))
    if (rows.size === 0) this.topics.delete(sub.topic)
  }

  /** Subscriptions with a binding alive at `now`. */
  live(topic: string, now: number): Subscription[] {
    const out: Subscription[] = []
    for (const row of this.topics.get(topic)?.values() ?? []) {
      for (const until of row.bindings.values()) {
        if (until > now) {
          out.push(row.sub)
          break
        }
      }
    }
    return out
  }
}
