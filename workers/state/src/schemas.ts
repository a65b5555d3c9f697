import type { FunctionSchemas } from '@iii/core'
import { Type } from '@sinclair/typebox'
import { KeyInput, ScopeInput, UpdateInput } from './inputs'

const Json = Type.Unknown()
/** `old_value` is `null` when the key was absent. */
const Change = Type.Object({ old_value: Json, new_value: Json })

/** `state::set` input as documented: `value` (or `data`, as the reference SDKs send it). */
export const SetInputSchema = Type.Object({
  ...KeyInput.properties,
  value: Type.Optional(Type.Unknown({ description: 'the value; required unless data is given' })),
  data: Type.Optional(Type.Unknown({ description: 'alias of value' })),
})

/** Request and response schemas of every `state::*` function, by id. */
export const stateSchemas: Record<string, FunctionSchemas> = {
  'state::set': { request_format: SetInputSchema, response_format: Change },
  'state::get': { request_format: KeyInput, response_format: Json },
  'state::delete': { request_format: KeyInput, response_format: Json },
  'state::update': {
    request_format: UpdateInput,
    response_format: Type.Object({
      ...Change.properties,
      errors: Type.Optional(Type.Array(Json)),
    }),
  },
  'state::list': { request_format: ScopeInput, response_format: Type.Array(Json) },
  'state::list_keys': {
    request_format: ScopeInput,
    response_format: Type.Object({ keys: Type.Array(Type.String()) }),
  },
  'state::list_groups': {
    request_format: Type.Object({}),
    response_format: Type.Object({ groups: Type.Array(Type.String()) }),
  },
}
