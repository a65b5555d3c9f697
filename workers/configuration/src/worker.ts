import { type BuiltinWorker, remoteEngineSlot, type WorkerDefinition } from '@iii/core'
import { openConfigurationStore } from './adapters/create'
import { BuiltinEntries } from './builtins'
import {
  type ConfigurationConfig,
  ConfigurationConfigSchema,
  fileDefaults,
  resolveConfigurationAdapter,
} from './config'
import { configurationFunctions } from './functions'
import { configurationSchemas } from './schemas'
import { ConfigurationService } from './service'
import type { ConfigurationStore } from './store'
import { ConfigurationTriggerConfig, ConfigurationTriggers } from './triggers'
import { explainInvalidEntry } from './validation'

const configurationTriggerType = {
  id: 'configuration',
  description:
    'Fires configuration:registered, configuration:updated and configuration:deleted; config {configuration_id?, event_types?, condition_function_id?}.',
  trigger_request_format: ConfigurationTriggerConfig,
}

/**
 * `configuration`: named, schema-validated configuration entries with change triggers, and the
 * runtime view of every built-in worker's configuration (BUILTINS.md §0.2, §13). Always running.
 * The adapter is memory unless the engine runs from a config file on disk (then fs, `config/`
 * beside the file).
 */
export const configurationWorker: WorkerDefinition<ConfigurationConfig> = {
  name: 'configuration',
  mandatory: true,
  defaultOn: true,
  configSchema: ConfigurationConfigSchema,
  validate(config) {
    const choice = resolveConfigurationAdapter(config)
    return 'key' in choice ? choice : undefined
  },
  fileDefaults,
  create(config): BuiltinWorker {
    const choice = resolveConfigurationAdapter(config)
    if ('key' in choice) throw new Error(`configuration: ${choice.key}: ${choice.reason}`)
    let store: ConfigurationStore | undefined
    let triggers: ConfigurationTriggers | undefined
    let builtins: BuiltinEntries | undefined
    return {
      async start(ctx) {
        const env = process.env
        let service: ConfigurationService | undefined
        triggers = new ConfigurationTriggers({
          ctx,
          env,
          ttlSeconds: config.ttl_seconds,
          onExpire: (id) => void service?.expire(id),
        })
        store = await openConfigurationStore(choice, {
          logger: ctx.logger,
          accept: explainInvalidEntry,
          remote: (bridge) => ctx.use(remoteEngineSlot(bridge)),
        })
        builtins = new BuiltinEntries({
          control: () => ctx.provided('builtinConfigs'),
          selfName: ctx.name,
          emit: triggers.emit,
          env,
        })
        builtins.follow(ctx)
        service = new ConfigurationService({
          store,
          builtins,
          emit: triggers.emit,
          env,
          logger: ctx.logger,
        })
        store.watch(service.onExternalChange)
        // A bridge adapter may not be connected yet: the audit is advice, never a reason not to start.
        await service
          .audit()
          .catch((err: Error) =>
            ctx.logger.warn('configuration: stored entries not audited', { reason: err.message }),
          )
        await ctx.registerTriggerType(configurationTriggerType, triggers.provider())
        for (const [id, description, handler] of configurationFunctions(service))
          ctx.registerFunction({ id, description, ...configurationSchemas[id] }, handler)
        ctx.logger.debug('configuration store open', { adapter: store.name })
      },
      async stop() {
        builtins?.close()
        triggers?.clear()
        await store?.close()
      },
    }
  },
}
