import { type BindingInfo, parseInput, type WorkerContext } from '@iii/core'
import type { PushMessage } from './message'
import { JoinLeaveConfig, JoinLeavePayloadSchema, StreamTriggerConfig } from './schemas'

/** What `stream:join` and `stream:leave` bindings receive (BUILTINS.md §6.2). */
export interface JoinLeavePayload {
  subscription_id: string
  stream_name: string
  group_id: string
  id?: string
  context: unknown
}

interface StreamBinding {
  binding: BindingInfo
  config: StreamTriggerConfig
}

const isUnauthorized = (result: unknown) =>
  typeof result === 'object' &&
  result !== null &&
  (result as { unauthorized?: unknown }).unauthorized === true

/** The `stream`, `stream:join` and `stream:leave` trigger types and their bindings. */
export class StreamTriggers {
  private readonly streamBindings = new Map<string, StreamBinding>()
  private readonly joinBindings = new Map<string, BindingInfo>()
  private readonly leaveBindings = new Map<string, BindingInfo>()

  constructor(private readonly ctx: WorkerContext) {}

  async registerTypes(): Promise<void> {
    await this.ctx.registerTriggerType(
      {
        id: 'stream',
        description:
          'Fires on every create, update, delete and event of a stream (optionally one group or item).',
        trigger_request_format: StreamTriggerConfig,
      },
      {
        register: (b) => {
          const config = parseInput(StreamTriggerConfig, b.config, 'trigger_registration_failed')
          this.streamBindings.set(b.id, { binding: b, config })
        },
        unregister: (b) => void this.streamBindings.delete(b.id),
      },
    )
    await this.ctx.registerTriggerType(
      {
        id: 'stream:join',
        description: 'Runs when a browser joins a stream; answer {unauthorized: true} to refuse.',
        trigger_request_format: JoinLeaveConfig,
        call_request_format: JoinLeavePayloadSchema,
      },
      this.joinLeaveProvider(this.joinBindings),
    )
    await this.ctx.registerTriggerType(
      {
        id: 'stream:leave',
        description: 'Runs when a browser leaves a stream or disconnects.',
        trigger_request_format: JoinLeaveConfig,
        call_request_format: JoinLeavePayloadSchema,
      },
      this.joinLeaveProvider(this.leaveBindings),
    )
  }

  /** Fires every matching `stream` binding; delivery is asynchronous and failures are logged. */
  fireStream(message: PushMessage): void {
    for (const { binding, config } of this.streamBindings.values()) {
      if (config.stream_name !== message.streamName) continue
      if (config.group_id !== undefined && config.group_id !== message.groupId) continue
      if (config.item_id !== undefined && config.item_id !== message.id) continue
      this.ctx.fire(binding, message).catch((err: Error) => {
        this.ctx.logger.warn('stream trigger handler failed', {
          trigger_id: binding.id,
          function_id: binding.function_id,
          err: err.message,
        })
      })
    }
  }

  /**
   * Runs every `stream:join` binding; the join is refused when any answers `{unauthorized: true}`
   * or fails (a broken authorisation hook must not let everyone in).
   */
  async authorizeJoin(payload: JoinLeavePayload): Promise<boolean> {
    const outcomes = await Promise.all(
      [...this.joinBindings.values()].map(async (binding) => {
        try {
          const outcome = await this.ctx.fire(binding, payload)
          return !(outcome.skipped === false && isUnauthorized(outcome.result))
        } catch (err) {
          this.ctx.logger.warn('stream:join handler failed; join refused', {
            trigger_id: binding.id,
            err: (err as Error).message,
          })
          return false
        }
      }),
    )
    return outcomes.every(Boolean)
  }

  /** Runs every `stream:leave` binding and waits for them; failures are logged. */
  async notifyLeave(payload: JoinLeavePayload): Promise<void> {
    await Promise.all(
      [...this.leaveBindings.values()].map((binding) =>
        this.ctx.fire(binding, payload).catch((err: Error) => {
          this.ctx.logger.warn('stream:leave handler failed', {
            trigger_id: binding.id,
            err: err.message,
          })
        }),
      ),
    )
  }

  private joinLeaveProvider(bindings: Map<string, BindingInfo>) {
    return {
      register: (b: BindingInfo) => {
        if (b.config !== undefined && b.config !== null)
          parseInput(JoinLeaveConfig, b.config, 'trigger_registration_failed')
        bindings.set(b.id, b)
      },
      unregister: (b: BindingInfo) => void bindings.delete(b.id),
    }
  }
}
