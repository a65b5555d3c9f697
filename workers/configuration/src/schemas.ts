import type { FunctionSchemas } from '@iii/core'
import { Type } from '@sinclair/typebox'
import { GetInput, IdInput, ListInput, RegisterInput } from './inputs'

const S = Type.String()
const Json = Type.Unknown()
const Metadata = Type.Record(S, Json)
const Info = Type.Object({
  id: S,
  name: S,
  description: S,
  schema: Json,
  metadata: Type.Optional(Metadata),
})

/** `configuration::register` input as documented: with `initial_value`. */
const RegisterInputSchema = Type.Object({
  ...RegisterInput.properties,
  initial_value: Type.Optional(Type.Unknown({ description: 'the first value; null is a value' })),
})

/** `configuration::set` input: `value` is required and may be `null`. */
const SetInputSchema = Type.Object({ ...IdInput.properties, value: Json })

/** Request and response schemas of every `configuration::*` function, by id. */
export const configurationSchemas: Record<string, FunctionSchemas> = {
  'configuration::register': {
    request_format: RegisterInputSchema,
    response_format: Type.Object({ ...Info.properties, value: Json }),
  },
  'configuration::set': {
    request_format: SetInputSchema,
    response_format: Type.Object({ old_value: Json, new_value: Json }),
  },
  'configuration::get': {
    request_format: GetInput,
    response_format: Type.Object({ id: S, value: Json }),
  },
  'configuration::list': {
    request_format: ListInput,
    response_format: Type.Object({
      configurations: Type.Array(
        Type.Object({ ...Info.properties, metadata: Type.Union([Metadata, Type.Null()]) }),
      ),
    }),
  },
  'configuration::schema': { request_format: IdInput, response_format: Info },
}
