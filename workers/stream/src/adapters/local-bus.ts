import type { PushMessage } from '../message'

/** In-process fan-out for the memory and file adapters. */
export class LocalBus {
  private readonly listeners = new Set<(message: PushMessage) => void>()

  /** Delivers to every listener now; one listener's failure never stops the others. */
  publish(message: PushMessage, onError: (err: unknown) => void): void {
    for (const listener of this.listeners) {
      try {
        listener(message)
      } catch (err) {
        onError(err)
      }
    }
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  clear(): void {
    this.listeners.clear()
  }
}
