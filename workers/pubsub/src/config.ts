import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** Defaults of the pub/sub worker (BUILTINS.md §0.1, §7). */
export const pubsubDefaults = {
  redisUrl: 'redis://localhost:6379',
} as const

export const PubsubConfigSchema = Type.Object(
  {
    adapter: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false, default: { name: 'local' } },
    ),
  },
  { additionalProperties: false },
)
export type PubsubConfig = Static<typeof PubsubConfigSchema>

/** The backend to build, after names and keys are checked. */
export type PubsubAdapterChoice = { kind: 'local' } | { kind: 'redis'; redisUrl: string }

const strict = (props: Parameters<typeof Type.Object>[0]) =>
  Type.Object(props, { additionalProperties: false })
const adapterSchemas: Record<string, TSchema> = {
  local: strict({}),
  // The memory category's general name (BUILTINS.md §0.1) means the same here.
  memory: strict({}),
  redis: strict({ redis_url: Type.Optional(Type.String({ minLength: 1 })) }),
}

/** Thrown for an adapter the worker cannot build; the engine refuses to start with it. */
export class PubsubConfigError extends Error {
  override readonly name = 'PubsubConfigError'
}

/** Reads `adapter: {name, config}`; unknown names and stray keys are configuration errors. */
export function resolvePubsubAdapter(config: PubsubConfig): PubsubAdapterChoice {
  const { name } = config.adapter
  const raw = config.adapter.config ?? {}
  const schema = adapterSchemas[name]
  if (!schema)
    throw new PubsubConfigError(`iii-pubsub: adapter.name "${name}" is unknown; use local or redis`)
  const first = Value.Errors(schema, raw).First()
  if (first) {
    const reason =
      first.message === 'Unexpected property' ? 'unknown key' : first.message.toLowerCase()
    throw new PubsubConfigError(
      `iii-pubsub: adapter.config${first.path.replaceAll('/', '.')}: ${reason}`,
    )
  }
  if (name !== 'redis') return { kind: 'local' }
  return {
    kind: 'redis',
    redisUrl: typeof raw.redis_url === 'string' ? raw.redis_url : pubsubDefaults.redisUrl,
  }
}
