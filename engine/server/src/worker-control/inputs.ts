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

const kind = Type.Union([Type.Literal('builtin'), Type.Literal('local')])
const configFile = Type.Union([Type.String(), Type.Null()], {
  description: 'The config file written, or null when the engine runs without one',
})

export const AddOutput = Type.Object({
  name: Type.String(),
  kind,
  functions: Type.Array(Type.String(), { description: 'Function ids the worker registered' }),
  config_file: configFile,
  elapsed_ms: Type.Integer(),
  language: Type.Optional(Type.String()),
  command: Type.Optional(Type.String()),
  pid: Type.Optional(Type.Integer()),
  workers: Type.Optional(Type.Array(Type.String(), { description: 'Connected worker names' })),
})

export const RemoveOutput = Type.Object({ name: Type.String(), kind, config_file: configFile })

export const RestartOutput = Type.Object({
  name: Type.String(),
  kind,
  functions: Type.Optional(Type.Array(Type.String())),
  status: Type.Optional(Type.Unknown({ description: 'exec::status of a local worker' })),
})
