import { Type } from '@sinclair/typebox'
import { Json } from '../optional'

const S = Type.String()
const N = Type.Number()
const Rows = <T extends import('@sinclair/typebox').TSchema>(row: T) => Type.Array(row)

const FunctionRow = Type.Object({
  function_id: S,
  namespace: S,
  worker_name: S,
  description: Type.Optional(S),
  metadata: Type.Optional(Json),
})

const BindingRow = Type.Object({
  id: S,
  trigger_type: S,
  function_id: S,
  worker_name: S,
  config: Json,
  config_summary: S,
  status: Type.Union([Type.Literal('active'), Type.Literal('parked')]),
  /** Present while parked: the provider's refusal (`code: message`) or the missing provider. */
  parked_reason: Type.Optional(S),
})

const FunctionDetail = Type.Object({
  ...FunctionRow.properties,
  request_schema: Type.Optional(Json),
  response_schema: Type.Optional(Json),
  registered_triggers: Rows(BindingRow),
})

const WorkerRow = Type.Object({
  name: S,
  description: S,
  version: S,
  id: S,
  namespace: S,
  runtime: S,
  os: S,
  status: S,
  function_count: N,
  connected_at_ms: N,
  active_invocations: N,
  isolation: S,
  ip_address: S,
  /** The worker process's id, when its SDK sent one in `engine::workers::register`. */
  pid: Type.Optional(N),
})

const ChannelRef = Type.Object({ channel_id: S, access_key: S, direction: S })

/**
 * Results of the built-in `engine::*` functions (PROTOCOL.md §10), as JSON Schema: what
 * `engine::functions::info` shows as `response_schema`. Extra keys may appear.
 */
export const EngineFunctionOutputs = {
  'engine::functions::list': Type.Object({ functions: Rows(FunctionRow) }),
  'engine::functions::info': Type.Union([
    FunctionDetail,
    Type.Object({
      functions: Rows(Type.Union([FunctionDetail, Type.Object({ function_id: S, error: S })])),
    }),
  ]),
  'engine::triggers::list': Type.Object({
    triggers: Rows(Type.Object({ id: S, namespace: S, worker_name: S, description: S })),
  }),
  'engine::triggers::info': Type.Object({
    id: S,
    namespace: S,
    worker_name: S,
    description: S,
    instance_count: N,
    configuration_schema: Type.Optional(Json),
    request_schema: Type.Optional(Json),
  }),
  'engine::registered-triggers::list': Type.Object({ registered_triggers: Rows(BindingRow) }),
  'engine::registered-triggers::info': Type.Object({
    ...BindingRow.properties,
    metadata: Type.Optional(Json),
    trigger: Type.Optional(Type.Object({ id: S, namespace: S, description: S })),
    function: Type.Optional(FunctionRow),
  }),
  'engine::workers::list': Type.Object({ workers: Rows(WorkerRow) }),
  'engine::workers::info': Type.Object({
    worker: Type.Object({
      ...WorkerRow.properties,
      internal: Type.Boolean(),
      latest_metrics: Type.Optional(Json),
    }),
    functions: Rows(FunctionRow),
    trigger_types: Rows(Type.Object({ id: S, namespace: S, description: S })),
    registered_triggers: Rows(BindingRow),
  }),
  'engine::workers::register': Type.Object({ success: Type.Boolean() }),
  'engine::register_trigger': Type.Object({ id: S }),
  'engine::unregister_trigger': Type.Object({ removed: Type.Boolean() }),
  'engine::channels::create': Type.Object({ writer: ChannelRef, reader: ChannelRef }),
} as const
