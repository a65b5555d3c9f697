import { type ArgsDef, type CommandDef, runCommand, showUsage } from 'citty'
import { ConfigError } from '../config/errors'
import { engineVersion } from '../version'
import { verbAliases, verbs } from './commands/index'
import { rootCommand } from './commands/start'
import { describeRemoteFunction } from './commands/trigger-help'
import { CliError } from './errors'
import { checkArgs } from './strict'

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

async function usage(path: string[], root: CommandDef<ArgsDef>): Promise<void> {
  let command = root
  let parent: CommandDef<ArgsDef> | undefined
  for (const name of path) {
    parent = command
    command = (command.subCommands as Record<string, CommandDef<ArgsDef>>)[
      name
    ] as CommandDef<ArgsDef>
  }
  await showUsage(command as never, parent as never)
}

/** Runs the `iii` CLI with `argv` (without `node` and the script). */
export async function main(argv: string[]): Promise<void> {
  const root = rootCommand(verbs)
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
      process.stdout.write(`${engineVersion}\n`)
      return
    }
    const { path } = checkArgs(root, argv, verbAliases)
    const args =
      path.length > 0 && argv[0] !== path[0] ? [path[0] as string, ...argv.slice(1)] : argv
    if (args.includes('--help') || args.includes('-h')) {
      if (path[0] === 'trigger' && (await describeRemoteFunction(args.slice(1)))) return
      await usage(path, root)
      return
    }
    await runCommand(root, { rawArgs: args })
  } catch (err) {
    fail(err)
  }
}
