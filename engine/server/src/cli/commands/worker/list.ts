import { defineCommand } from 'citty'
import { type Connection, call, connectionArgs, connectionOf, printJson } from '../../connection'

interface Row {
  name: string
  kind: 'builtin' | 'local' | 'connected'
  status: string
  pid: string
  functions: number
}

interface EngineWorker {
  name: string
  runtime: string
  status: string
  function_count: number
}

interface ExecProcess {
  name: string
  state: string
  pid?: number
}

async function localProcesses(connection: Connection): Promise<ExecProcess[]> {
  try {
    return (await call<{ processes: ExecProcess[] }>(connection, 'exec::list', {})).processes
  } catch (err) {
    // No iii-exec running: no local workers.
    if (/function_not_found/.test((err as Error).message)) return []
    throw err
  }
}

/** Built-ins, local (iii-exec) workers and other connected workers, one row each. */
export async function workerRows(connection: Connection): Promise<Row[]> {
  const { workers } = await call<{ workers: EngineWorker[] }>(
    connection,
    'engine::workers::list',
    {},
  )
  const processes = await localProcesses(connection)
  const sessionFunctions = (name: string) =>
    workers
      .filter((w) => w.runtime !== 'builtin' && w.name === name)
      .reduce((n, w) => n + w.function_count, 0)
  const local = new Set(processes.map((p) => p.name))
  const rows: Row[] = [
    ...workers
      .filter((w) => w.runtime === 'builtin')
      .map((w) => ({
        name: w.name,
        kind: 'builtin' as const,
        status: 'running',
        pid: '-',
        functions: w.function_count,
      })),
    ...processes.map((p) => ({
      name: p.name,
      kind: 'local' as const,
      status: p.state,
      pid: p.pid !== undefined ? String(p.pid) : '-',
      functions: sessionFunctions(p.name),
    })),
    ...workers
      .filter((w) => w.runtime !== 'builtin' && !local.has(w.name))
      .map((w) => ({
        name: w.name,
        kind: 'connected' as const,
        status: w.status,
        pid: '-',
        functions: w.function_count,
      })),
  ]
  return rows
}

function table(rows: Row[]): string {
  const head = ['NAME', 'KIND', 'STATUS', 'PID', 'FUNCTIONS']
  const cells = rows.map((r) => [r.name, r.kind, r.status, r.pid, String(r.functions)])
  const widths = head.map((h, i) =>
    Math.max(h.length, ...cells.map((c) => (c[i] as string).length)),
  )
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd()
  return [line(head), ...cells.map(line)].join('\n')
}

/** `iii worker list`: name, kind, status, pid and function count of every worker. */
export const workerListCommand = defineCommand({
  meta: { name: 'list', description: 'List workers: name, kind, status, pid, functions' },
  args: {
    json: { type: 'boolean', description: 'Print JSON instead of a table' },
    ...connectionArgs,
  },
  async run({ args }) {
    const rows = await workerRows(connectionOf(args))
    if (args.json) printJson({ workers: rows })
    else process.stdout.write(`${table(rows)}\n`)
  },
})
