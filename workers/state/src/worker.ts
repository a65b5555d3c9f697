import { type BuiltinWorker, remoteEngineSlot, type WorkerDefinition } from '@iii/core'
import { openStateStore } from './adapters/create'
import { resolveStateAdapter, type StateConfig, StateConfigSchema } from './config'
import { stateFunctions } from './functions'
import type { StateStore } from './store'
import { StateTriggers } from './triggers'

const stateTriggerType = {
  id: 'state',
  description: 'Fires state:created, state:updated and state:deleted after a write; config {scope?, key?, condition_function_id?}.',
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
    return {
      async start(ctx) {
        store = await openStateStore(adapter, ctx.logger, (bridge) => ctx.use(remoteEngineSlot(bridge)))
        const triggers = new StateTriggers(ctx, config.triggers_enabled)
        await ctx.registerTriggerType(stateTriggerType, triggers.provider())
        for (const [id, description, handler] of stateFunctions({ store, triggers, maxValueBytes: config.max_value_bytes })) {
          ctx.registerFunction({ id, description }, handler)
        }
        ctx.logger.debug('state store open', { adapter: store.name })
      },
      async stop() {
        await store?.close()
      },
    }
  },
}
