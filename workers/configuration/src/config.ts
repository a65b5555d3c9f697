import { dirname, join } from 'node:path'
import type { ConfigProblem } from '@iii/core'
import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** Defaults of the configuration worker and its adapters (BUILTINS.md §13). */
export const configurationDefaults = {
  /** The fs adapter's directory when none is given. */
  directory: './config',
  /** An external edit is read once its file has been quiet this long. */
  watchDebounceMs: 500,
  /** 0 = entries never expire. */
  ttlSeconds: 0,
} as const

export const ConfigurationConfigSchema = Type.Object(
  {
    /** `{name: memory}` or `{name: fs, config: {directory}}`; memory when there is no config file. */
    adapter: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false, default: { name: 'memory' } },
    ),
    /** Delay before an entry whose last binding went away is deleted; 0 = never. */
    ttl_seconds: Type.Integer({ minimum: 0, default: configurationDefaults.ttlSeconds }),
  },
  { additionalProperties: false },
)
export type ConfigurationConfig = Static<typeof ConfigurationConfigSchema>

/** The store to build, after names and keys are checked. */
export type ConfigurationAdapterChoice =
  | { kind: 'memory' }
  | { kind: 'fs'; directory: string }
  | { kind: 'bridge'; bridge: string; timeoutMs?: number }

const strict = (props: Parameters<typeof Type.Object>[0]) =>
  Type.Object(props, { additionalProperties: false })
const Directory = Type.Optional(Type.String({ minLength: 1 }))
// `file` is the category name of BUILTINS.md §0.1, `file_path` its key; both mean the fs adapter.
const fsKeys = strict({ directory: Directory, file_path: Directory })
const bridgeKeys = strict({
  bridge: Type.Optional(Type.String({ minLength: 1 })),
  timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })),
})
const adapterSchemas: Record<string, TSchema> = {
  memory: strict({}),
  fs: fsKeys,
  file: fsKeys,
  bridge: bridgeKeys,
}

/** The adapter choice, or the problem with `adapter` (reported at config load with file and key). */
export function resolveConfigurationAdapter(
  config: ConfigurationConfig,
): ConfigurationAdapterChoice | ConfigProblem {
  const { name } = config.adapter
  const raw = config.adapter.config ?? {}
  const schema = adapterSchemas[name]
  if (!schema)
    return { key: 'adapter.name', reason: `adapter "${name}" is unknown; use memory, fs or bridge` }
  if (name === 'bridge' && 'bridge_url' in raw) {
    return {
      key: 'adapter.config.bridge_url',
      reason:
        'not supported; run an iii-bridge to the remote engine and name it in adapter.config.bridge',
    }
  }
  const first = Value.Errors(schema, raw).First()
  if (first) {
    const reason =
      first.message === 'Unexpected property' ? 'unknown key' : first.message.toLowerCase()
    return { key: `adapter.config${first.path.replaceAll('/', '.')}`, reason }
  }
  if (name === 'memory') return { kind: 'memory' }
  if (name === 'bridge') {
    const bridge = typeof raw.bridge === 'string' ? raw.bridge : 'iii-bridge'
    return {
      kind: 'bridge',
      bridge,
      timeoutMs: typeof raw.timeout_ms === 'number' ? raw.timeout_ms : undefined,
    }
  }
  if (typeof raw.directory === 'string' && typeof raw.file_path === 'string') {
    return { key: 'adapter.config', reason: 'give directory or file_path, not both' }
  }
  const directory = [raw.directory, raw.file_path].find((d) => typeof d === 'string')
  return {
    kind: 'fs',
    directory: typeof directory === 'string' ? directory : configurationDefaults.directory,
  }
}

/** With a config file on disk the default adapter is fs, in the `config` directory beside the file. */
export const fileDefaults = (file: string): Record<string, unknown> => ({
  adapter: { name: 'fs', config: { directory: join(dirname(file), 'config') } },
})
