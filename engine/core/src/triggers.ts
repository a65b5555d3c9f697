import { type ErrorBody, IIIError, type TriggerRegistrationResultFrame } from '@iii/protocol'
import { binderOf } from './binder'
import { DEFAULT_NAMESPACE } from './ids'
import type { Router } from './invocation/router'
import type { Logger } from './logger'
import type { Binding, BindingInfo, TriggerTypeEntry } from './model'
import type { BindingRegistry } from './registry/bindings'
import type { TriggerTypeRegistry } from './registry/trigger-types'

export interface TriggersDeps {
  types: TriggerTypeRegistry
  bindings: BindingRegistry
  router: Router
  logger: Logger
  /** Tells the binder (if still connected) that its binding failed. */
  reportToBinder: (binding: Binding, error: ErrorBody) => void
  /** Sends a frame to a session provider; false when it is gone. */
  sendToProvider: (provider: TriggerTypeEntry, frame: object) => boolean
  /** Told where each new binding ended up (the `binding:added` event). */
  onBinding?: (event: BindingOutcome) => void
}

/** Where a new binding ended up. */
export interface BindingOutcome {
  binding: Binding
  status: 'active' | 'parked' | 'refused'
  error?: string
}

export interface FireOptions {
  traceparent?: string
  baggage?: string
  timeoutMs?: number
}

/** A condition function to ask about a payload (PROTOCOL.md §7.5). */
export interface ConditionCheck extends FireOptions {
  functionId: string
  namespace: string
  payload: unknown
}

export type FireResult =
  | { skipped: true; reason: 'condition' }
  | { skipped: false; result: unknown }

/** How long `engine::register_trigger` waits for a worker provider's answer (PROTOCOL.md §4.8). */
export const providerAckTimeoutMs = 10_000

const info = (b: Binding): BindingInfo => {
  const out: BindingInfo = {
    id: b.id,
    trigger_type: b.trigger_type,
    function_id: b.function_id,
    config: b.config,
    metadata: b.metadata,
    namespace: b.namespace,
  }
  const binder = binderOf(b.owner)
  if (binder) out.binder = binder
  return out
}

/**
 * Trigger types, bindings, provider resolution, parking and re-delivery (PROTOCOL.md §7),
 * plus condition evaluation and firing for built-in providers.
 */
export class Triggers {
  private readonly acks = new Map<string, (error: ErrorBody | undefined) => void>()

  constructor(private readonly deps: TriggersDeps) {}

  /** Provider lookup: explicit namespace only, else the binder's namespace, then `default`. */
  resolveProvider(b: Binding): TriggerTypeEntry | undefined {
    const { types } = this.deps
    if (b.trigger_namespace !== undefined) return types.get(b.trigger_namespace, b.trigger_type)
    return (
      types.get(b.binderNamespace, b.trigger_type) ?? types.get(DEFAULT_NAMESPACE, b.trigger_type)
    )
  }

  /** Adds a type (replacing any provider at the same key) and re-delivers its bindings. */
  async registerType(entry: TriggerTypeEntry): Promise<void> {
    const previous = this.deps.types.set(entry)
    if (previous)
      this.deps.logger.debug('trigger type provider replaced', {
        trigger_type: entry.id,
        namespace: entry.namespace,
      })
    await this.reconcile(entry.id)
  }

  /** Removes a type; its bindings re-resolve by fallback or are parked. */
  async unregisterType(entry: TriggerTypeEntry): Promise<void> {
    if (!this.deps.types.delete(entry)) return
    for (const b of this.deps.bindings.ofType(entry.id)) if (b.provider === entry) b.provider = null
    await this.reconcile(entry.id)
  }

  /**
   * Stores and delivers a new binding. A built-in provider's refusal removes the binding and is
   * returned; with `waitForAck`, a worker provider's answer is awaited (up to 10 s).
   */
  async addBinding(b: Binding, waitForAck = false): Promise<ErrorBody | undefined> {
    this.deps.bindings.add(b)
    const provider = this.resolveProvider(b)
    if (!provider) {
      this.deps.logger.debug('binding parked: no provider yet', {
        trigger_id: b.id,
        trigger_type: b.trigger_type,
      })
      this.deps.onBinding?.({ binding: b, status: 'parked' })
      return undefined
    }
    const error = await this.deliver(b, provider, waitForAck)
    const refused = error !== undefined && provider.provider.kind === 'builtin'
    if (refused) this.deps.bindings.remove(b)
    this.deps.onBinding?.({
      binding: b,
      status: refused ? 'refused' : error ? 'parked' : 'active',
      ...(error ? { error: error.message } : {}),
    })
    return error
  }

  /** Removes a binding and tells its provider to stop. */
  async removeBinding(b: Binding): Promise<void> {
    this.deps.bindings.remove(b)
    const provider = b.provider
    b.provider = null
    if (provider) await this.undeliver(b, provider)
  }

