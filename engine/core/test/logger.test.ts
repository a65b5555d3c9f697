import { describe, expect, it } from 'vitest'
import { createLogger, type LogRecord, redact } from '../src/index'

describe('logger', () => {
  it('redacts secrets at any depth and keeps other fields', () => {
    const out = redact({
      headers: { authorization: 'Bearer abc', Cookie: 'sid=1', 'x-api-key': 'k', accept: 'json' },
      nested: { deeper: { password: 'p', token: 't', ok: 1 } },
      baggage: 'user=1',
    }) as Record<string, any>
    expect(out.headers).toEqual({
      authorization: '[redacted]',
      Cookie: '[redacted]',
      'x-api-key': '[redacted]',
      accept: 'json',
    })
    expect(out.nested.deeper).toEqual({ password: '[redacted]', token: '[redacted]', ok: 1 })
    expect(out.baggage).toBe('[redacted]')
  })

  it('filters by level, carries child bindings and never prints a secret', () => {
    const lines: string[] = []
    const records: LogRecord[] = []
    const log = createLogger({
      level: 'info',
      format: 'json',
      write: (l) => lines.push(l),
      onRecord: (r) => records.push(r),
    })
    const child = log.child({ worker_id: 'w1' })
    child.debug('hidden')
    child.info('shown', { authorization: 'Bearer secret-value' })
    expect(records).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'info',
      msg: 'shown',
      worker_id: 'w1',
      authorization: '[redacted]',
    })
    expect(lines.join('')).not.toContain('secret-value')
  })
})
