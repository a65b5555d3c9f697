import { type BuiltinHandler, type FunctionSchemas, parseInput } from '@iii/core'
import { Type } from '@sinclair/typebox'
import type { Supervisor } from './supervisor'

export const ExecNameInput = Type.Object({ name: Type.String({ minLength: 1 }) })
export const ExecLogsInput = Type.Object({
  name: Type.String({ minLength: 1 }),
  /** Only lines after this sequence number (from a previous `next_seq`), to follow a log. */
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
})
export const ExecListInput = Type.Object({})

const Row = Type.Record(Type.String(), Type.Unknown())

/** Request and response schemas of every `exec::*` function, by id. */
export const execSchemas: Record<string, FunctionSchemas> = {
  'exec::list': {
    request_format: ExecListInput,
    response_format: Type.Object({ processes: Type.Array(Row) }),
  },
  'exec::status': { request_format: ExecNameInput, response_format: Row },
  'exec::logs': { request_format: ExecLogsInput, response_format: Row },
  'exec::restart': { request_format: ExecNameInput, response_format: Row },
}

/** `exec::list`, `exec::status`, `exec::logs`, `exec::restart` (BUILTINS.md §12). */
export function execFunctions(supervisor: Supervisor): [string, string, BuiltinHandler][] {
  return [
    [
      'exec::list',
      'Every process iii-exec runs, with its state, pid, restarts and last exit.',
      (d) => {
        parseInput(ExecListInput, d)
        return { processes: supervisor.list() }
      },
    ],
    [
      'exec::status',
      'One process: state, pid, restarts, last exit and error. Input {name}.',
      (d) => supervisor.get(parseInput(ExecNameInput, d).name).status(),
    ],
    [
      'exec::logs',
      'The last output lines of a process. Input {name, since?, limit? (default 100)}; follow with since = next_seq.',
      (d) => {
        const q = parseInput(ExecLogsInput, d)
        return supervisor.get(q.name).logs.read({ since: q.since, limit: q.limit ?? 100 })
      },
    ],
    [
      'exec::restart',
      'Stops a process (SIGTERM, then SIGKILL after the grace) and starts it again; a crash loop starts over. Input {name}.',
      async (d) => {
        const process = supervisor.get(parseInput(ExecNameInput, d).name)
        await process.restart()
        return process.status()
      },
    ],
  ]
}
