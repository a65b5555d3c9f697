/**
 * A typed name for a capability one built-in worker provides and others use, so worker packages
 * never import each other. `T` is the capability's interface.
 *
 * @example
 * const clock = defineSlot<{ now(): number }>('clock')
 */
export interface Slot<T> {
  readonly id: string
  /** Type marker only; never set. */
  readonly __type?: T
}

export const defineSlot = <T>(id: string): Slot<T> => ({ id })

/** The capabilities provided right now, by slot id. One provider per slot at a time. */
export class SlotRegistry {
  private readonly providers = new Map<string, unknown>()

  /** Installs `impl`; throws when another provider holds the slot. Returns the disposer. */
  provide<T>(slot: Slot<T>, impl: T): () => void {
    if (this.providers.has(slot.id)) throw new Error(`slot ${slot.id} is already provided`)
    this.providers.set(slot.id, impl)
    return () => {
      if (this.providers.get(slot.id) === impl) this.providers.delete(slot.id)
    }
  }

  /** The current provider, if any. Look it up at use time: providers come and go with their workers. */
  use<T>(slot: Slot<T>): T | undefined {
    return this.providers.get(slot.id) as T | undefined
  }
}
