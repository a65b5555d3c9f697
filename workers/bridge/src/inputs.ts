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
