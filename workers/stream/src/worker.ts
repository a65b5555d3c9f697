import {
  type BuiltinWorker,
  remoteEngineSlot,
  type WorkerContext,
  type WorkerDefinition,
} from '@iii/core'
import { resolveAdapterSettings } from './adapter-settings'
import { createStreamStore } from './adapters/create'
import { type StreamConfig, StreamConfigSchema, streamDefaults } from './config'
import { CustomStorage } from './custom-storage'
import { streamFunctions } from './functions'
import { streamSchemas } from './schemas'
import { StreamService } from './service'
import type { StreamStore } from './store'
import { StreamTriggers } from './triggers'
import { StreamHub } from './ws/hub'
import { type StreamServer, startStreamServer, type UpgradeRequest } from './ws/server'

/** Calls `auth_function`; its `{context}` is kept for the connection (BUILTINS.md §6.2). */
function authorizer(ctx: WorkerContext, functionId: string | undefined) {
  if (!functionId) return undefined
  return async (request: UpgradeRequest): Promise<unknown> => {
    const result = await ctx.invoke({ functionId, namespace: 'default', data: request })
    return typeof result === 'object' && result !== null && 'context' in result
      ? result.context
      : undefined
  }
}

/** `iii-stream`: `stream::*`, the browser WebSocket on 3112, and stream triggers. On by default. */
export const streamWorker: WorkerDefinition<StreamConfig> = {
  name: 'iii-stream',
  aliases: ['stream'],
  defaultOn: true,
  configSchema: StreamConfigSchema,
  create(config): BuiltinWorker {
    let store: StreamStore | undefined
    let server: StreamServer | undefined
    let unsubscribe: (() => void) | undefined
    return {
      address: () => (server ? { host: server.host, port: server.port } : undefined),
      async start(ctx) {
        const settings = resolveAdapterSettings(config.adapter)
        const triggers = new StreamTriggers(ctx)
        await triggers.registerTypes()
        store = await createStreamStore(settings, ctx.logger, (bridge) =>
          ctx.use(remoteEngineSlot(bridge)),
        )
        const service = new StreamService(store, new CustomStorage(ctx), triggers, ctx.logger)
        for (const [id, description, handler] of streamFunctions(service))
          ctx.registerFunction({ id, description, ...streamSchemas[id] }, handler)
        const hub = new StreamHub({ service, triggers, logger: ctx.logger })
        unsubscribe = store.subscribe((message) => hub.dispatch(message))
        server = await startStreamServer({
          host: config.host,
          port: config.port,
          hub,
          logger: ctx.logger,
          channelSize: settings.channelSize,
          highWaterBytes: streamDefaults.sendHighWaterBytes,
          maxFrameBytes: streamDefaults.maxClientFrameBytes,
          authorize: authorizer(ctx, config.auth_function),
        })
      },
      async stop() {
        server?.close()
        server = undefined
        unsubscribe?.()
        await store?.close()
        store = undefined
      },
    }
  },
}
