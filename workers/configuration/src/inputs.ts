import { parseInput } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import type { RegisterRequest } from './service'

const Id = Type.String({ description: 'the entry id, [a-z0-9_-]{1,64}' })
const Metadata = Type.Record(Type.String(), Type.Unknown())

export const RegisterInput = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1 }),
  description: Type.String(),
  schema: Type.Unknown({ description: 'a JSON Schema object' }),
  metadata: Type.Optional(Metadata),
})
export const IdInput = Type.Object({ id: Id })
export const GetInput = Type.Object({ id: Id, raw: Type.Optional(Type.Boolean()) })
export const ListInput = Type.Object({})

const fieldsOf = (data: unknown): Record<string, unknown> => data as Record<string, unknown>

/** `configuration::register` input; `initial_value: null` is a value, an absent one is not. */
export function parseRegisterInput(data: unknown): RegisterRequest {
  const { id, name, description, schema, metadata } = parseInput(RegisterInput, data)
  if (schema === undefined)
    throw new IIIError(
      'INVALID_ARGUMENTS',
      'invalid input at /schema: a JSON Schema object is required',
    )
  const request: RegisterRequest = { id, name, description, schema }
  if (metadata !== undefined) request.metadata = metadata
  const fields = fieldsOf(data)
  if ('initial_value' in fields && fields.initial_value !== undefined)
    request.initialValue = { value: fields.initial_value }
  return request
}

/** `configuration::set` input; `value` is required and may be `null`. */
export function parseSetInput(data: unknown): { id: string; value: unknown } {
  const { id } = parseInput(IdInput, data)
  const fields = fieldsOf(data)
  if (!('value' in fields) || fields.value === undefined)
    throw new IIIError('INVALID_ARGUMENTS', 'invalid input at /value: value is required')
  return { id, value: fields.value }
}
