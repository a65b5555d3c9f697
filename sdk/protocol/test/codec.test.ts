import { describe, expect, it } from 'vitest'
import { decodeFrame, errorCodes, httpStatusOf, IIIError } from '../src/index'

describe('decodeFrame', () => {
  it('accepts a valid invokefunction and treats null optionals as absent', () => {
    const r = decodeFrame(
      JSON.stringify({
        type: 'invokefunction',
        invocation_id: null,
        function_id: 'a::b',
        data: { x: 1 },
        namespace: null,
      }),
    )
    expect(r.ok).toBe(true)
  })

  it('ignores empty and whitespace frames', () => {
    expect(decodeFrame('').ok).toBe('empty')
    expect(decodeFrame('   \n').ok).toBe('empty')
  })

  it.each([
    ['not json', '{oops', /not JSON/],
    ['array', '[1,2]', /JSON object/],
    ['no type', '{"id":"x"}', /missing string field "type"/],
    ['unknown type', '{"type":"explode"}', /unknown frame type "explode"/],
    ['outbound-only type', '{"type":"workerregistered","worker_id":"x"}', /unknown frame type/],
    ['wrong field type', '{"type":"registerfunction","id":5}', /registerfunction: \/id/],
    ['empty id', '{"type":"registerfunction","id":""}', /registerfunction: \/id/],
    [
      'bad action',
      '{"type":"invokefunction","function_id":"a","data":1,"action":{"type":"later"}}',
      /invokefunction: \/action/,
    ],
    [
      'missing config',
      '{"type":"registertrigger","id":"1","trigger_type":"t","function_id":"f"}',
      /registertrigger/,
    ],
    [
      'overlong id',
      JSON.stringify({ type: 'invokefunction', function_id: 'f'.repeat(1025), data: {} }),
      /invokefunction: \/function_id/,
    ],
  ])('rejects %s with a reason', (_name, text, reason) => {
    const r = decodeFrame(text)
    expect(r.ok).toBe(false)
    if (r.ok === false) expect(r.reason).toMatch(reason)
  })

  it('clips huge unknown type names in the reason', () => {
    const r = decodeFrame(JSON.stringify({ type: 'x'.repeat(10_000) }))
    expect(r.ok === false && r.reason.length < 200).toBe(true)
  })
})

describe('error registry', () => {
  it('gives every code a status and retryability', () => {
    for (const [name, info] of Object.entries(errorCodes)) {
      expect(info.status, name).toBeGreaterThanOrEqual(400)
      expect(typeof info.retryable).toBe('boolean')
    }
    expect(httpStatusOf('PAYLOAD_TOO_LARGE')).toBe(413)
    expect(httpStatusOf('my_handler_code')).toBe(500)
  })

  it('wraps unknown throws once and keeps the stack', () => {
    const inner = new Error('boom')
    const wrapped = IIIError.from(inner)
    expect(wrapped.code).toBe('INTERNAL_ERROR')
    expect(wrapped.stack).toBe(inner.stack)
    expect(IIIError.from(wrapped)).toBe(wrapped)
    expect(JSON.parse(JSON.stringify(new IIIError('NOT_FOUND', 'x')))).toEqual({
      code: 'NOT_FOUND',
      message: 'x',
    })
  })
})
