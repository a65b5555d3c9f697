import type { BuiltinConfigControl, WorkerHost } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { ConfigError } from './errors'
import { validateConfig } from './validate'

/** Where runtime changes come from, in error messages (as a file name is for config files). */
const runtimeSource = '<runtime>'

/** Checks a runtime config like a config-file block: schema defaults, unknown keys, `validate()`. */
function checkConfig(host: WorkerHost, instanceName: string, config: unknown): unknown {
  const definition = host.definitionOf(instanceName)
  if (!definition)
    throw new IIIError('NOT_REGISTERED', `no built-in worker ${instanceName} is running`)
  try {
    const checked = validateConfig(definition.configSchema, config, {
      file: runtimeSource,
      prefix: '',
    })
    const problem = definition.validate?.(checked)
    if (problem) throw new ConfigError(runtimeSource, problem.key, problem.reason)
    return checked
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const where = err.key ? `${err.key}: ` : ''
    throw new IIIError('SCHEMA_INVALID', `${instanceName}: ${where}${err.reason}`)
  }
}

/**
 * The server's side of BUILTINS.md §0.2: lists the running built-ins and applies a runtime config
 * change by restarting one worker, the way a config reload does. The config file is never written.
 */
export function createBuiltinConfigControl(host: WorkerHost): BuiltinConfigControl {
  return {
    list() {
      return host.names().flatMap((name) => {
        const definition = host.definitionOf(name)
        if (!definition) return []
        const address = host.get(name)?.address?.()
        const info = { name, schema: definition.configSchema, config: host.configOf(name) }
        return [address ? { ...info, address } : info]
      })
    },
    async reconfigure(instanceName, config) {
      const checked = checkConfig(host, instanceName, config)
      try {
        await host.restart(instanceName, checked)
      } catch (err) {
        const reason = (err as Error).message
        const after = host.names().includes(instanceName)
          ? 'the previous config keeps running'
          : 'it is stopped'
        throw new IIIError(
          'APPLY_FAILED',
          `${instanceName} could not start with the new config (${reason}); ${after}`,
        )
      }
      return checked
    },
  }
}
