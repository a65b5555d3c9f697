import { existsSync } from 'node:fs'
import { defineCommand } from 'citty'
import { CliError } from '../errors'
import { engineArgs, logOptionsOf } from './start'

/** `iii dev`: the engine with ./config.yaml, watched, with a line per worker and function. */
export const devCommand = defineCommand({
  meta: {
    name: 'dev',
    description:
      'Run the project here: the engine and every worker in config.yaml, restarted on change',
  },
  args: { ...engineArgs, config: { ...engineArgs.config, default: 'config.yaml' } },
  async run({ args }) {
    if (!existsSync(args.config))
      throw new CliError(`no ${args.config} here: run it in a project (iii project init)`)
    const { runDev } = await import('./run-engine')
    await runDev(logOptionsOf(args), args.config)
  },
})
