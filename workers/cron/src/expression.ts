import { createHash } from 'node:crypto'
import { validateDetailed } from 'node-cron'
import { toNodeCronWeekdays } from './weekday'
import { parseYearField } from './year-field'

/** A cron expression checked and translated for node-cron (BUILTINS.md §8). */
export interface CronExpression {
  /** Trimmed, inner whitespace collapsed: the form the job id is computed from. */
  normalized: string
  /** What node-cron schedules: 6 fields, weekdays 0 = Sunday. */
  pattern: string
  /** Years of a 7-field expression; `undefined` = every year. */
  years: Set<number> | undefined
  timezone: string
}

/** Refusal of an expression or timezone (`trigger_registration_failed`). */
export class InvalidCronError extends Error {
  constructor(expression: unknown, reason: string) {
    super(`Invalid cron expression: ${JSON.stringify(expression)}: ${reason}`)
  }
}

function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
  } catch {
    throw new Error(
      `unknown timezone ${JSON.stringify(timezone)}; use an IANA name such as Europe/Berlin`,
    )
  }
}

function translate(fields: string[]): { pattern: string; years: Set<number> | undefined } {
  if (fields.length === 1 && fields[0]?.startsWith('@'))
    return { pattern: fields[0], years: undefined }
  if (fields.length === 5) return { pattern: fields.join(' '), years: undefined }
  if (fields.length !== 6 && fields.length !== 7)
    throw new Error(`expected 5, 6 or 7 fields, got ${fields.length}`)
  const six = fields.slice(0, 6)
  six[5] = toNodeCronWeekdays(six[5] ?? '')
  const years = fields.length === 7 ? parseYearField(fields[6] ?? '') : undefined
  if (years && ![...years].some((y) => y >= new Date().getUTCFullYear()))
    throw new Error('the year field names no year from now on')
  return { pattern: six.join(' '), years }
}

/** Parses `{expression, timezone?}`; throws `InvalidCronError` with the reason. Syntax is node-cron's. */
export function parseCronExpression(
  expression: unknown,
  timezone: unknown = 'UTC',
): CronExpression {
  if (typeof expression !== 'string' || expression.trim() === '')
    throw new InvalidCronError(expression, 'expression is required')
  const normalized = expression.trim().replace(/\s+/g, ' ')
  try {
    if (typeof timezone !== 'string' || timezone === '')
      throw new Error('timezone must be a non-empty string')
    checkTimezone(timezone)
    const { pattern, years } = translate(normalized.split(' '))
    const check = validateDetailed(pattern)
    if (!check.valid) throw new Error(check.errors.map((e) => e.message).join('; '))
    return { normalized, pattern, years, timezone }
  } catch (err) {
    throw new InvalidCronError(expression, err instanceof Error ? err.message : String(err))
  }
}

/**
 * The job id (BUILTINS.md §8): SHA-256 of namespace, function, normalized expression and
 * timezone, so every replica on every engine computes the same one.
 */
export function cronJobId(namespace: string, functionId: string, cron: CronExpression): string {
  return createHash('sha256')
    .update(`${namespace}\n${functionId}\n${cron.normalized}\n${cron.timezone}`)
    .digest('hex')
}