  /** A worker provider's `triggerregistrationresult`. */
  onProviderAnswer(from: unknown, answer: TriggerRegistrationResultFrame): void {
    const { id, trigger_type: triggerType } = answer
    const error = answer.error ?? undefined
    const b = this.deps.bindings.get(id)
    if (!b?.provider || b.provider.owner !== from || b.trigger_type !== triggerType) return
    this.acks.get(id)?.(error)
    if (!error) return
    this.deps.logger.warn('provider refused binding; parked', {
      trigger_id: id,
      trigger_type: triggerType,
      error: error.message,
    })
    b.provider = null
    b.parkError = error
    this.deps.reportToBinder(b, error)
    this.deps.onBinding?.({ binding: b, status: 'parked', error: error.message })
  }

  /** Re-resolves every binding of a type and moves those whose provider changed. */
  async reconcile(triggerType: string): Promise<void> {
    for (const b of this.deps.bindings.ofType(triggerType)) {
      const target = this.resolveProvider(b)
      if (target === b.provider) continue
      const old = b.provider
      b.provider = null
      if (old && this.isLive(old)) await this.undeliver(b, old)
      if (target) {
        const error = await this.deliver(b, target, false)
        if (error)
          this.deps.logger.warn('re-delivery refused; binding parked', {
            trigger_id: b.id,
            error: error.message,
          })
      }
    }
  }

  /** Condition check (PROTOCOL.md §7.5): exactly `false` skips; an error skips and is logged. */
  async checkCondition(check: ConditionCheck): Promise<boolean> {
    const { functionId: conditionFunctionId, payload, ...rest } = check
    try {
      const result = await this.deps.router.call({
        functionId: conditionFunctionId,
        data: payload,
        ...rest,
      })
      return result !== false
    } catch (err) {
      this.deps.logger.warn('condition function failed; handler skipped', {
        function_id: conditionFunctionId,
        err: (err as Error).message,
      })
      return false
    }
  }

  /** Runs a binding: its `condition_function_id` (if any), then the target with the binding's metadata. */
  async fire(b: BindingInfo, payload: unknown, opts: FireOptions = {}): Promise<FireResult> {
    const condition = (b.config as { condition_function_id?: unknown } | null)
      ?.condition_function_id
    if (typeof condition === 'string' && condition !== '') {
      const check = { functionId: condition, namespace: b.namespace, payload, ...opts }
      if (!(await this.checkCondition(check))) return { skipped: true, reason: 'condition' }
    }
    const result = await this.deps.router.call({
      functionId: b.function_id,
      namespace: b.namespace,
      data: payload,
      metadata: b.metadata,
      ...opts,
    })
    return { skipped: false, result }
  }

  private isLive(provider: TriggerTypeEntry): boolean {
    return this.deps.types.get(provider.namespace, provider.id) === provider
  }

  private async deliver(
    b: Binding,
    provider: TriggerTypeEntry,
    waitForAck: boolean,
  ): Promise<ErrorBody | undefined> {
    b.provider = provider
    b.parkError = undefined
    if (provider.provider.kind === 'builtin') {
      try {
        await provider.provider.hooks.register(info(b))
        return undefined
      } catch (err) {
        b.provider = null
        const wrapped = IIIError.from(err, 'trigger_registration_failed')
        // A provider's refusal on ownership grounds keeps its code; any other is a failed binding.
        const code = wrapped.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'trigger_registration_failed'
        b.parkError = { code, message: wrapped.message }
        return b.parkError
      }
    }
    const { binder: _binder, ...wire } = info(b)
    const frame: Record<string, unknown> = { type: 'registertrigger', ...wire }
    if (b.metadata === undefined) delete frame.metadata
    if (b.namespace === DEFAULT_NAMESPACE) delete frame.namespace
    if (b.trigger_namespace !== undefined && b.trigger_namespace !== DEFAULT_NAMESPACE)
      frame.trigger_namespace = b.trigger_namespace
    if (!waitForAck) {
      this.deps.sendToProvider(provider, frame)
      return undefined
    }
    return new Promise<ErrorBody | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), providerAckTimeoutMs)
      const finish = (error: ErrorBody | undefined) => {
        clearTimeout(timer)
        this.acks.delete(b.id)
        resolve(error)
      }
      this.acks.set(b.id, finish)
      if (!this.deps.sendToProvider(provider, frame)) finish(undefined)
    })
  }

  private async undeliver(b: Binding, provider: TriggerTypeEntry): Promise<void> {
    if (provider.provider.kind === 'builtin') {
      try {
        await provider.provider.hooks.unregister(info(b))
      } catch (err) {
        this.deps.logger.warn('provider failed to unregister binding', {
          trigger_id: b.id,
          err: (err as Error).message,
        })
      }
      return
    }
    this.deps.sendToProvider(provider, {
      type: 'unregistertrigger',
      id: b.id,
      trigger_type: b.trigger_type,
    })
  }
}
