import { defineCommand } from 'citty'
import { call, connectionArgs, connectionOf } from '../../connection'

/** `iii worker restart <name>`: restarts a worker with its current config. */
export const workerRestartCommand = defineCommand({
  meta: { name: 'restart', description: 'Restart a built-in or local worker' },
  args: {
    name: { type: 'positional', required: true, description: 'Built-in or local worker name' },
    ...connectionArgs,
  },
  async run({ args }) {
    const r = await call<{ name: string; kind: string; status?: { pid?: number } }>(
      connectionOf(args),
      'engine::workers::restart',
      { name: args.name },
    )
    const pid = r.status?.pid !== undefined ? ` (pid ${r.status.pid})` : ''
    process.stdout.write(`${r.kind} worker ${r.name} restarted${pid}\n`)
  },
})
