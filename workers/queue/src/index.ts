import type { BuiltinWorker, WorkerDefinition } from '@iii/core'
import { MemoryQueueStore } from './adapters/memory'
import { type QueueConfig, QueueConfigSchema } from './config'
import { queueFunctions } from './functions'
import { Queues } from './queues'
import type { QueueStore } from './store'

export { MemoryQueueStore } from './adapters/memory'
export { backoffDelay, type QueueConfig, QueueConfigSchema, type QueueSettings } from './config'
export type { DlqEntry, Job, QueueStats } from './job'
export type { ClaimOptions, QueueStore, ReapResult } from './store'

/** Builds the configured store. */
export function createQueueStore(config: QueueConfig): QueueStore {
  const name = config.adapter.name
  if (name === 'memory' || (name === 'builtin' && (config.adapter.config?.store_method ?? 'in_memory') === 'in_memory')) {
    return new MemoryQueueStore()
  }
  throw new Error(`unknown queue adapter "${name}"; use memory`)
}

/** `iii-queue`: named queues behind `TriggerAction.Enqueue`. On by default. */
export const queueWorker: WorkerDefinition<QueueConfig> = {
  name: 'iii-queue',
  aliases: ['queue'],
  defaultOn: true,
  configSchema: QueueConfigSchema,
  create(config): BuiltinWorker {
    let queues: Queues | undefined
    return {
      async start(ctx) {
        queues = new Queues(createQueueStore(config), config, ctx)
        for (const [id, description, handler] of queueFunctions(queues)) ctx.registerFunction({ id, description }, handler)
        queues.start()
      },
      async stop() {
        await queues?.stop()
      },
    }
  },
}
