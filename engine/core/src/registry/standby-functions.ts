import { keyOf } from '../ids'
import type { FunctionEntry, WorkerRecord } from '../model'

/**
 * Registrations of a function id that another live connection owns, waiting in arrival order.
 * When the owner leaves (or unregisters), the first standby whose connection is still open takes
 * the id over, so a rolling deploy has no gap (issue 12, build item 3; docs/decisions/0004).
 */
export class StandbyFunctions {
  private readonly byKey = new Map<string, FunctionEntry[]>()

  /** Queues `entry`; a repeated registration by the same owner replaces its earlier one. */
  add(entry: FunctionEntry): void {
    const key = keyOf(entry.namespace, entry.id)
    const list = (this.byKey.get(key) ?? []).filter((e) => e.owner !== entry.owner)
    list.push(entry)
    this.byKey.set(key, list)
  }

  /** Removes and returns the oldest standby of `(namespace, id)` that `alive` accepts. */
  take(
    namespace: string,
    id: string,
    alive: (owner: WorkerRecord) => boolean,
  ): FunctionEntry | undefined {
    const key = keyOf(namespace, id)
    const list = this.byKey.get(key)
    if (!list) return undefined
    let next: FunctionEntry | undefined
    while (list.length > 0 && !next) {
      const candidate = list.shift() as FunctionEntry
      if (alive(candidate.owner)) next = candidate
    }
    if (list.length === 0) this.byKey.delete(key)
    return next
  }

  /** Withdraws one owner's standby of `(namespace, id)`. */
  remove(namespace: string, id: string, owner: WorkerRecord): boolean {
    const key = keyOf(namespace, id)
    const list = this.byKey.get(key)
    if (!list) return false
    const kept = list.filter((e) => e.owner !== owner)
    if (kept.length === list.length) return false
    if (kept.length === 0) this.byKey.delete(key)
    else this.byKey.set(key, kept)
    return true
  }

  /** Withdraws every standby of a closing connection. */
  removeOwner(owner: WorkerRecord): void {
    for (const [key, list] of this.byKey) {
      const kept = list.filter((e) => e.owner !== owner)
      if (kept.length === 0) this.byKey.delete(key)
      else if (kept.length !== list.length) this.byKey.set(key, kept)
    }
  }

  /** Standbys waiting for `(namespace, id)`, oldest first. */
  waiting(namespace: string, id: string): readonly FunctionEntry[] {
    return this.byKey.get(keyOf(namespace, id)) ?? []
  }

  /** Number of waiting registrations. */
  get size(): number {
    let n = 0
    for (const list of this.byKey.values()) n += list.length
    return n
  }
}
