import { Type } from '@sinclair/typebox'

const FunctionId = Type.String({ minLength: 1, maxLength: 1024 })

/** `bridge::invoke` input (BUILTINS.md §11). */
export const InvokeInput = Type.Object({
  function_id: FunctionId,
  data: Type.Optional(Type.Unknown()),
  timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })),
})

/** `bridge::invoke_async` input. */
export const InvokeAsyncInput = Type.Object({
  function_id: FunctionId,
  data: Type.Optional(Type.Unknown()),
})

/** Request and response schemas of a bridge function, by its id's last segment. */
export function bridgeSchemasOf(id: string) {
  if (id.endsWith('invoke_async'))
    return { request_format: InvokeAsyncInput, response_format: Type.Null() }
  if (id.endsWith('invoke'))
    return {
      request_format: InvokeInput,
      response_format: Type.Unknown({ description: "the remote function's result" }),
    }
  return {
    request_format: Type.Object({}),
    response_format: Type.Record(Type.String(), Type.Unknown()),
  }
}
