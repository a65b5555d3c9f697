import { type BuiltinWorker, type Logger, remoteEngineSlot, type WorkerDefinition } from '@iii/core'
import { openStateStore, type RemoteLookup } from './adapters/create'
import { MemoryStateStore } from './adapters/memory'
import {
  resolveStateAdapter,
  type StateAdapterChoice,
  type StateConfig,
  StateConfigSchema,
} from './config'
import { stateFunctions } from './functions'
import { stateSchemas } from './schemas'
import type { StateStore } from './store'
import { StateTriggerConfig, StateTriggers } from './triggers'

const stateTriggerType = {
  id: 'state',
  description:
    'Fires state:created, state:updated and state:deleted after a write; config {scope?, key?, condition_function_id?}.',
  trigger_request_format: StateTriggerConfig,
}

const isMemoryStore = (store: unknown): store is MemoryStateStore =>
  store instanceof MemoryStateStore && store.name === 'memory'

/** The store to run on: the memory store a previous instance handed over, when this one is memory too. */
async function storeFor(
  adapter: StateAdapterChoice,
  handedOver: unknown,
  { logger, remote }: { logger: Logger; remote: RemoteLookup },
): Promise<StateStore> {
  if (adapter.kind === 'memory' && isMemoryStore(handedOver)) return handedOver
  if (isMemoryStore(handedOver) && handedOver.size() > 0) {
    logger.warn('state: the adapter changed from memory; the memory state is dropped', {
      keys: handedOver.size(),
    })
  }
  return openStateStore(adapter, logger, remote)
}

/** `iii-state`: key/value state by (scope, key) with change triggers. On by default. */
export const stateWorker: WorkerDefinition<StateConfig> = {
  name: 'iii-state',
  aliases: ['state'],
  defaultOn: true,
  configSchema: StateConfigSchema,
  create(config): BuiltinWorker {
    const adapter = resolveStateAdapter(config)
    let store: StateStore | undefined
    let logger: Logger | undefined
    let handedOver = false
    return {
      async start(ctx) {
        logger = ctx.logger
        store = await storeFor(adapter, ctx.handedOver, {
          logger: ctx.logger,
          remote: (bridge) => ctx.use(remoteEngineSlot(bridge)),
        })
        const triggers = new StateTriggers(ctx, config.triggers_enabled)
        await ctx.registerTriggerType(stateTriggerType, triggers.provider())
        for (const [id, description, handler] of stateFunctions({
          store,
          triggers,
          maxValueBytes: config.max_value_bytes,
        })) {
          ctx.registerFunction({ id, description, ...stateSchemas[id] }, handler)
        }
        ctx.logger.debug('state store open', { adapter: store.name })
      },
      handOver() {
        if (!isMemoryStore(store)) return undefined
        handedOver = true
        return store
      },
      async stop() {
        if (isMemoryStore(store) && !handedOver && store.size() > 0) {
          logger?.warn('state: worker removed; its memory state is dropped', { keys: store.size() })
        }
        if (!handedOver) await store?.close()
        store = undefined
      },
    }
  },
}
