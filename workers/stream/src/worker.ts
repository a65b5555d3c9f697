import {
  type BuiltinWorker,
  type Logger,
  remoteEngineSlot,
  type WorkerContext,
  type WorkerDefinition,
} from '@iii/core'
import { type AdapterSettings, resolveAdapterSettings } from './adapter-settings'
import { createStreamStore, type RemoteLookup } from './adapters/create'
import { MemoryStreamStore } from './adapters/memory'
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

const isMemoryStore = (store: unknown): store is MemoryStreamStore =>
  store instanceof MemoryStreamStore && store.name === 'memory'

/**
 * The store to run on: the memory store a previous instance handed over (a config reload), when
 * this one is memory too, so the items survive the restart; otherwise a new one.
 */
async function storeFor(
  settings: AdapterSettings,
  ctx: WorkerContext,
  remote: RemoteLookup,
): Promise<StreamStore> {
  const previous = ctx.handedOver
  if (settings.kind === 'memory' && isMemoryStore(previous)) return previous
  if (isMemoryStore(previous) && previous.size() > 0)
    ctx.logger.warn('stream: the adapter changed from memory; the memory items are dropped', {
      items: previous.size(),
    })
  return createStreamStore(settings, ctx.logger, remote)
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
    let logger: Logger | undefined
    let handedOver = false
    return {
      address: () => (server ? { host: server.host, port: server.port } : undefined),
      async start(ctx) {
        const settings = resolveAdapterSettings(config.adapter)
        if (config.auth_function) ctx.reserveFunction(config.auth_function)
        const triggers = new StreamTriggers(ctx)
        await triggers.registerTypes()
        logger = ctx.logger
        store = await storeFor(settings, ctx, (bridge) => ctx.use(remoteEngineSlot(bridge)))
        const service = new StreamService({
          store,
          custom: new CustomStorage(ctx),
          triggers,
          logger: ctx.logger,
        })
        for (const [id, description, handler] of streamFunctions(service))
          ctx.registerFunction({ id, description, ...streamSchemas[id] }, handler)
        const hub = new StreamHub({
          service,
          triggers,
          logger: ctx.logger,
          maxSubscriptionsPerConnection: config.max_subscriptions_per_connection,
        })
        unsubscribe = store.subscribe((message) => hub.dispatch(message))
        server = await startStreamServer({
          host: config.host,
          port: config.port,
          hub,
          logger: ctx.logger,
          channelSize: settings.channelSize,
          highWaterBytes: streamDefaults.sendHighWaterBytes,
          maxFrameBytes: streamDefaults.maxClientFrameBytes,
          budget: ctx.outboundBudget,
          authorize: authorizer(ctx, config.auth_function),
        })
      },
      handOver() {
        if (!isMemoryStore(store)) return undefined
        handedOver = true
        return store
      },
      async stop() {
        server?.close()
        server = undefined
        unsubscribe?.()
        if (isMemoryStore(store) && !handedOver && store.size() > 0)
          logger?.warn('stream: worker removed; its memory items are dropped', {
            items: store.size(),
          })
        if (!handedOver) await store?.close()
        store = undefined
      },
    }
  },
}
