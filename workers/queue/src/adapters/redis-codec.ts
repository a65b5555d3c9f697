/** Job rows of the Redis queue adapter's scripts ↔ `Job`, and the scripts' runner. */
import { createHash, randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Job } from '../job'
import type { ClaimOptions, SettleRequest } from '../store'
import { luaScripts } from './redis-lua'

/** A Lua script run by SHA, sent in full only when Redis does not have it yet. */
class LuaScript {
  private readonly sha: string
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex')
  }

  async run(redis: Redis, args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, 0, ...args)
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err
      return redis.eval(this.source, 0, ...args)
    }
  }
}

export type ScriptName = keyof typeof luaScripts
const scripts = new Map<ScriptName, LuaScript>()

/** Runs a script of redis-lua.ts by name. */
export function runScript(
  redis: Redis,
  name: ScriptName,
  args: (string | number)[],
): Promise<unknown> {
  let s = scripts.get(name)
  if (!s) {
    s = new LuaScript(luaScripts[name])
    scripts.set(name, s)
  }
  return s.run(redis, args)
}

interface Body {
  data?: unknown
  created_at: number
  traceparent?: string
  baggage?: string
}

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
export const rows = (v: unknown): unknown[][] =>
  Array.isArray(v) ? v.filter((r) => Array.isArray(r)) : []
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
/** A function's key in the store: namespace NUL function_id. */
export const fnKey = (namespace: string, functionId: string) => `${namespace}\u0000${functionId}`

/** Whether an `fk` names a function this engine can run. */
export function runnable(
  fk: string,
  canRun: (functionId: string, namespace: string) => boolean,
): boolean {
  const at = fk.indexOf('\u0000')
  return canRun(fk.slice(at + 1), fk.slice(0, at))
}

/** The stored body: the payload and the fields no script reads. */
export function encodeBody(job: {
  data: unknown
  created_at: number
  traceparent?: string
  baggage?: string
}): string {
  const body: Body = { data: job.data ?? null, created_at: job.created_at }
  if (job.traceparent) body.traceparent = job.traceparent
  if (job.baggage) body.baggage = job.baggage
  return JSON.stringify(body)
}

/** Row `{id body fn ns max att st pat g …}` → Job. */
export function decodeJob(queue: string, r: unknown[]): Job {
  const body: Body = JSON.parse(str(r[1]))
  const job: Job = {
    message_id: str(r[0]),
    queue,
    function_id: str(r[2]),
    namespace: str(r[3]),
    data: body.data ?? null,
    attempts_made: Number(r[5]),
    max_attempts: Number(r[4]),
    stalls: Number(r[6]),
    created_at: body.created_at,
    process_at: Number(r[7]),
  }
  if (str(r[8])) job.group_id = str(r[8])
  if (body.traceparent) job.traceparent = body.traceparent
  if (body.baggage) job.baggage = body.baggage
  return job
}

/** A claimed row (`… tok`) → Job with its lease. */
export function decodeClaimed(queue: string, r: unknown[], leaseUntil: number): Job {
  const job = decodeJob(queue, r)
  job.lease_token = str(r[9])
  job.lease_until = leaseUntil
  return job
}

/** `id tok` pairs of jobs, as script arguments. */
function leasePairs(jobs: Job[]): string[] {
  const out: string[] = []
  for (const job of jobs) out.push(job.message_id, str(job.lease_token))
  return out
}

/** The script arguments of one settle call. */
export function settleArgs(
  r: SettleRequest,
  claim: ClaimOptions | undefined,
  fks: string[],
): (string | number)[] {
  const head = [
    r.queue,
    claim?.now ?? Date.now(),
    claim?.leaseMs ?? 0,
    randomUUID(),
    claim?.max ?? 0,
    claim?.reserve ?? 0,
  ]
  const counts = [r.starts.length, r.acks.length, r.releases.length]
  return [
    ...head,
    ...counts,
    ...leasePairs(r.starts),
    ...leasePairs(r.acks),
    ...leasePairs(r.releases),
    ...fks,
  ]
}

/** A wake-up message: `[queue, fk]`, or a bare queue name from an engine of an earlier version. */
export function parseWake(message: string): [string, string?] {
  try {
    const parsed: unknown = JSON.parse(message)
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string')
      return [parsed[0], parsed[1]]
  } catch {
    // not JSON: a bare queue name
  }
  return [message]
}
