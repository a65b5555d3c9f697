import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** Defaults of the state worker and its adapters (BUILTINS.md §0.1, §5). */
export const stateDefaults = {
  filePath: './data/state_store.db',
  saveIntervalMs: 5000,
  redisUrl: 'redis://localhost:6379',
} as const

const SaveInterval = Type.Integer({ minimum: 100, maximum: 3_600_000 })

export const StateConfigSchema = Type.Object(
  {
    adapter: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false, default: { name: 'memory' } },
    ),
    /** false ⇒ writes fire no `state` triggers. */
    triggers_enabled: Type.Boolean({ default: true }),
    /** Serialized size cap of a stored value; unlimited when absent. */
    max_value_bytes: Type.Optional(Type.Integer({ minimum: 1 })),
    /** File adapter flush period (the adapter's own `save_interval_ms` wins). */
    save_interval_ms: Type.Integer({
      minimum: 100,
      maximum: 3_600_000,
      default: stateDefaults.saveIntervalMs,
    }),
  },
  { additionalProperties: false },
)
export type StateConfig = Static<typeof StateConfigSchema>

/** The adapter to build, after names and keys are checked. */
export type StateAdapterChoice =
  | { kind: 'memory' }
  | { kind: 'file'; directory: string; saveIntervalMs: number }
  | { kind: 'redis'; redisUrl: string }
  | { kind: 'bridge'; bridge: string; timeoutMs?: number }

const strict = (props: Parameters<typeof Type.Object>[0]) =>
  Type.Object(props, { additionalProperties: false })
const fileKeys = {
  file_path: Type.Optional(Type.String({ minLength: 1 })),
  save_interval_ms: Type.Optional(SaveInterval),
}
const adapterSchemas: Record<string, TSchema> = {
  memory: strict({}),
  file: strict(fileKeys),
  redis: strict({ redis_url: Type.Optional(Type.String({ minLength: 1 })) }),
  // State on another engine, through a running iii-bridge (BUILTINS.md §11).
  bridge: strict({
    bridge: Type.Optional(Type.String({ minLength: 1 })),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  // The reference engine's spelling: `kv` with a store method.
  kv: strict({
    store_method: Type.Optional(
      Type.Union([Type.Literal('in_memory'), Type.Literal('file_based')]),
    ),
    ...fileKeys,
  }),
}

/** Thrown for an adapter the worker cannot build; the engine refuses to start with it. */
export class StateConfigError extends Error {
  override readonly name = 'StateConfigError'
}

function checkAdapterKeys(name: string, raw: Record<string, unknown>): void {
  const schema = adapterSchemas[name]
  if (!schema)
    throw new StateConfigError(
      `iii-state: adapter.name "${name}" is unknown; use memory, file, redis, bridge (or kv)`,
    )
  if (name === 'bridge' && 'bridge_url' in raw) {
    throw new StateConfigError(
      'iii-state: adapter.config.bridge_url: not supported; run an iii-bridge to the remote engine and name it in adapter.config.bridge',
    )
  }
  const first = Value.Errors(schema, raw).First()
  if (first) {
    const where = `adapter.config${first.path.replaceAll('/', '.')}`
    throw new StateConfigError(
      `iii-state: ${where}: ${first.message === 'Unexpected property' ? 'unknown key' : first.message.toLowerCase()}`,
    )
  }
}

const text = (raw: Record<string, unknown>, key: string) =>
  typeof raw[key] === 'string' ? raw[key] : undefined
const integer = (raw: Record<string, unknown>, key: string) =>
  typeof raw[key] === 'number' ? raw[key] : undefined

/** Reads `adapter: {name, config}`, including the `kv` + `store_method` spelling. */
export function resolveStateAdapter(config: StateConfig): StateAdapterChoice {
  const raw = config.adapter.config ?? {}
  checkAdapterKeys(config.adapter.name, raw)
  const name =
    config.adapter.name === 'kv'
      ? text(raw, 'store_method') === 'file_based'
        ? 'file'
        : 'memory'
      : config.adapter.name
  if (name === 'redis')
    return { kind: 'redis', redisUrl: text(raw, 'redis_url') ?? stateDefaults.redisUrl }
  if (name === 'bridge')
    return {
      kind: 'bridge',
      bridge: text(raw, 'bridge') ?? 'iii-bridge',
      timeoutMs: integer(raw, 'timeout_ms'),
    }
  if (name === 'file') {
    const saveIntervalMs = integer(raw, 'save_interval_ms') ?? config.save_interval_ms
    return {
      kind: 'file',
      directory: text(raw, 'file_path') ?? stateDefaults.filePath,
      saveIntervalMs,
    }
  }
  return { kind: 'memory' }
}
