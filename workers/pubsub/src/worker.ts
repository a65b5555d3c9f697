import type { BuiltinWorker, WorkerDefinition } from '@iii/core'
import { Type } from '@sinclair/typebox'
import { openPubsubBackend } from './adapters/create'
import type { PubsubBackend } from './backend'
import { type PubsubConfig, PubsubConfigSchema, resolvePubsubAdapter } from './config'
import { PublishInput, publishHandler } from './functions'
import { SubscribeConfig, Subscriptions } from './subscriptions'

const subscribeTriggerType = {
  id: 'subscribe',
  description:
    'Receives every message published to a topic; config {topic, condition_function_id?}. The input is the published data.',
  trigger_request_format: SubscribeConfig,
}

/** `iii-pubsub`: best-effort publish/subscribe. On by default. */
export const pubsubWorker: WorkerDefinition<PubsubConfig> = {
  name: 'iii-pubsub',
  aliases: ['pubsub'],
  defaultOn: true,
  configSchema: PubsubConfigSchema,
  create(config): BuiltinWorker {
    const adapter = resolvePubsubAdapter(config)
    let backend: PubsubBackend | undefined
    let subscriptions: Subscriptions | undefined
    return {
      async start(ctx) {
        backend = await openPubsubBackend(adapter, ctx.logger)
        subscriptions = new Subscriptions(ctx, backend)
        await ctx.registerTriggerType(subscribeTriggerType, subscriptions.provider())
        ctx.registerFunction(
          {
            id: 'publish',
            description: 'Publish {topic, data} to every subscriber of the topic.',
            request_format: PublishInput,
            response_format: Type.Any({ description: 'none: the answer carries no result' }),
          },
          publishHandler(backend),
        )
        ctx.logger.debug('pubsub backend open', { adapter: backend.name })
      },
      async stop() {
        await subscriptions?.clear()
        await backend?.close()
      },
    }
  },
}
