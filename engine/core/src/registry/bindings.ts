import type { Binding, TriggerTypeEntry, WorkerRecord } from '../model'

/** Bindings by id, with an index by trigger type for re-delivery. */
export class BindingRegistry {
  private readonly byId = new Map<string, Binding>()
  private readonly byType = new Map<string, Set<Binding>>()

  get(id: string): Binding | undefined {
    return this.byId.get(id)
  }

  add(binding: Binding): void {
    this.byId.set(binding.id, binding)
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
  }

  ofType(triggerType: string): Binding[] {
    return [...(this.byType.get(triggerType) ?? [])]
  }

  ownedBy(owner: WorkerRecord): Binding[] {
    return [...this.byId.values()].filter((b) => b.owner === owner)
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
