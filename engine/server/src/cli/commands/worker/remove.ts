import { defineCommand } from 'citty'
import { call, connectionArgs, connectionOf } from '../../connection'

/** `iii worker remove <name>`: stops a worker and removes it from the config file. */
export const workerRemoveCommand = defineCommand({
  meta: { name: 'remove', description: 'Stop a worker and remove it from the config file' },
  args: {
    name: { type: 'positional', required: true, description: 'Built-in or local worker name' },
    ...connectionArgs,
  },
  async run({ args }) {
    const r = await call<{ name: string; kind: string; config_file: string | null }>(
      connectionOf(args),
      'engine::workers::remove',
      { name: args.name },
    )
    const where = r.config_file ? `removed from ${r.config_file}` : 'no config file to update'
    process.stdout.write(`${r.kind} worker ${r.name} stopped; ${where}\n`)
  },
})
