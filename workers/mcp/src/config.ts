import { type Static, Type } from '@sinclair/typebox'

const Filter = Type.Union([
  Type.String(),
  Type.Object(
    {
      match: Type.Optional(Type.String()),
      metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      namespace: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
])

/** `iii-mcp` config (BUILTINS.md §16). */
export const McpConfigSchema = Type.Object(
  {
    path: Type.String({ pattern: '^/', default: '/mcp' }),
    expose_functions: Type.Optional(Type.Array(Filter)),
    auth_function_id: Type.Optional(Type.String({ minLength: 1 })),
    include_internal: Type.Boolean({ default: false }),
    resources: Type.Boolean({ default: true }),
    call_timeout_ms: Type.Integer({ minimum: 1, default: 30_000 }),
    progress_interval_ms: Type.Integer({ minimum: 10, default: 1000 }),
    max_sessions: Type.Integer({ minimum: 1, default: 100 }),
    max_body_bytes: Type.Integer({ minimum: 1024, default: 1_048_576 }),
    auth_timeout_ms: Type.Integer({ minimum: 1, default: 5000 }),
  },
  { additionalProperties: false },
)

export type McpConfig = Static<typeof McpConfigSchema>
