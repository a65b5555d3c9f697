import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cronJobId, nextCronRuns, parseCronExpression } from '../src/index'

const at = (iso: string) => vi.useFakeTimers({ toFake: ['Date'], now: new Date(iso) })
const runs = (expression: string, count: number, timezone = 'UTC') =>
  nextCronRuns(parseCronExpression(expression, timezone), count).map((d) => d.toISOString())

afterEach(() => {
  vi.useRealTimers()
})

describe('cron expressions (BUILTINS.md §8)', () => {
  it('5 fields fire at second 0 with Unix weekdays (0 and 7 = Sunday, 1 = Monday)', () => {
    at('2025-01-01T00:00:00Z') // a Wednesday
    expect(runs('30 9 * * 1', 1)).toEqual(['2025-01-06T09:30:00.000Z'])
    expect(runs('0 12 * * 0', 1)).toEqual(['2025-01-05T12:00:00.000Z'])
    expect(runs('0 12 * * 7', 1)).toEqual(['2025-01-05T12:00:00.000Z'])
    expect(runs('*/15 * * * *', 2)).toEqual([
      '2025-01-01T00:15:00.000Z',
      '2025-01-01T00:30:00.000Z',
    ])
  })

  it('6 and 7 fields have seconds and reference weekdays (1 = Sunday … 7 = Saturday)', () => {
    at('2025-01-01T00:00:00Z')
    expect(runs('*/20 * * * * *', 2)).toEqual([
      '2025-01-01T00:00:20.000Z',
      '2025-01-01T00:00:40.000Z',
    ])
    expect(runs('0 0 12 * * 1', 1)).toEqual(['2025-01-05T12:00:00.000Z'])
    expect(runs('0 0 12 * * 7', 1)).toEqual(['2025-01-04T12:00:00.000Z'])
    expect(runs('0 0 12 * * 2-6', 2)).toEqual([
      '2025-01-01T12:00:00.000Z',
      '2025-01-02T12:00:00.000Z',
    ])
    expect(runs('0 0 12 * * MON', 1)).toEqual(['2025-01-06T12:00:00.000Z'])
    expect(runs('0 0 12 1 JAN * 2027,2029', 2)).toEqual([
      '2027-01-01T12:00:00.000Z',
      '2029-01-01T12:00:00.000Z',
    ])
    expect(runs('0 0 12 1 1 * 2026-2040/5', 2)).toEqual([
      '2026-01-01T12:00:00.000Z',
      '2031-01-01T12:00:00.000Z',
    ])
  })

  it('refuses invalid expressions and timezones with a clear message', () => {
    at('2025-01-01T00:00:00Z')
    const bad: [unknown, string?][] = [
      ['', 'expression is required'],
      [undefined, 'expression is required'],
      [42, 'expression is required'],
      ['* * * *', 'expected 5, 6 or 7 fields, got 4'],
      ['* * * * * * * *', 'expected 5, 6 or 7 fields, got 8'],
      ['61 * * * * *', 'invalid expression for second'],
      ['0 0 12 * * 0', 'day-of-week 0 is out of range'],
      ['0 0 12 * * 8', 'day-of-week 8 is out of range'],
      ['0 0 12 * * * 1999', 'names no year from now on'],
      ['0 0 12 * * * 20x5', 'is not a year'],
      ['0 0 12 * * * 2030-2020', 'empty range'],
      ['0 0 30 2 *', 'impossible day of month'],
      ['hello world', 'expected 5, 6 or 7 fields'],
    ]
    for (const [expression, reason] of bad) {
      expect(() => parseCronExpression(expression)).toThrow(/^Invalid cron expression: /)
      expect(() => parseCronExpression(expression)).toThrow(reason)
    }
    expect(() => parseCronExpression('* * * * *', 'Mars/Olympus')).toThrow(
      'unknown timezone "Mars/Olympus"',
    )
    expect(() => parseCronExpression('* * * * *', 7)).toThrow('timezone must be a non-empty string')
  })

  it('job id: SHA-256 of namespace, function, normalized expression and timezone', () => {
    const a = parseCronExpression('  */5   * * * * * ')
    expect(a.normalized).toBe('*/5 * * * * *')
    const expected = createHash('sha256')
      .update('default\njobs::tick\n*/5 * * * * *\nUTC')
      .digest('hex')
    expect(cronJobId('default', 'jobs::tick', a)).toBe(expected)
    expect(cronJobId('default', 'jobs::tick', parseCronExpression('*/5 * * * * *', 'UTC'))).toBe(
      expected,
    )
    expect(
      cronJobId('default', 'jobs::tick', parseCronExpression('*/5 * * * * *', 'Europe/Berlin')),
    ).not.toBe(expected)
    expect(cronJobId('other', 'jobs::tick', a)).not.toBe(expected)
  })
})

describe('cron timezones and DST', () => {
  it('follows local wall-clock time in a non-UTC zone', () => {
    at('2025-01-01T00:00:00Z')
    expect(runs('0 0 9 * * *', 2, 'Asia/Kathmandu')).toEqual([
      '2025-01-01T03:15:00.000Z',
      '2025-01-02T03:15:00.000Z',
    ])
    expect(runs('0 9 * * *', 1, 'America/New_York')).toEqual(['2025-01-01T14:00:00.000Z'])
  })

  it('a local time skipped by the spring change does not fire', () => {
    at('2024-03-30T12:00:00Z')
    expect(runs('0 30 2 * * *', 2, 'Europe/Berlin')).toEqual([
      '2024-04-01T00:30:00.000Z',
      '2024-04-02T00:30:00.000Z',
    ])
  })

  it('a local time repeated by the autumn change fires once', () => {
    at('2024-10-26T12:00:00Z')
    expect(runs('0 30 2 * * *', 2, 'Europe/Berlin')).toEqual([
      '2024-10-27T01:30:00.000Z',
      '2024-10-28T01:30:00.000Z',
    ])
    at('2024-10-26T23:40:00Z')
    const halfHours = runs('0 */30 * * * *', 6, 'Europe/Berlin')
    expect(new Set(halfHours).size).toBe(6)
    expect(halfHours.slice(0, 2)).toEqual(['2024-10-27T01:00:00.000Z', '2024-10-27T01:30:00.000Z'])
  })
})
