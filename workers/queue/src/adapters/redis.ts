import { createHash, randomUUID } from 'node:crypto'
import type { Logger } from '@iii/core'
import { Redis } from 'ioredis'
import type { DlqEntry, Job, PublishedMessage, QueueStats, Subscription } from '../job'
import type { ClaimOptions, IdempotencyOptions, QueueStore, ReapResult } from '../store'
import { luaScripts } from './redis-lua'

export const redisQueueStoreDefaults = {
  /** BUILTINS.md §0.1 */
  url: 'redis://localhost:6379',
  /** Prefix of every key (and of the wake-up channel). */
  prefix: 'iii:q:',
  connectTimeoutMs: 10_000,
} as const

export interface RedisQueueStoreOptions {
  /** @default 'redis://localhost:6379' */
  url?: string
  /** @default 'iii:q:' */
  prefix?: string
  logger?: Logger
}

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

type ScriptName = keyof typeof luaScripts
const scripts = new Map<ScriptName, LuaScript>()

function scriptOf(name: ScriptName): LuaScript {
  let s = scripts.get(name)
  if (!s) {
    s = new LuaScript(luaScripts[name])
    scripts.set(name, s)
  }
  return s
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))

interface Body {
  data?: unknown
  created_at: number
  traceparent?: string
  baggage?: string
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
const rows = (v: unknown): unknown[][] => (Array.isArray(v) ? v.filter((r) => Array.isArray(r)) : [])
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const fnKey = (namespace: string, functionId: string) => `${namespace}\u0000${functionId}`

function encodeBody(job: { data: unknown; created_at: number; traceparent?: string; baggage?: string }): string {
  const body: Body = { data: job.data ?? null, created_at: job.created_at }
  if (job.traceparent) body.traceparent = job.traceparent
  if (job.baggage) body.baggage = job.baggage
  return JSON.stringify(body)
}

/** Row `{id body fn ns max att st pat g …}` → Job. */
function decodeJob(queue: string, r: unknown[]): Job {
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

/** A row of the claim script → Job with its lease. */
function decodeClaimed(queue: string, r: unknown[]): Job {
  const job = decodeJob(queue, r)
  job.lease_token = str(r[9])
  job.lease_until = Number(r[10])
  return job
}

/** Whether an `fk` (namespace NUL function_id) names a function this engine can run. */
function runnable(fk: string, canRun: (functionId: string, namespace: string) => boolean): boolean {
  const at = fk.indexOf('\u0000')
  return canRun(fk.slice(at + 1), fk.slice(0, at))
}

/**
 * The `redis` adapter (ioredis): every move is one Lua script, so several engines can share the
 * queues. Jobs wait per function, so an engine claims only what it can run (BUILTINS.md §9.4).
 */
export class RedisQueueStore implements QueueStore {
  readonly name = 'redis'
  readonly shared = true
  private readonly listeners = new Set<(queue: string) => void>()
  private readonly prefix: string
  /** Per queue: the functions that had ready or delayed jobs at the last claim. */
  private readonly workingFks = new Map<string, string[]>()

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    prefix: string,
  ) {
    this.prefix = prefix
  }

  /** Connects (failing after 10 s) and subscribes to wake-ups from other engines. */
  static async connect(options: RedisQueueStoreOptions = {}): Promise<RedisQueueStore> {
    const url = options.url ?? redisQueueStoreDefaults.url
    const prefix = options.prefix ?? redisQueueStoreDefaults.prefix
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: redisQueueStoreDefaults.connectTimeoutMs,
      enableAutoPipelining: true,
    })
    const subscriber = redis.duplicate()
    for (const client of [redis, subscriber]) watchErrors(client, url, options.logger)
    try {
      await Promise.all([redis.connect(), subscriber.connect()])
      await subscriber.subscribe(`${prefix}wake`)
    } catch (err) {
      redis.disconnect()
      subscriber.disconnect()
      throw new Error(`queue redis adapter: cannot connect to ${url}: ${messageOf(err)}`)
    }
    const store = new RedisQueueStore(redis, subscriber, prefix)
    subscriber.on('message', (_channel: string, queue: string) => {
      for (const listener of store.listeners) listener(queue)
    })
    return store
  }

  async enqueue(job: Job, idem?: IdempotencyOptions) {
    const key = idem && idem.ttlMs > 0 ? `${job.namespace}\u0000${job.queue}\u0000${idem.key}` : ''
    const reply = list(
      await this.run('enqueue', [
        job.queue,
        job.message_id,
        encodeBody(job),
        job.function_id,
        job.namespace,
        job.max_attempts,
        job.process_at,
        Date.now(),
        job.group_id ?? '',
        key,
        idem?.ttlMs ?? 0,
      ]),
    )
    return { messageId: str(reply[0]), created: Number(reply[1]) === 1 }
  }

  /**
   * Claims from the ready jobs of the functions this engine can run. The functions with work come
   * back with every claim and are cached, so a busy consumer needs one round trip per claim.
   */
  async claim(queue: string, o: ClaimOptions): Promise<Job[]> {
    if (o.max <= 0) return []
    const canRun = o.canRun
    const accept = (fks: string[]) => (canRun ? fks.filter((fk) => runnable(fk, canRun)) : fks)
    let fks = accept(this.workingFks.get(queue) ?? [])
    if (fks.length === 0) fks = accept(await this.redis.hkeys(this.key(queue, 'fkc')))
    const claimed: Job[] = []
    while (fks.length > 0 && claimed.length < o.max) {
      const reply = list(await this.run('claim', [queue, o.now, o.leaseMs, o.max - claimed.length, randomUUID(), ...fks]))
      for (const r of rows(reply[0])) claimed.push(decodeClaimed(queue, r))
      const left = list(reply[1]).map(str)
      this.workingFks.set(queue, left)
      // Functions that got work since the list was read: claim from them too, at once.
      const known = new Set(fks)
      fks = accept(left).filter((fk) => !known.has(fk))
    }
    return claimed
  }

  async renew(job: Job, until: number) {
    return Number(await this.run('renew', [job.queue, job.message_id, str(job.lease_token), until])) === 1
  }

  async ack(job: Job) {
    return Number(await this.run('ack', [job.queue, job.message_id, str(job.lease_token), Date.now()])) === 1
  }

  async retry(job: Job, processAt: number, now: number) {
    const args = [job.queue, job.message_id, str(job.lease_token), now, job.attempts_made, processAt]
    return Number(await this.run('retry', args)) === 1
  }

  async deadLetter(job: Job, error: string, now: number) {
    const args = [job.queue, job.message_id, str(job.lease_token), now, job.attempts_made, error]
    return Number(await this.run('deadLetter', args)) === 1
  }

  async release(job: Job, now: number) {
    return Number(await this.run('release', [job.queue, job.message_id, str(job.lease_token), now])) === 1
  }

  async reapExpired(now: number, maxStalls: number): Promise<ReapResult> {
    const flat = list(await this.run('reap', [now, maxStalls]))
    const result: ReapResult = { requeued: [], deadLettered: [] }
    for (let i = 0; i + 3 < flat.length; i += 4) {
      const info = { queue: str(flat[i]), message_id: str(flat[i + 1]), stalls: Number(flat[i + 2]) }
      ;(Number(flat[i + 3]) === 1 ? result.deadLettered : result.requeued).push(info)
    }
    return result
  }

  async nextDueAt(queue: string, now: number) {
    const got = await this.redis.zrangebyscore(this.key(queue, 'delayed'), `(${now}`, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    return got.length >= 2 ? Number(got[1]) : undefined
  }

  async stats(queue: string): Promise<QueueStats> {
    const [depth, active, dlq] = await Promise.all([
      this.redis.get(this.key(queue, 'depth')),
      this.redis.zcard(this.key(queue, 'active')),
      this.redis.llen(this.key(queue, 'dlq')),
    ])
    return { depth: Number(depth ?? 0), active, dlq_depth: dlq }
  }

  async dlq(queue: string, offset: number, limit: number): Promise<DlqEntry[]> {
    const reply = await this.run('dlq', [queue, offset, limit])
    return rows(reply).map((r) => ({ job: decodeJob(queue, r), error: str(r[9]), failed_at: Number(r[10]) }))
  }

  async redrive(queue: string, now: number) {
    return list(await this.run('redrive', [queue, now])).map(str)
  }

  async redriveMessage(queue: string, messageId: string, now: number) {
    return Number(await this.run('redriveOne', [queue, messageId, now])) === 1 ? 1 : 0
  }

  async discardMessage(queue: string, messageId: string) {
    return Number(await this.run('discard', [queue, messageId])) === 1 ? 1 : 0
  }

  async queueNames() {
    return this.redis.smembers(`${this.prefix}queues`)
  }

  async subscribe(sub: Subscription, bindingId: string, untilMs: number, now: number, holdingQueue: string) {
    const record = JSON.stringify({
      topic: sub.topic,
      function_id: sub.function_id,
      namespace: sub.namespace,
      queue: sub.queue,
      max_attempts: sub.max_attempts,
      fifo: sub.fifo,
    })
    const args = [sub.topic, fnKey(sub.namespace, sub.function_id), record, bindingId, untilMs, now, holdingQueue, sub.queue]
    return Number(await this.run('subscribe', args))
  }

  async unsubscribe(sub: Subscription, bindingId: string, now: number) {
    await this.run('unsubscribe', [sub.topic, fnKey(sub.namespace, sub.function_id), bindingId, now])
  }

  async subscriptions(topic: string, now: number): Promise<Subscription[]> {
    return list(await this.run('subscriptions', [topic, now])).map((r) => JSON.parse(str(r)))
  }

  async publish(topic: string, holdingQueue: string, message: PublishedMessage, now: number) {
    return Number(await this.run('publish', [topic, holdingQueue, message.message_id, encodeBody(message), now]))
  }

  onWake(listener: (queue: string) => void): void {
    this.listeners.add(listener)
  }

  async close() {
    this.listeners.clear()
    await Promise.allSettled([this.subscriber.quit(), this.redis.quit()])
  }

  private key(queue: string, part: string): string {
    return `${this.prefix}{${queue}}:${part}`
  }

  private run(name: ScriptName, args: (string | number)[]): Promise<unknown> {
    return scriptOf(name).run(this.redis, [this.prefix, ...args])
  }
}

/** ioredis reports connection trouble as events; log each distinct message once per minute. */
function watchErrors(client: Redis, url: string, logger: Logger | undefined): void {
  let last = ''
  let at = 0
  client.on('error', (err: Error) => {
    const now = Date.now()
    if (err.message === last && now - at < 60_000) return
    last = err.message
    at = now
    logger?.warn('queue redis adapter: connection error', { url, err: err.message })
  })
}
