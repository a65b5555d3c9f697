import { keyOf } from '../ids'
import type { FunctionEntry, WorkerRecord } from '../model'

/** Functions keyed by `(namespace, id)`. Bumps `version` on every change. */
export class FunctionRegistry {
  private readonly byKey = new Map<string, FunctionEntry>()
  /** Namespaces each id lives in, for "not found" hints and ambiguous lookups. */
  private readonly namespacesById = new Map<string, Set<string>>()
  version = 0

  get(namespace: string, id: string): FunctionEntry | undefined {
    return this.byKey.get(keyOf(namespace, id))
  }

  namespacesOf(id: string): string[] {
    return [...(this.namespacesById.get(id) ?? [])].sort()
  }

  set(entry: FunctionEntry): void {
    this.byKey.set(keyOf(entry.namespace, entry.id), entry)
    let set = this.namespacesById.get(entry.id)
    if (!set) {
      set = new Set()
      this.namespacesById.set(entry.id, set)
    }
    set.add(entry.namespace)
    this.version++
  }

  /** Removes the entry only when `owner` (if given) still owns it. */
  delete(namespace: string, id: string, owner?: WorkerRecord): boolean {
    const key = keyOf(namespace, id)
    const entry = this.byKey.get(key)
    if (!entry || (owner && entry.owner !== owner)) return false
    this.byKey.delete(key)
    const set = this.namespacesById.get(id)
    set?.delete(namespace)
    if (set?.size === 0) this.namespacesById.delete(id)
    this.version++
    return true
  }

  ownedBy(owner: WorkerRecord): FunctionEntry[] {
    return [...this.byKey.values()].filter((f) => f.owner === owner)
  }

  countOwnedBy(owner: WorkerRecord): number {
    let n = 0
    for (const f of this.byKey.values()) if (f.owner === owner) n++
    return n
  }

  all(): IterableIterator<FunctionEntry> {
    return this.byKey.values()
  }

  get size(): number {
    return this.byKey.size
  }
}
