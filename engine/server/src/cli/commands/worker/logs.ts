import { defineCommand } from 'citty'
import { type Connection, call, connectionArgs, connectionOf } from '../../connection'
import { CliError } from '../../errors'

interface LogLine {
  seq: number
  stream: string
  line: string
}

async function readLogs(
  connection: Connection,
  name: string,
  { since, limit }: { since: number; limit: number },
) {
  try {
    return await call<{ lines: LogLine[]; next_seq: number }>(connection, 'exec::logs', {
      name,
      since,
      limit,
    })
  } catch (err) {
    if (/function_not_found/.test((err as Error).message))
      throw new CliError(
        `${name}: no local workers run in this engine (iii-exec is off); a built-in's output is in the engine log`,
      )
    throw err
  }
}

function print(lines: LogLine[]): void {
  for (const l of lines)
    (l.stream === 'stderr' ? process.stderr : process.stdout).write(`${l.line}\n`)
}

/** `iii worker logs <name> [-f]`: a local worker's recent output, optionally followed. */
export const workerLogsCommand = defineCommand({
  meta: { name: 'logs', description: "Print a local worker's recent output; -f follows it" },
  args: {
    name: { type: 'positional', required: true, description: 'Local worker name' },
    follow: { type: 'boolean', alias: 'f', description: 'Keep printing new output until Ctrl-C' },
    lines: { type: 'string', default: '100', description: 'How many recent lines to print' },
    ...connectionArgs,
  },
  async run({ args }) {
    const connection = connectionOf(args)
    const limit = Number(args.lines)
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new CliError(`--lines must be 1..10000, got ${args.lines}`, 2)
    let r = await readLogs(connection, args.name, { since: 0, limit })
    print(r.lines)
    while (args.follow) {
      await new Promise((done) => setTimeout(done, 500))
      r = await readLogs(connection, args.name, { since: r.next_seq, limit: 10_000 })
      print(r.lines)
    }
  },
})
