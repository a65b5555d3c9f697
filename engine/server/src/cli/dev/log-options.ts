import type { LoggerOptions, LogRecord } from '@iii/core'

/** Options of the log stream of `iii dev`. */
export interface DevLogOptions {
  level: string
  format: 'pretty' | 'json'
  paint: (name: string, text: string) => string
  write?: (line: string) => void
}

const tagWidth = 8

/** An `iii-exec` record of one output line of a worker process. */
function processLine(r: LogRecord): { process: string; stream: string } | undefined {
  const { worker, process, stream } = r.fields as Record<string, unknown>
  if (worker !== 'iii-exec' || typeof process !== 'string') return undefined
  if (stream !== 'stdout' && stream !== 'stderr') return undefined
  return { process, stream }
}

/**
 * Logger options for `iii dev`: engine records print as usual; each output line of a worker
 * process prints as `name | line`, the tag in the worker's colour (pretty format only; JSON
 * records stay whole for machines).
 */
export function devLogOptions(options: DevLogOptions): LoggerOptions {
  const write = options.write ?? ((line: string) => process.stderr.write(line))
  const base = { level: options.level, format: options.format } as LoggerOptions
  if (options.format !== 'pretty') return { ...base, write }
  let current: LogRecord | undefined
  return {
    ...base,
    onRecord: (record) => {
      current = record
    },
    write: (line) => {
      const record = current
      current = undefined
      const output = record && processLine(record)
      if (!output) return write(line)
      const tag = options.paint(output.process, `${output.process.padEnd(tagWidth)} |`)
      write(`${tag} ${record.msg}\n`)
    },
  }
}
