/** Log levels in increasing severity. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

export type LogFields = Record<string, unknown>

export interface LogRecord {
  level: Exclude<LogLevel, 'silent'>
  time: number
  msg: string
  fields: LogFields
}

/** Structured logger. Every package takes one injected; nothing calls `console`. */
export interface Logger {
  trace(msg: string, fields?: LogFields): void
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** A logger whose records also carry `bindings` (worker id, invocation id, …). */
  child(bindings: LogFields): Logger
  isLevelEnabled(level: LogLevel): boolean
}

export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel
  /** `pretty` for people, `json` for machines. @default 'pretty' */
  format?: 'pretty' | 'json'
  /** Where formatted lines go. @default process.stderr */
  write?: (line: string) => void
  /** Called with every record that passes the level, after redaction. */
  onRecord?: (record: LogRecord) => void
}

const rank: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  silent: 100,
}

/** Header and field names whose values never reach a log line. */
const secretNames =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|baggage|password|secret|token|access[-_]?key|reattach[-_]?token)$/i

/** Replaces secret values, recursively, in anything headed for a log line. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value
  if (value instanceof Error)
    return { name: value.name, message: value.message, stack: value.stack }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = secretNames.test(k) ? '[redacted]' : redact(v, depth + 1)
  }
  return out
}

/** Creates the root logger. */
export function createLogger(options: LoggerOptions = {}, bindings: LogFields = {}): Logger {
  const threshold = rank[options.level ?? 'info']
  const write = options.write ?? ((line: string) => process.stderr.write(line))
  const format = options.format ?? 'pretty'

  const emit = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (rank[level] < threshold) return
    const record: LogRecord = {
      level,
      time: Date.now(),
      msg,
      fields: redact({ ...bindings, ...fields }) as LogFields,
    }
    options.onRecord?.(record)
    write(format === 'json' ? formatJson(record) : formatPretty(record))
  }

  return {
    trace: (m, f) => emit('trace', m, f),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (more) => createLogger(options, { ...bindings, ...more }),
    isLevelEnabled: (level) => rank[level] >= threshold,
  }
}

function formatJson(r: LogRecord): string {
  return `${JSON.stringify({ level: r.level, time: new Date(r.time).toISOString(), msg: r.msg, ...r.fields })}\n`
}

function formatPretty(r: LogRecord): string {
  const fields = Object.entries(r.fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')
  const time = new Date(r.time).toISOString().slice(11, 23)
  return `${time} ${r.level.toUpperCase().padEnd(5)} ${r.msg}${fields ? ` ${fields}` : ''}\n`
}

/**
 * A logger that forwards to `inner` and hands every record it writes to `tap` as well (the
 * observability worker's log store). Child loggers tee too.
 */
export function teeLogger(
  inner: Logger,
  tap: (record: LogRecord) => void,
  bindings: LogFields = {},
): Logger {
  const emit = (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) => {
    inner[level](msg, fields)
    if (inner.isLevelEnabled(level))
      tap({ level, time: Date.now(), msg, fields: redact({ ...bindings, ...fields }) as LogFields })
  }
  return {
    trace: emit('trace'),
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (more) => teeLogger(inner.child(more), tap, { ...bindings, ...more }),
    isLevelEnabled: (level) => inner.isLevelEnabled(level),
  }
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ level: 'silent' })
