import { keyOf } from '../ids'
import type { FunctionEntry, WorkerRecord } from '../model'

/** Functions keyed by `(namespace, id)`. Bumps `version` on every change. */
export class FunctionRegistry {
  private readonly byKey = new Map<string, FunctionEntry>()
  /** Namespaces each id lives in, for "not found" hints and ambiguous lookups. */
  private readonly namespacesById = new Map<string, Set<string>>()
  /** Each owner's entries, so per-connection counts and cleanup never scan every function. */
  private readonly byOwner = new Map<WorkerRecord, Set<FunctionEntry>>()
  version = 0

  get(namespace: string, id: string): FunctionEntry | undefined {
    return this.byKey.get(keyOf(namespace, id))
  }

  namespacesOf(id: string): string[] {
    return [...(this.namespacesById.get(id) ?? [])].sort()
  }

  set(entry: FunctionEntry): void {
    const key = keyOf(entry.namespace, entry.id)
    const previous = this.byKey.get(key)
    if (previous) this.unindex(previous)
    this.byKey.set(key, entry)
    let owned = this.byOwner.get(entry.owner)
    if (!owned) {
      owned = new Set()
      this.byOwner.set(entry.owner, owned)
    }
    owned.add(entry)
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
    this.unindex(entry)
    const set = this.namespacesById.get(id)
    set?.delete(namespace)
    if (set?.size === 0) this.namespacesById.delete(id)
    this.version++
    return true
  }

  ownedBy(owner: WorkerRecord): FunctionEntry[] {
    return [...(this.byOwner.get(owner) ?? [])]
  }

  countOwnedBy(owner: WorkerRecord): number {
    return this.byOwner.get(owner)?.size ?? 0
  }

  private unindex(entry: FunctionEntry): void {
    const owned = this.byOwner.get(entry.owner)
    owned?.delete(entry)
    if (owned?.size === 0) this.byOwner.delete(entry.owner)
  }

  all(): IterableIterator<FunctionEntry> {
    return this.byKey.values()
  }

  get size(): number {
    return this.byKey.size
  }
}
