import { parseInput } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'

const Name = (what: string) => Type.String({ minLength: 1, description: what })

export const ScopeInput = Type.Object({ scope: Name('the scope') })
export const KeyInput = Type.Object({
  scope: Name('the scope'),
  key: Name('the key within the scope'),
})
export const UpdateInput = Type.Object({
  scope: Name('the scope'),
  key: Name('the key within the scope'),
  ops: Type.Unknown(),
})

/** `state::set` input: `value`, or `data` as the reference SDKs send it; `null` is a value. */
export function parseSetInput(data: unknown): { scope: string; key: string; value: unknown } {
  const { scope, key } = parseInput(KeyInput, data)
  const fields = data as Record<string, unknown>
  if ('value' in fields && fields.value !== undefined) return { scope, key, value: fields.value }
  if ('data' in fields && fields.data !== undefined) return { scope, key, value: fields.data }
  throw new IIIError('INVALID_ARGUMENTS', 'invalid input: value is required (or data)')
}
