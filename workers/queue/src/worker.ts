import type { BuiltinWorker, WorkerDefinition } from '@iii/core'
import { chooseAdapter } from './adapters/choose'
import { createQueueStore } from './adapters/create'
import { QueueAdmin } from './admin'
import { type QueueConfig, QueueConfigSchema } from './config'
import { checkQueueConfig } from './config-check'
import { queueFunctions } from './functions'
import { SubscriberConfig } from './inputs'
import { Queues } from './queues'
import { queueSchemas } from './schemas'
import { DurableTopics } from './topics'

/** `iii-queue` (alias `queue`): named queues behind `TriggerAction.Enqueue` and durable topics. On by default. */
export const queueWorker: WorkerDefinition<QueueConfig> = {
  name: 'iii-queue',
  aliases: ['queue'],
  defaultOn: true,
  configSchema: QueueConfigSchema,
  validate: checkQueueConfig,
  create(config): BuiltinWorker {
    let queues: Queues | undefined
    let topics: DurableTopics | undefined
    return {
      async start(ctx) {
        const store = await createQueueStore(chooseAdapter(config.adapter), ctx.logger)
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
      async stop() {
        topics?.stop()
        await queues?.stop()
      },
    }
  },
}
