import { type ArgsDef, type CommandDef, defineCommand } from 'citty'
import { engineVersion } from '../../version'
import { CliError } from '../errors'

/** The engine's own flags (`iii` with no verb runs the engine). */
export const engineArgs = {
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
} as const satisfies ArgsDef

const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'silent']

/** Checks the log flags; bad values are usage errors (exit 2). */
export function logOptionsOf(args: { 'log-level': string; 'log-format': string }) {
  const level = args['log-level']
  if (!logLevels.includes(level))
    throw new CliError(`--log-level must be one of ${logLevels.join(', ')}`, 2)
  const format = args['log-format']
  if (format !== 'pretty' && format !== 'json')
    throw new CliError('--log-format must be pretty or json', 2)
  return { level, format: format as 'pretty' | 'json' }
}

/** The root command: `iii [flags]` runs the engine; `iii <verb> …` runs a verb. */
export function rootCommand(subCommands: Record<string, CommandDef<ArgsDef>>): CommandDef<ArgsDef> {
  return defineCommand({
    meta: {
      name: 'iii',
      version: engineVersion,
      description: 'Run the iii engine (no command), or one of the commands below',
    },
    args: engineArgs,
    subCommands,
    async run({ args }) {
      if (args._.length > 0) return // a sub-command ran
      // The engine loads only when it runs, so the other commands start fast.
      const { runEngine } = await import('./run-engine')
      await runEngine(logOptionsOf(args), args.config)
    },
  }) as CommandDef<ArgsDef>
}
