import { resolve } from 'node:path'
import { defineCommand } from 'citty'
import { call, connectionArgs, connectionOf, millisOf } from '../../connection'
import { CliError } from '../../errors'

interface AddResult {
  name: string
  kind: string
  language?: string
  command?: string
  pid?: number
  functions: string[]
  config_file: string | null
  elapsed_ms: number
}

/** A local worker is named by a path (`./x`, `../x`, `/x`, `~/x`); anything else is a built-in. */
export function isPath(target: string): boolean {
  return /^(\.{1,2}(\/|$)|\/|~\/)/.test(target)
}

function parseEnv(pairs: string | string[] | undefined): Record<string, string> | undefined {
  if (pairs === undefined) return undefined
  const env: Record<string, string> = {}
  for (const pair of [pairs].flat()) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new CliError(`--env expects KEY=VALUE, got "${pair}"`, 2)
    env[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return env
}

function splitList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return [value]
    .flat()
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
}

/** `iii worker add <builtin | ./path>`: adds a worker to the running engine and its config file. */
export const workerAddCommand = defineCommand({
  meta: {
    name: 'add',
    description:
      'Add a built-in worker (queue, cron, …) or a local worker project to the running engine',
  },
  args: {
    target: {
      type: 'positional',
      required: true,
      description: 'A built-in (queue, cron, state, …) or a path to a worker project (./workers/x)',
    },
    name: { type: 'string', description: 'Name of a local worker (default: its directory name)' },
    env: { type: 'string', description: 'KEY=VALUE for a local worker (repeatable)' },
    expect: {
      type: 'string',
      description: 'Function ids a local worker must register (comma-separated or repeated)',
    },
    watch: { type: 'boolean', description: 'Restart a local worker when its files change' },
    'wait-ms': {
      type: 'string',
      default: '10000',
      description: 'How long to wait for a local worker to register its functions',
    },
    ...connectionArgs,
  },
  async run({ args }) {
    const connection = connectionOf(args)
    const waitMs = millisOf('wait-ms', args['wait-ms'])
    const local = isPath(args.target)
    if (!local && (args.name ?? args.env ?? args.expect ?? args.watch) !== undefined)
      throw new CliError('--name, --env, --expect and --watch apply to local workers (a path)', 2)
    const payload = local
      ? {
          path: resolve(args.target.replace(/^~(?=\/)/, process.env.HOME ?? '~')),
          name: args.name,
          env: parseEnv(args.env as string | string[] | undefined),
          expect_functions: splitList(args.expect as string | string[] | undefined),
          watch: args.watch,
          wait_ms: waitMs,
        }
      : { worker: args.target }
    const r = await call<AddResult>(
      { ...connection, timeoutMs: waitMs + 15_000 },
      'engine::workers::add',
      payload,
    )
    const where = r.config_file
      ? `added to ${r.config_file}`
      : 'not saved: the engine runs without a config file'
    const pid = r.pid !== undefined ? ` (pid ${r.pid})` : ''
    process.stdout.write(
      `${r.kind} worker ${r.name}${pid} ready in ${r.elapsed_ms} ms; ${where}\n` +
        `functions: ${r.functions.join(', ') || 'none'}\n`,
    )
  },
})
