import { Type } from '@sinclair/typebox'

const name = Type.String({ minLength: 1, maxLength: 128 })

export const AddInput = Type.Object(
  {
    worker: Type.Optional(
      Type.String({ minLength: 1, description: 'A built-in worker: name or alias (`queue`)' }),
    ),
    config: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: "The built-in's config block" }),
    ),
    path: Type.Optional(
      Type.String({ minLength: 1, description: 'A local worker project directory (absolute)' }),
    ),
    name: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_.-]{1,64}$',
        description: 'Process name of a local worker (default: the directory name)',
      }),
    ),
    env: Type.Optional(Type.Record(Type.String(), Type.String())),
    watch: Type.Optional(Type.Boolean({ description: 'Restart the local worker on file changes' })),
    expect_functions: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Function ids the local worker must register before the call returns',
      }),
    ),
    wait_ms: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 600_000, description: 'Bounded wait (default 10000)' }),
    ),
  },
  { additionalProperties: false },
)

export const NameInput = Type.Object({ name }, { additionalProperties: false })
