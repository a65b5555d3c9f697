import { type BindingInfo, parseInput, type TriggerProvider, type WorkerContext } from '@iii/core'
import { Type } from '@sinclair/typebox'
import type { PubsubBackend, Unsubscribe } from './backend'

/** Config of a `subscribe` binding. */
export const SubscribeConfig = Type.Object({
  topic: Type.String({ minLength: 1 }),
  condition_function_id: Type.Optional(Type.String()),
})

/**
 * The `subscribe` trigger type: each binding is its own backend subscription, so every binding
 * on a topic receives every message, with the published `data` itself as the handler's input.
 */
export class Subscriptions {
  private readonly live = new Map<string, Promise<Unsubscribe>>()

  constructor(
    private readonly ctx: WorkerContext,
    private readonly backend: PubsubBackend,
  ) {}

  /** The provider handed to `registerTriggerType`. */
  provider(): TriggerProvider {
    return {
      register: (binding) => this.add(binding),
      unregister: (binding) => this.remove(binding.id),
    }
  }

  /** Ends every subscription (the backend closes after). */
  async clear(): Promise<void> {
    await Promise.all([...this.live.keys()].map((id) => this.remove(id)))
  }

  private async add(binding: BindingInfo): Promise<void> {
    const { topic } = parseInput(
      SubscribeConfig,
      binding.config ?? {},
      'trigger_registration_failed',
    )
    const subscribed = this.backend.subscribe(topic, (data) => this.deliver(binding, data))
    this.live.set(binding.id, subscribed)
    try {
      await subscribed
    } catch (err) {
      if (this.live.get(binding.id) === subscribed) this.live.delete(binding.id)
      throw err
    }
  }

  private async remove(id: string): Promise<void> {
    const subscribed = this.live.get(id)
    if (!subscribed) return
    this.live.delete(id)
    const unsubscribe = await subscribed.catch(() => undefined)
    await unsubscribe?.()
  }

  private deliver(binding: BindingInfo, data: unknown): void {
    this.ctx.fire(binding, data).catch((err: Error) => {
      this.ctx.logger.warn('subscribe handler failed', {
        trigger_id: binding.id,
        function_id: binding.function_id,
        err: err.message,
      })
    })
  }
}
