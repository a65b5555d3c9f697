import { randomUUID } from 'node:crypto'

/** An order-like object of roughly `bytes` bytes of JSON: nested, mixed types, like a real payload. */
export function samplePayload(bytes: number): Record<string, unknown> {
  const item = { sku: 'SKU-000123', qty: 2, price: 19.99, tags: ['a', 'b'], gift: false }
  const base = {
    order_id: 'ord_7f3a',
    customer: { id: 42, email: 'x@example.com' },
    items: [] as unknown[],
  }
  while (JSON.stringify(base).length + JSON.stringify(item).length < bytes)
    base.items.push({ ...item, qty: base.items.length })
  const pad = bytes - JSON.stringify(base).length - 10
  return pad > 0 ? { ...base, note: 'n'.repeat(pad) } : base
}

/** The two frames on the invoke hot path, as a worker sends them to the engine. */
export function sampleFrames(
  bytes: number,
): Record<'invokefunction' | 'invocationresult', Record<string, unknown>> {
  const payload = samplePayload(bytes)
  const invocation_id = randomUUID()
  return {
    invokefunction: {
      type: 'invokefunction',
      invocation_id,
      function_id: 'orders::validate',
      data: payload,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
    invocationresult: {
      type: 'invocationresult',
      invocation_id,
      function_id: 'orders::validate',
      result: payload,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  }
}
