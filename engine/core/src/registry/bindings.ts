import type { Binding, TriggerTypeEntry, WorkerRecord } from '../model'

/** Bindings by id, with an index by trigger type for re-delivery. */
export class BindingRegistry {
  private readonly byId = new Map<string, Binding>()
  private readonly byType = new Map<string, Set<Binding>>()
  private readonly byOwner = new Map<WorkerRecord, Set<Binding>>()

  get(id: string): Binding | undefined {
    return this.byId.get(id)
  }

  add(binding: Binding): void {
    const previous = this.byId.get(binding.id)
    if (previous) this.remove(previous)
    this.byId.set(binding.id, binding)
    if (binding.owner) {
      let owned = this.byOwner.get(binding.owner)
      if (!owned) {
        owned = new Set()
        this.byOwner.set(binding.owner, owned)
      }
      owned.add(binding)
    }
    let set = this.byType.get(binding.trigger_type)
    if (!set) {
      set = new Set()
      this.byType.set(binding.trigger_type, set)
    }
    set.add(binding)
  }

  remove(binding: Binding): void {
    if (this.byId.get(binding.id) !== binding) return
    this.byId.delete(binding.id)
    this.byType.get(binding.trigger_type)?.delete(binding)
    if (!binding.owner) return
    const owned = this.byOwner.get(binding.owner)
    owned?.delete(binding)
    if (owned?.size === 0) this.byOwner.delete(binding.owner)
  }

  ofType(triggerType: string): Binding[] {
    return [...(this.byType.get(triggerType) ?? [])]
  }

  ownedBy(owner: WorkerRecord): Binding[] {
    return [...(this.byOwner.get(owner) ?? [])]
  }

  countOwnedBy(owner: WorkerRecord): number {
    return this.byOwner.get(owner)?.size ?? 0
  }

  deliveredTo(provider: TriggerTypeEntry): number {
    let n = 0
    for (const b of this.byType.get(provider.id) ?? []) if (b.provider === provider) n++
    return n
  }

  all(): IterableIterator<Binding> {
    return this.byId.values()
  }

  get size(): number {
    return this.byId.size
  }
}
