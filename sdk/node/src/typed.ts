import type { Static, TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { FunctionRef, RegisterFunctionOptions } from './types'
import type { IIIWorker } from './worker'

export interface TypedFunctionDef<TIn extends TSchema, TOut extends TSchema>
  extends Omit<RegisterFunctionOptions, 'request_format' | 'response_format'> {
  id: string
  input: TIn
  output: TOut
}

/** An error a typed function throws for input that does not match its schema. */
export class InvalidInputError extends Error {
  readonly code = 'INVALID_ARGUMENTS'
}

/**
 * Registers a function with TypeBox schemas for its input and output. The schemas are sent as
 * `request_format` / `response_format`, the handler's types are inferred, and input that does
 * not match is refused with `INVALID_ARGUMENTS` before the handler runs.
 *
 * @example
 * defineFunction(worker, {
 *   id: 'math::add',
 *   input: Type.Object({ a: Type.Number(), b: Type.Number() }),
 *   output: Type.Object({ sum: Type.Number() }),
 * }, async ({ a, b }) => ({ sum: a + b }))
 */
export function defineFunction<TIn extends TSchema, TOut extends TSchema>(
  worker: IIIWorker,
  def: TypedFunctionDef<TIn, TOut>,
  handler: (input: Static<TIn>, metadata?: unknown) => Promise<Static<TOut>> | Static<TOut>,
): FunctionRef {
  const check = TypeCompiler.Compile(def.input)
  const { id, input, output, ...options } = def
  return worker.registerFunction(
    id,
    async (data, metadata) => {
      // The engine adds `_caller_worker_id` to object payloads; it is not part of the contract.
      const value =
        typeof data === 'object' && data !== null && !Array.isArray(data)
          ? withoutCaller(data as Record<string, unknown>)
          : data
      if (!check.Check(value)) {
        const first = check.Errors(value).First()
        throw new InvalidInputError(
          `invalid input at ${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
        )
      }
      return handler(value, metadata)
    },
    { ...options, request_format: input, response_format: output },
  )
}

function withoutCaller(data: Record<string, unknown>): Record<string, unknown> {
  if (!('_caller_worker_id' in data)) return data
  const { _caller_worker_id: _, ...rest } = data
  return rest
}
