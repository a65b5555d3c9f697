import { readFileSync } from 'node:fs'
import type { EngineWorkerContext, WorkerRecord } from '@iii/core'
import { IIIError } from '@iii/protocol'

/** What `exec::status` answers for one process. */
export interface ProcessStatus {
  name: string
  state: string
  pid?: number
  restarts: number
  error?: string
  last_exit?: { code: number | null; signal: string | null }
}

export interface ReadyOptions {
  /** Name of the `iii-exec` process running the worker. */
  processName: string
  /** Function ids that must be registered; empty: any, once the set stops growing. */
  expect: string[]
  waitMs: number
  /** How long the registered set must stay the same when nothing is expected. */
  settleMs?: number
}

export interface ReadyResult {
  pid?: number
  workers: string[]
  functions: string[]
}

const pollMs = 100

/** Process group of a pid (Linux `/proc`); undefined where it cannot be read. */
function processGroupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[2])
  } catch {
    return undefined
  }
}

/**
 * Whether a connected worker belongs to the process: it runs in the process's group (`iii-exec`
 * starts each process in its own group, so a `npm start` → node child counts), or it announced
 * the process name as its worker name (`III_WORKER_NAME`).
 */
function belongsTo(worker: WorkerRecord, processName: string, pid: number | undefined): boolean {
  if (worker.kind !== 'session') return false
  if (worker.name === processName) return true
  const wpid = worker.meta.pid
  if (pid === undefined || wpid === undefined) return false
  return wpid === pid || processGroupOf(wpid) === pid
}

async function lastOutput(ctx: EngineWorkerContext, name: string): Promise<string> {
  try {
    const r = (await ctx.invoke({ functionId: 'exec::logs', data: { name, limit: 5 } })) as {
      lines: { line: string }[]
    }
    const lines = r.lines.map((l) => l.line)
    return lines.length > 0 ? `; last output: ${lines.join(' | ')}` : ''
  } catch {
    return ''
  }
}

/**
 * Waits until the worker started by an `iii-exec` process has connected and registered its
 * functions. Fails fast when the process cannot run, exits or crash-loops; at the deadline the
 * message names what is missing.
 */
export async function waitUntilReady(
  ctx: EngineWorkerContext,
  options: ReadyOptions,
): Promise<ReadyResult> {
  const deadline = Date.now() + options.waitMs
  const settleMs = options.settleMs ?? 300
  let lastKey = ''
  let stableSince = Date.now()
  let status: ProcessStatus | undefined
  let found: ReadyResult = { workers: [], functions: [] }
  for (;;) {
    status = (await ctx.invoke({
      functionId: 'exec::status',
      data: { name: options.processName },
    })) as ProcessStatus
    if (status.state === 'crashed' || status.state === 'failed' || status.state === 'exited') {
      const why = status.error ?? `exited with code ${status.last_exit?.code ?? '?'}`
      throw new IIIError(
        'WORKER_NOT_READY',
        `${options.processName} ${status.state}: ${why}${await lastOutput(ctx, options.processName)}`,
      )
    }
    found = registered(ctx, options.processName, status.pid)
    const key = found.functions.join(',')
    if (key !== lastKey) {
      lastKey = key
      stableSince = Date.now()
    }
    const missing = options.expect.filter((id) => !found.functions.includes(id))
    if (options.expect.length > 0 ? missing.length === 0 : found.functions.length > 0) {
      if (options.expect.length > 0 || Date.now() - stableSince >= settleMs) return found
    }
    if (Date.now() > deadline) break
    await new Promise((r) => setTimeout(r, pollMs))
  }
  throw new IIIError('WORKER_NOT_READY', await notReadyMessage(ctx, options, { status, found }))
}

function registered(
  ctx: EngineWorkerContext,
  processName: string,
  pid: number | undefined,
): ReadyResult {
  const workers = [...ctx.engine.workers.all()].filter((w) => belongsTo(w, processName, pid))
  const functions = workers.flatMap((w) => ctx.engine.functions.ownedBy(w).map((f) => f.id)).sort()
  return { pid, workers: workers.map((w) => w.name), functions }
}

async function notReadyMessage(
  ctx: EngineWorkerContext,
  options: ReadyOptions,
  { status, found }: { status: ProcessStatus | undefined; found: ReadyResult },
): Promise<string> {
  const who = `${options.processName} (pid ${status?.pid ?? 'none'}, ${status?.state ?? 'unknown'})`
  const waited = `within ${options.waitMs} ms`
  const output = await lastOutput(ctx, options.processName)
  if (found.workers.length === 0)
    return `no worker connected from ${who} ${waited}; is it connecting to the engine's URL (III_URL)?${output}`
  const missing = options.expect.filter((id) => !found.functions.includes(id))
  if (missing.length > 0)
    return `${who} connected as ${found.workers.join(', ')} but has not registered ${missing.join(', ')} ${waited} (registered: ${found.functions.join(', ') || 'nothing'})`
  return `${who} connected as ${found.workers.join(', ')} but registered no function ${waited}${output}`
}
