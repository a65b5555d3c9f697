import { connectionLimitDefaults } from '@iii/core'
import { type Static, Type } from '@sinclair/typebox'

const FilterSchema = Type.Union([
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

export const RbacSchema = Type.Object(
  {
    auth_function_id: Type.Optional(Type.String({ minLength: 1 })),
    expose_functions: Type.Optional(Type.Array(FilterSchema)),
    on_function_registration_function_id: Type.Optional(Type.String({ minLength: 1 })),
    on_trigger_registration_function_id: Type.Optional(Type.String({ minLength: 1 })),
    on_trigger_type_registration_function_id: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
)

/** `iii-worker-manager` config (BUILTINS.md §1). */
export const WorkerManagerConfigSchema = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 49134 }),
    host: Type.String({ minLength: 1, default: '127.0.0.1' }),
    handshake_timeout_ms: Type.Integer({ minimum: 1, default: 10_000 }),
    max_frame_bytes: Type.Integer({
      minimum: 1024,
      maximum: 2 ** 31 - 1,
      default: 64 * 1024 * 1024,
    }),
    max_inflight_invocations: Type.Integer({ minimum: 1, default: 10_000 }),
    middleware_function_id: Type.Optional(Type.String({ minLength: 1 })),
    rbac: Type.Optional(RbacSchema),
    route_takeover: Type.Union([Type.Literal('same_worker_name'), Type.Literal('newest')], {
      default: 'same_worker_name',
    }),
    max_functions_per_connection: Type.Integer({
      minimum: 1,
      default: connectionLimitDefaults.functions,
    }),
    max_bindings_per_connection: Type.Integer({
      minimum: 1,
      default: connectionLimitDefaults.bindings,
    }),
    max_trigger_types_per_connection: Type.Integer({
      minimum: 1,
      default: connectionLimitDefaults.triggerTypes,
    }),
    max_channels_per_connection: Type.Integer({
      minimum: 1,
      default: connectionLimitDefaults.channels,
    }),
  },
  { additionalProperties: false },
)

export type WorkerManagerConfig = Static<typeof WorkerManagerConfigSchema>
export type RbacConfig = Static<typeof RbacSchema>
