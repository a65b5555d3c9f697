import type { TriggerAction as WireAction } from '@iii/protocol'

export type TriggerActionValue = WireAction

/**
 * How `trigger()` routes a call. Omit `action` for a synchronous call.
 *
 * @example
 * worker.trigger({ function_id: 'mail::send', payload, action: TriggerAction.Enqueue({ queue: 'default' }) })
 */
export const TriggerAction = {
  /** Fire-and-forget; resolves with `undefined` once sent. */
  Void: (): { type: 'void' } => ({ type: 'void' }),
  /** Hand the call to a named queue; resolves with `{ messageReceiptId }`. */
  Enqueue: (options: { queue: string; idempotency_key?: string; delay_ms?: number }) => ({
    type: 'enqueue' as const,
    ...options,
  }),
} as const
