import { type Static, Type } from '@sinclair/typebox'
import { NamespaceField, Opt } from '../optional'

const S = Type.String()
const listFilter = {
  search: Opt(S),
  prefix: Opt(S),
  worker: Opt(S),
  include_internal: Opt(Type.Boolean()),
}

/** Inputs of the built-in `engine::*` functions (PROTOCOL.md §10). Unknown keys are ignored. */
export const EngineFunctionInputs = {
  'engine::functions::list': Type.Object({ ...listFilter, workers: Opt(Type.Array(S)) }),
  'engine::functions::info': Type.Object({
    function_id: Opt(S),
    function_ids: Opt(Type.Array(S)),
    namespace: NamespaceField,
  }),
  'engine::triggers::list': Type.Object(listFilter),
  'engine::triggers::info': Type.Object({ id: S, namespace: NamespaceField }),
  'engine::registered-triggers::list': Type.Object({
    search: Opt(S),
    trigger_type: Opt(S),
    function_id: Opt(S),
    worker: Opt(S),
    include_internal: Opt(Type.Boolean()),
  }),
  'engine::registered-triggers::info': Type.Object({ id: S }),
  'engine::workers::list': Type.Object({ search: Opt(S), runtime: Opt(S), status: Opt(S) }),
  'engine::workers::info': Type.Object({ name: S, namespace: NamespaceField }),
  'engine::workers::register': Type.Object({
    runtime: Opt(S),
    version: Opt(S),
    name: Opt(S),
    description: Opt(S),
    os: Opt(S),
    isolation: Opt(S),
    pid: Opt(Type.Integer()),
    namespace: NamespaceField,
    telemetry: Opt(Type.Object({ language: Opt(S), project_name: Opt(S), framework: Opt(S) })),
    /** Take the worker name over at once, closing the connection that holds it. */
    replace: Opt(Type.Boolean()),
    /** Ask for `registrationrejected` `FUNCTION_STANDBY` notices (older clients treat unknown codes as fatal). */
    notify_standby: Opt(Type.Boolean()),
  }),
  'engine::register_trigger': Type.Object({
    trigger_type: Type.String({ minLength: 1 }),
    function_id: Type.String({ minLength: 1 }),
    config: Type.Optional(Type.Unknown()),
    metadata: Type.Optional(Type.Unknown()),
    trigger_namespace: NamespaceField,
  }),
  'engine::unregister_trigger': Type.Object({ id: S, trigger_type: Opt(S) }),
  'engine::channels::create': Type.Object({ buffer_size: Opt(Type.Integer()) }),
} as const

export type EngineFunctionId = keyof typeof EngineFunctionInputs
/** The input of one built-in `engine::*` function. */
export type EngineFunctionInput<K extends EngineFunctionId> = Static<
  (typeof EngineFunctionInputs)[K]
>
