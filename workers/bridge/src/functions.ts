import { type BuiltinHandler, parseInput } from '@iii/core'
import type { RemoteLink } from './client/link'
import { InvokeAsyncInput, InvokeInput } from './inputs'

/** Function ids of one bridge: `bridge::*` for the unnamed bridge, `bridge::<name>::*` otherwise. */
export function bridgeFunctionIds(name: string | undefined) {
  const base = name ? `bridge::${name}::` : 'bridge::'
  return {
    invoke: `${base}invoke`,
    invokeAsync: `${base}invoke_async`,
    status: `${base}status`,
    // The reference engine's spellings, for the unnamed bridge.
    aliases: name
      ? []
      : [
          ['bridge.invoke', `${base}invoke`],
          ['bridge.invoke_async', `${base}invoke_async`],
        ],
  }
}

/** The bridge's own functions (BUILTINS.md §11): `[id, description, handler]`. */
export function bridgeFunctions(
  name: string | undefined,
  link: RemoteLink,
  status: () => unknown,
): [string, string, BuiltinHandler][] {
  const ids = bridgeFunctionIds(name)
  const invoke: BuiltinHandler = (d, call) => {
    const input = parseInput(InvokeInput, d)
    return link.call({
      functionId: input.function_id,
      data: input.data ?? null,
      timeoutMs: input.timeout_ms,
      traceparent: call.traceparent,
      baggage: call.baggage,
    })
  }
  const invokeAsync: BuiltinHandler = async (d, call) => {
    const input = parseInput(InvokeAsyncInput, d)
    await link.callVoid({
      functionId: input.function_id,
      data: input.data ?? null,
      traceparent: call.traceparent,
      baggage: call.baggage,
    })
    return null
  }
  const fns: [string, string, BuiltinHandler][] = [
    [
      ids.invoke,
      'Call a function on the remote engine: {function_id, data, timeout_ms?} → its result.',
      invoke,
    ],
    [
      ids.invokeAsync,
      'Send a fire-and-forget call to the remote engine: {function_id, data} → null once sent.',
      invokeAsync,
    ],
    [ids.status, 'The bridge connection and what it exposes and forwards.', () => status()],
  ]
  for (const [alias, target] of ids.aliases) {
    fns.push([alias as string, `Same as ${target}.`, target === ids.invoke ? invoke : invokeAsync])
  }
  return fns
}
