import { createLogger, type LogLevel, type LogRecord } from '@iii/core'
import { type RunningEngine, type StartEngineOptions, startEngine } from 'iii-engine'

export interface TestEngineOptions extends StartEngineOptions {
  /** The lowest level kept in `records`. @default 'warn' */
  recordLevel?: 'info' | 'warn'
}

export interface TestEngine extends RunningEngine {
  /** Every log record at `recordLevel` or above. */
  readonly records: LogRecord[]
  /** Records the engine flagged as unhandled errors; a test fails if any exist at dispose. */
  unhandled(): LogRecord[]
}

/**
 * A real engine on port 0 for one test. Disposing it stops the engine and fails the test if the
 * engine logged an unhandled error.
 *
 * @example
 * await using engine = await startTestEngine()
 */
export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const { recordLevel = 'warn', ...engineOptions } = options
  const kept: LogLevel[] = recordLevel === 'info' ? ['info', 'warn', 'error'] : ['warn', 'error']
  const records: LogRecord[] = []
  const logger = createLogger({
    level: process.env.III_TEST_LOG === '1' ? 'debug' : recordLevel,
    write: process.env.III_TEST_LOG === '1' ? (line) => process.stderr.write(line) : () => {},
    onRecord: (r) => {
      if (kept.includes(r.level)) records.push(r)
    },
  })
  const engine = await startEngine({
    defaults: options.configText === undefined && options.configPath === undefined,
    randomPorts: true,
    logger,
    ...engineOptions,
  })
  const unhandled = () => records.filter((r) => r.fields.unhandled === true)
  const stop = async () => {
    await engine.stop()
    const bad = unhandled()
    if (bad.length > 0)
      throw new Error(
        `engine logged unhandled errors: ${bad.map((r) => `${r.msg} ${JSON.stringify(r.fields)}`).join('; ')}`,
      )
  }
  return { ...engine, records, unhandled, stop, [Symbol.asyncDispose]: stop }
}
