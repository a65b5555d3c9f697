import { describe, expect, it } from 'vitest'
import { resolveChannelRefs } from '../src/channels'
import { toErrorBody, toInvocationError } from '../src/errors'
import { InvocationError, isChannelRef, TriggerAction } from '../src/index'

describe('errors', () => {
  it('formats InvocationError as "<code>: <message>" and keeps the fields', () => {
    const err = toInvocationError(
      { code: 'TIMEOUT', message: 'too slow', stacktrace: 'at x' },
      'a::b',
    )
    expect(err).toBeInstanceOf(InvocationError)
    expect(err.message).toBe('TIMEOUT: too slow')
    expect(err).toMatchObject({
      code: 'TIMEOUT',
      function_id: 'a::b',
      stacktrace: 'at x',
      reason: 'too slow',
    })
    expect(toInvocationError('plain text').code).toBe('UNKNOWN')
  })

  it('maps handler throws to the wire: invocation_failed by default, own code when given', () => {
    expect(toErrorBody(new Error('x'))).toMatchObject({ code: 'invocation_failed', message: 'x' })
    expect(toErrorBody(new Error('x')).stacktrace).toContain('Error: x')
    expect(toErrorBody(Object.assign(new Error('gone'), { code: 'NOT_FOUND' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'gone',
    })
    expect(toErrorBody('bare')).toEqual({ code: 'invocation_failed', message: 'bare' })
  })

  it('builds trigger actions', () => {
    expect(TriggerAction.Void()).toEqual({ type: 'void' })
    expect(TriggerAction.Enqueue({ queue: 'q', delay_ms: 5 })).toEqual({
      type: 'enqueue',
      queue: 'q',
      delay_ms: 5,
    })
  })
})

describe('channel refs', () => {
  it('finds refs anywhere in a payload and leaves the rest untouched', () => {
    const ref = { channel_id: 'c', access_key: 'k', direction: 'read' as const }
    expect(isChannelRef(ref)).toBe(true)
    expect(isChannelRef({ ...ref, direction: 'sideways' })).toBe(false)
    const input = { a: 1, nested: [{ body: ref }], untouched: { x: 'y' } }
    const out = resolveChannelRefs(input, 'ws://127.0.0.1:1') as any
    expect(out.nested[0].body.constructor.name).toBe('ChannelReader')
    expect(out.untouched).toBe(input.untouched)
    expect(input.nested[0]?.body).toBe(ref)
  })
})
