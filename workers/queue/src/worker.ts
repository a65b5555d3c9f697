import type { BuiltinWorker, Logger, WorkerDefinition } from '@iii/core'
import { type AdapterChoice, chooseAdapter } from './adapters/choose'
import { createQueueStore } from './adapters/create'
import { MemoryQueueStore } from './adapters/memory'
import { QueueAdmin } from './admin'
import { type QueueConfig, QueueConfigSchema } from './config'
import { checkQueueConfig } from './config-check'
import { queueFunctions } from './functions'
import { SubscriberConfig } from './inputs'
import { Queues } from './queues'
import { queueSchemas } from './schemas'
import type { QueueStore } from './store'
import { DurableTopics } from './topics'

/** `iii-queue` (alias `queue`): named queues behind `TriggerAction.Enqueue` and durable topics. On by default. */
export const queueWorker: WorkerDefinition<QueueConfig> = {
  name: 'iii-queue',
  aliases: ['queue'],
  defaultOn: true,
  configSchema: QueueConfigSchema,
  validate: checkQueueConfig,
  create(config): BuiltinWorker {
    const choice = chooseAdapter(config.adapter)
    let queues: Queues | undefined
    let topics: DurableTopics | undefined
    let store: QueueStore | undefined
    let logger: Logger | undefined
    let handedOver = false
    return {
      async start(ctx) {
        logger = ctx.logger
        store = await storeFor(choice, ctx.handedOver, ctx.logger)
        queues = new Queues(store, config, ctx)
        topics = new DurableTopics(queues)
        const admin = new QueueAdmin(queues, topics)
        for (const [id, description, handler] of queueFunctions(queues, topics, admin))
          ctx.registerFunction({ id, description, ...queueSchemas[id] }, handler)
        await ctx.registerTriggerType(
          {
            id: 'durable:subscriber',
            description:
              'Deliver every message of a durable topic to this function (one replica each).',
            trigger_request_format: SubscriberConfig,
          },
          topics,
        )
        queues.start()
        topics.start()
      },
      handOver() {
        if (!isMemoryStore(store)) return undefined
        handedOver = true
        return store
      },
      async stop() {
        if (isMemoryStore(store) && !handedOver && store.jobCount() > 0)
          logger?.warn('queue: worker removed; its memory jobs are dropped', {
            jobs: store.jobCount(),
          })
        topics?.stop()
        await queues?.stop()
        store = undefined
      },
    }
  },
}

const isMemoryStore = (store: unknown): store is MemoryQueueStore =>
  store instanceof MemoryQueueStore && store.name === 'memory'

/**
 * The store to run on: the memory store a previous instance handed over (a config reload), when
 * this one is memory too, so pending jobs survive the restart; otherwise a new one.
 */
async function storeFor(
  choice: AdapterChoice,
  handedOver: unknown,
  logger: Logger,
): Promise<QueueStore> {
  if (choice.kind === 'memory' && isMemoryStore(handedOver)) return handedOver
  if (isMemoryStore(handedOver) && handedOver.jobCount() > 0)
    logger.warn('queue: the adapter changed from memory; the memory jobs are dropped', {
      jobs: handedOver.jobCount(),
    })
  return createQueueStore(choice, logger)
}
