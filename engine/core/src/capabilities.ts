/**
 * A typed name for a capability one built-in worker offers to the others, so worker packages
 * never import each other. `T` is the capability's interface. Unlike the engine's fixed
 * extension slots (`slots.ts`), capabilities are named at run time (one per bridge, say).
 *
 * @example
 * const clock = defineCapability<{ now(): number }>('clock')
 */
export interface Capability<T> {
  readonly id: string
  /** Type marker only; never set. */
  readonly __type?: T
}

export const defineCapability = <T>(id: string): Capability<T> => ({ id })

interface Offer {
  impl: unknown
  owner: string
}

/** The capabilities offered right now, by id. One provider per capability at a time. */
export class CapabilityRegistry {
  private readonly offers = new Map<string, Offer>()

  /** Installs `impl` for `owner`; throws when another worker offers `cap`. Returns the disposer. */
  offer<T>(cap: Capability<T>, impl: T, owner: string): () => void {
    const held = this.offers.get(cap.id)
    if (held)
      throw new Error(
        `${owner} cannot offer capability "${cap.id}": ${held.owner} already offers it`,
      )
    const offer: Offer = { impl, owner }
    this.offers.set(cap.id, offer)
    return () => {
      if (this.offers.get(cap.id) === offer) this.offers.delete(cap.id)
    }
  }

  /** The current provider, if any. Look it up at use time: providers come and go with their workers. */
  use<T>(cap: Capability<T>): T | undefined {
    return this.offers.get(cap.id)?.impl as T | undefined
  }

  /** Withdraws every capability `owner` offers (a stopped worker). */
  releaseOwner(owner: string): void {
    for (const [id, offer] of this.offers) if (offer.owner === owner) this.offers.delete(id)
  }
}
