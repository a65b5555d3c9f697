import type { ConfigProblem } from '@iii/core'
import { AdapterConfigError, chooseAdapter } from './adapters/choose'
import { type QueueConfig, type QueueSettings, resolveQueueSettings } from './config'
import { durablePrefix } from './names'

function checkQueue(name: string, s: QueueSettings): ConfigProblem | undefined {
  const at = (key: string, reason: string) => ({
    key: `queue_configs.${name}${key ? `.${key}` : ''}`,
    reason,
  })
  if (name.startsWith(durablePrefix))
    return at('', `queue names starting with "${durablePrefix}" are reserved for durable topics`)
  if (s.type !== 'standard' && s.type !== 'fifo')
    return at('type', `unknown queue type "${s.type}"; use standard or fifo`)
  if (s.type === 'fifo' && !s.message_group_field)
    return at('message_group_field', 'required for fifo queues')
  return undefined
}

/** Config checks the schema cannot express (BUILTINS.md §9: unknown type, fifo without group field, adapter). */
export function checkQueueConfig(config: QueueConfig): ConfigProblem | undefined {
  try {
    chooseAdapter(config.adapter)
  } catch (err) {
    if (err instanceof AdapterConfigError) return err.problem
    throw err
  }
  for (const [name, settings] of Object.entries(config.queue_configs)) {
    const problem = checkQueue(name, resolveQueueSettings(settings))
    if (problem) return problem
  }
  return undefined
}
