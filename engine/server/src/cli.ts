#!/usr/bin/env node
import { type LogLevel, logLevels } from '@iii/core'
import { defineCommand, runCommand, showUsage } from 'citty'
import { mcpCommand } from './cli/mcp'
import { CliError, parsePairs, triggerFunction } from './cli/trigger'
import { ConfigError } from './config/errors'
import { type RunningEngine, startEngine } from './engine'
import { engineVersion } from './version'

const triggerCommand = defineCommand({
  meta: { name: 'trigger', description: 'Call a function and print its result as JSON' },
  args: {
    function_id: {
      type: 'positional',
      required: true,
      description: 'Function id, e.g. orders::validate',
    },
    json: {
      type: 'string',
      description: 'Payload as a JSON object; key=value pairs are merged on top',
    },
    address: { type: 'string', default: '127.0.0.1', description: 'Engine host' },
    port: { type: 'string', default: '49134', description: 'Worker listener port' },
    'timeout-ms': {
      type: 'string',
      default: '30000',
      description: 'How long to wait for the result',
    },
  },
  async run({ args }) {
    const port = Number(args.port)
    const timeoutMs = Number(args['timeout-ms'])
    if (!Number.isInteger(port) || port <= 0 || port > 65535)
      throw new CliError(`--port must be 1..65535, got ${args.port}`, 2)
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new CliError(`--timeout-ms must be a positive number, got ${args['timeout-ms']}`, 2)
    const pairs = (args._ as string[]).slice(1)
    const result = await triggerFunction({
      functionId: args.function_id,
      payload: parsePairs(pairs, args.json),
      address: args.address,
      port,
      timeoutMs,
    })
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  },
})

const mainCommand = defineCommand({
  meta: {
    name: 'iii',
    version: engineVersion,
    description: 'Run the iii engine, or call a function with `iii trigger`',
  },
  args: {
    config: {
      type: 'string',
      alias: 'c',
      description: 'Config file (default: ./config.yaml if present, else built-in defaults)',
    },
    'log-level': {
      type: 'string',
      default: 'info',
      description: 'trace | debug | info | warn | error',
    },
    'log-format': { type: 'string', default: 'pretty', description: 'pretty | json' },
  },
  subCommands: { trigger: triggerCommand, mcp: mcpCommand },
  async run({ args }) {
    if (args._.length > 0) return // a sub-command ran
    const level = args['log-level']
    if (!logLevels.includes(level as LogLevel))
      throw new CliError(`--log-level must be one of ${logLevels.join(', ')}`, 2)
    const format = args['log-format']
    if (format !== 'pretty' && format !== 'json')
      throw new CliError('--log-format must be pretty or json', 2)
    // Signals are handled from the start, so a stop during startup is still graceful.
    const engine = startEngine({
      configPath: args.config,
      log: { level: level as LogLevel, format },
      // A config file is watched: valid changes apply in place, an invalid one is rejected and logged.
      watch: true,
    })
    handleSignals(engine)
    await engine
  },
})

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

function fail(err: unknown): never {
  const message =
    err instanceof ConfigError
      ? `config error: ${err.message}`
      : err instanceof Error
        ? err.message
        : String(err)
  process.stderr.write(`iii: ${message}\n`)
  process.exit(err instanceof CliError ? err.exitCode : 1)
}

const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${engineVersion}\n`)
} else if (argv.includes('--help') || argv.includes('-h')) {
  void (argv[0] === 'trigger'
    ? showUsage(triggerCommand as never, mainCommand as never)
    : showUsage(mainCommand))
} else {
  runCommand(mainCommand, { rawArgs: argv }).catch(fail)
}
