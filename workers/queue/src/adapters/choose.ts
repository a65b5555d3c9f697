import type { ConfigProblem } from '@iii/core'

/** The adapter a config names, resolved from either spelling (BUILTINS.md §0.1). */
export type AdapterChoice =
  | { kind: 'memory' }
  | { kind: 'file'; filePath: string | undefined }
  | { kind: 'redis'; url: string | undefined }

const allowedKeys: Record<string, string[]> = {
  memory: [],
  file: ['file_path', 'save_interval_ms'],
  redis: ['redis_url'],
  builtin: ['store_method', 'file_path', 'save_interval_ms'],
}

/** A config problem found while resolving the adapter. */
export class AdapterConfigError extends Error {
  constructor(readonly problem: ConfigProblem) {
    super(`${problem.key}: ${problem.reason}`)
  }
}

const fail = (key: string, reason: string): never => {
  throw new AdapterConfigError({ key: `adapter.${key}`, reason })
}

function checkKeys(name: string, config: Record<string, unknown>): void {
  const allowed = allowedKeys[name] ?? []
  for (const key of Object.keys(config))
    if (!allowed.includes(key)) fail(`config.${key}`, `unknown key for the ${name} adapter`)
  const path = config.file_path
  if (path !== undefined && (typeof path !== 'string' || path === ''))
    fail('config.file_path', 'must be a non-empty string')
  const interval = config.save_interval_ms
  if (
    interval !== undefined &&
    (!Number.isInteger(interval) || Number(interval) < 100 || Number(interval) > 3_600_000)
  )
    fail('config.save_interval_ms', 'must be an integer from 100 to 3600000')
  const url = config.redis_url
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url)))
    fail('config.redis_url', 'must be a redis:// or rediss:// URL')
}

/** Resolves `{name, config}`; throws `AdapterConfigError` naming the key. */
export function chooseAdapter(adapter: {
  name: string
  config?: Record<string, unknown>
}): AdapterChoice {
  const config = adapter.config ?? {}
  if (!(adapter.name in allowedKeys))
    fail('name', `unknown queue adapter "${adapter.name}"; use memory, file or redis`)
  checkKeys(adapter.name, config)
  const filePath = typeof config.file_path === 'string' ? config.file_path : undefined
  if (adapter.name === 'memory') return { kind: 'memory' }
  if (adapter.name === 'file') return { kind: 'file', filePath }
  if (adapter.name === 'redis')
    return {
      kind: 'redis',
      url: typeof config.redis_url === 'string' ? config.redis_url : undefined,
    }
  const method = config.store_method ?? 'in_memory'
  if (method === 'in_memory') return { kind: 'memory' }
  if (method === 'file_based') return { kind: 'file', filePath }
  return fail('config.store_method', 'must be in_memory or file_based')
}
