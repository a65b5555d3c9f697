import type { LoggerOptions } from '@iii/core'
import { type RunningEngine, startEngine } from '../../engine'
import { colourEnabled, painter } from '../dev/colour'
import { devLogOptions } from '../dev/log-options'
import { narrate } from '../dev/narrate'

function handleSignals(starting: Promise<RunningEngine>): void {
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    signals++
    if (signals > 1) process.exit(130)
    starting
      .then(async (engine) => {
        engine.core.logger.info('shutting down', { signal })
        await engine.stop()
      })
      .then(
        () => process.exit(0),
        (err: Error) => {
          // A stop that could not persist what it held is not a clean stop.
          process.stderr.write(`iii: ${err.message}\n`)
          process.exit(1)
        },
      )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** Runs the engine until SIGINT/SIGTERM; signals are handled from the start of startup. */
export async function runEngine(
  log: { level: string; format: 'pretty' | 'json' },
  configPath: string | undefined,
): Promise<void> {
  // A config file is watched: valid changes apply in place, an invalid one is rejected and logged.
  const engine = startEngine({ configPath, log: log as LoggerOptions, watch: true })
  handleSignals(engine)
  await engine
}

/** `iii dev`: the engine with the project's config, watched, narrating workers and bindings. */
export async function runDev(
  log: { level: string; format: 'pretty' | 'json' },
  configPath: string,
): Promise<void> {
  const paint = painter(colourEnabled())
  const say = (line: string) => process.stderr.write(`[dev] ${line}\n`)
  const starting = startEngine({ configPath, log: devLogOptions({ ...log, paint }), watch: true })
  handleSignals(starting)
  const engine = await starting
  narrate(engine, { say, paint })
  say(`engine ready on ${engine.url}`)
}
