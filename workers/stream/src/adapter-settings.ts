import { type StreamAdapterConfig, streamDefaults } from './config'

/** The adapter config after spelling normalisation and defaults. */
export type AdapterSettings =
  | { kind: 'memory'; channelSize: number }
  | { kind: 'file'; channelSize: number; filePath: string; saveIntervalMs: number }
  | { kind: 'redis'; channelSize: number; redisUrl: string }
  | { kind: 'bridge'; channelSize: number; bridge: string; timeoutMs?: number }

type Kind = AdapterSettings['kind']

const allowedKeys: Record<Kind, readonly string[]> = {
  memory: ['channel_size'],
  file: ['channel_size', 'file_path', 'save_interval_ms'],
  redis: ['channel_size', 'redis_url'],
  bridge: ['channel_size', 'bridge', 'timeout_ms'],
}

function kindOf(adapter: StreamAdapterConfig): Kind {
  if (adapter.name !== 'kv') return adapter.name
  return adapter.config?.store_method === 'file_based' ? 'file' : 'memory'
}

/**
 * Normalises `adapter: {name, config}`; a key the chosen adapter does not take is a
 * configuration error (BUILTINS.md §0.1).
 */
export function resolveAdapterSettings(adapter: StreamAdapterConfig): AdapterSettings {
  const kind = kindOf(adapter)
  const options = adapter.config ?? {}
  for (const key of Object.keys(options)) {
    if (key === 'store_method' && adapter.name === 'kv') continue
    if (key === 'bridge_url') {
      throw new Error(
        'adapter.config.bridge_url: not supported; run an iii-bridge to the remote engine and name it in adapter.config.bridge',
      )
    }
    if (!allowedKeys[kind].includes(key)) {
      throw new Error(`adapter.config.${key}: not accepted by the ${adapter.name} stream adapter`)
    }
  }
  const channelSize = options.channel_size ?? streamDefaults.channelSize
  if (kind === 'memory') return { kind, channelSize }
  if (kind === 'redis')
    return { kind, channelSize, redisUrl: options.redis_url ?? streamDefaults.redisUrl }
  if (kind === 'bridge')
    return {
      kind,
      channelSize,
      bridge: options.bridge ?? 'iii-bridge',
      timeoutMs: options.timeout_ms,
    }
  return {
    kind,
    channelSize,
    filePath: options.file_path ?? streamDefaults.filePath,
    saveIntervalMs: options.save_interval_ms ?? streamDefaults.saveIntervalMs,
  }
}
