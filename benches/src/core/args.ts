import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { repoRoot } from './child'

export interface CliArgs {
  quick: boolean
  only: string[]
  /** Where the run's JSON goes. @default benches/results/latest.json */
  out: string
  /** When set, engine processes run with `--cpu-prof` and write their profiles here. */
  profileEngineDir: string | undefined
  list: boolean
  help: boolean
}

export const usage = `pnpm bench [--quick] [--only <name>[,<name>…]] [--out <file>] [--profile-engine <dir>] [--list]

  --quick            shorten every bench to a few seconds (whole suite < 5 min on 2 cores)
  --only <names>     run only these benches (repeatable or comma-separated)
  --out <file>       write the run's results here (default benches/results/latest.json)
  --profile-engine   run engine processes with node --cpu-prof, profiles written to <dir>
  --list             print the bench names and exit`

/** Parses the bench CLI's arguments; unknown flags throw with the usage text. */
export function parseCliArgs(argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      'profile-engine': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
  const cwd = process.env.INIT_CWD ?? process.cwd()
  const profile = values['profile-engine']
  return {
    quick: values.quick ?? false,
    only: (values.only ?? []).flatMap((v) => v.split(',')).filter((v) => v !== ''),
    out: values.out ? resolve(cwd, values.out) : resolve(repoRoot, 'benches/results/latest.json'),
    profileEngineDir: profile ? resolve(cwd, profile) : undefined,
    list: values.list ?? false,
    help: values.help ?? false,
  }
}
