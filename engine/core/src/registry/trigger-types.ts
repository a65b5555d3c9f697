import { keyOf } from '../ids'
import type { TriggerTypeEntry, WorkerRecord } from '../model'

/** Trigger types keyed by `(namespace, id)`. */
export class TriggerTypeRegistry {
  private readonly byKey = new Map<string, TriggerTypeEntry>()

  get(namespace: string, id: string): TriggerTypeEntry | undefined {
    return this.byKey.get(keyOf(namespace, id))
  }

  set(entry: TriggerTypeEntry): TriggerTypeEntry | undefined {
    const key = keyOf(entry.namespace, entry.id)
    const previous = this.byKey.get(key)
    this.byKey.set(key, entry)
    return previous
  }

  delete(entry: TriggerTypeEntry): boolean {
    const key = keyOf(entry.namespace, entry.id)
    if (this.byKey.get(key) !== entry) return false
    this.byKey.delete(key)
    return true
  }

  countOwnedBy(owner: WorkerRecord): number {
    let n = 0
    for (const t of this.byKey.values()) if (t.owner === owner) n++
    return n
  }

  ownedBy(owner: WorkerRecord): TriggerTypeEntry[] {
    return [...this.byKey.values()].filter((t) => t.owner === owner)
  }

  all(): IterableIterator<TriggerTypeEntry> {
    return this.byKey.values()
  }

  get size(): number {
    return this.byKey.size
  }
}
