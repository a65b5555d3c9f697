import type { Logger } from '@iii/core'
import { Redis } from 'ioredis'
import type { DlqEntry, Job, PublishedMessage, QueueStats, Subscription } from '../job'
import type {
  ClaimOptions,
  IdempotencyOptions,
  QueueStore,
  ReapResult,
  SettleRequest,
  SettleResult,
  SubscriptionLease,
  TopicTarget,
} from '../store'
import { Batcher } from './batcher'
import { enqueueFailure } from './enqueue-outcome'
import {
  decodeClaimed,
  decodeJob,
  encodeBody,
  fnKey,
  list,
  parseWake,
  rows,
  runnable,
  runScript,
  type ScriptName,
  settleArgs,
  str,
} from './redis-codec'
import { enqueueFieldCount } from './redis-lua'

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

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err))

interface EnqueueCall {
  job: Job
  idem?: IdempotencyOptions
}

type EnqueueReply = { messageId: string; created: boolean }

/**
 * The `redis` adapter (ioredis): every move is one Lua script, so several engines can share the
 * queues. Jobs wait per function, so an engine claims only what it can run (BUILTINS.md §9.4).
 */
export class RedisQueueStore implements QueueStore {
  readonly name = 'redis'
  readonly shared = true
  private readonly listeners = new Set<(queue: string) => void>()
  private readonly prefix: string
  private readonly url: string
  /** Per queue: the functions that had ready or delayed jobs at the last settle or wake-up. */
  private readonly workingFks = new Map<string, string[]>()
  private readonly enqueues = new Batcher<EnqueueCall, EnqueueReply>((calls) =>
    this.enqueueBatch(calls),
  )

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    where: { prefix: string; url: string },
  ) {
    this.prefix = where.prefix
    this.url = where.url
  }

  /** Connects (failing after 10 s) and subscribes to wake-ups from other engines. */
  static async connect(options: RedisQueueStoreOptions = {}): Promise<RedisQueueStore> {
    const url = options.url ?? redisQueueStoreDefaults.url
    const prefix = options.prefix ?? redisQueueStoreDefaults.prefix
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: redisQueueStoreDefaults.connectTimeoutMs,
      // The store batches its own calls; auto-pipelining would only delay each one by a tick and
      // hold it while an earlier pipeline is in flight.
      enableAutoPipelining: false,
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
    const store = new RedisQueueStore(redis, subscriber, { prefix, url })
    subscriber.on('message', (_channel: string, message: string) => store.woken(message))
    return store
  }

  /** Enqueues of one turn of the event loop are stored by one script call. */
  enqueue(job: Job, idem?: IdempotencyOptions): Promise<EnqueueReply> {
    return this.enqueues.push(idem ? { job, idem } : { job })
  }

  private async enqueueBatch(calls: EnqueueCall[]): Promise<EnqueueReply[]> {
    const args: (string | number)[] = [Date.now(), calls.length]
    for (const { job, idem } of calls) {
      const key =
        idem && idem.ttlMs > 0 ? `${job.namespace}\u0000${job.queue}\u0000${idem.key}` : ''
      const fields = [
        job.queue,
        job.message_id,
        encodeBody(job),
        job.function_id,
        job.namespace,
        job.max_attempts,
        job.process_at,
      ]
      fields.push(job.group_id ?? '', key, idem?.ttlMs ?? 0)
      if (fields.length !== enqueueFieldCount)
        throw new Error('enqueue script arguments out of step')
      args.push(...fields)
    }
    const sentWhileReady = this.redis.status === 'ready'
    const flat = list(
      await this.run('enqueue', args).catch((err: unknown) => {
        throw enqueueFailure(err, sentWhileReady, this.url)
      }),
    )
    return calls.map((_, i) => ({
      messageId: str(flat[2 * i]),
      created: Number(flat[2 * i + 1]) === 1,
    }))
  }

  async claim(queue: string, o: ClaimOptions): Promise<Job[]> {
    return (await this.settle({ queue, acks: [], starts: [], releases: [], claim: o })).claimed
  }

  /**
   * One script call for the whole request. The claim takes from the ready jobs of the functions
   * this engine can run; the functions with work come back with every call and are cached, so a
   * busy consumer needs one round trip per settle.
   */
  async settle(r: SettleRequest): Promise<SettleResult> {
    const claim = r.claim
    const canRun = claim?.canRun
    const accept = (fks: string[]) => (canRun ? fks.filter((fk) => runnable(fk, canRun)) : fks)
    let fks = claim ? accept(this.workingFks.get(r.queue) ?? []) : []
    const result = await this.settleOnce(r, claim, fks)
    let want = claim ? claim.max + (claim.reserve ?? 0) - result.claimed.length : 0
    while (claim && want > 0) {
      // Functions that got work since the list was read: claim from them too, at once.
      const known = new Set(fks)
      fks = accept(this.workingFks.get(r.queue) ?? []).filter((fk) => !known.has(fk))
      if (fks.length === 0) break
      const max = Math.max(0, claim.max - result.claimed.length)
      const more = await this.settleOnce(
        { queue: r.queue, acks: [], starts: [], releases: [] },
        { ...claim, max, reserve: want - max },
        fks,
      )
      result.claimed.push(...more.claimed)
      result.nextDueAt = more.nextDueAt
      want -= more.claimed.length
    }
    return result
  }

  private async settleOnce(
    r: SettleRequest,
    claim: ClaimOptions | undefined,
    fks: string[],
  ): Promise<SettleResult> {
    const reply = list(await this.run('settle', settleArgs(r, claim, fks)))
    this.workingFks.set(r.queue, list(reply[4]).map(str))
    const leaseUntil = (claim?.now ?? 0) + (claim?.leaseMs ?? 0)
    const result: SettleResult = {
      acked: list(reply[0]).map((f) => Number(f) === 1),
      started: list(reply[1]).map((f) => Number(f) === 1),
      released: list(reply[2]).map((f) => Number(f) === 1),
      claimed: rows(reply[3]).map((row) => decodeClaimed(r.queue, row, leaseUntil)),
    }
    if (str(reply[5]) !== '') result.nextDueAt = Number(reply[5])
    return result
  }

  async renew(jobs: Job[], until: number) {
    if (jobs.length === 0) return []
    const args: (string | number)[] = [until]
    for (const job of jobs) args.push(job.queue, job.message_id, str(job.lease_token))
    return list(await this.run('renew', args)).map((f) => Number(f) === 1)
  }

  async ack(job: Job) {
    return (
      (await this.settle({ queue: job.queue, acks: [job], starts: [], releases: [] })).acked[0] ===
      true
    )
  }

  async retry(job: Job, processAt: number, now: number) {
    const args = [
      job.queue,
      job.message_id,
      str(job.lease_token),
      now,
      job.attempts_made,
      processAt,
    ]
    return Number(await this.run('retry', args)) === 1
  }

  async deadLetter(job: Job, error: string, now: number) {
    const args = [job.queue, job.message_id, str(job.lease_token), now, job.attempts_made, error]
    return Number(await this.run('deadLetter', args)) === 1
  }

  async release(job: Job) {
    return (
      (await this.settle({ queue: job.queue, acks: [], starts: [], releases: [job] }))
        .released[0] === true
    )
  }

  async reapExpired(now: number, maxStalls: number): Promise<ReapResult> {
    const flat = list(await this.run('reap', [now, maxStalls]))
    const result: ReapResult = { requeued: [], deadLettered: [], returned: [] }
    const lists = [result.requeued, result.deadLettered, result.returned]
    for (let i = 0; i + 3 < flat.length; i += 4) {
      const info = {
        queue: str(flat[i]),
        message_id: str(flat[i + 1]),
        stalls: Number(flat[i + 2]),
      }
      lists[Number(flat[i + 3])]?.push(info)
    }
    return result
  }

  async nextDueAt(queue: string, now: number) {
    const got = await this.redis.zrangebyscore(
      this.key(queue, 'delayed'),
      `(${now}`,
      '+inf',
      'WITHSCORES',
      'LIMIT',
      0,
      1,
    )
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
    return rows(reply).map((r) => ({
      job: decodeJob(queue, r),
      error: str(r[9]),
      failed_at: Number(r[10]),
    }))
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

  async subscribe(sub: Subscription, lease: SubscriptionLease, now: number) {
    const { bindingId, untilMs, holdingQueue } = lease
    const record = JSON.stringify({
      topic: sub.topic,
      function_id: sub.function_id,
      namespace: sub.namespace,
      queue: sub.queue,
      max_attempts: sub.max_attempts,
      fifo: sub.fifo,
    })
    const args = [
      sub.topic,
      fnKey(sub.namespace, sub.function_id),
      record,
      bindingId,
      untilMs,
      now,
      holdingQueue,
      sub.queue,
    ]
    return Number(await this.run('subscribe', args))
  }

  async unsubscribe(sub: Subscription, bindingId: string, now: number) {
    await this.run('unsubscribe', [
      sub.topic,
      fnKey(sub.namespace, sub.function_id),
      bindingId,
      now,
    ])
  }

  async subscriptions(topic: string, now: number): Promise<Subscription[]> {
    return list(await this.run('subscriptions', [topic, now])).map((r) => JSON.parse(str(r)))
  }

  async publish({ topic, holdingQueue }: TopicTarget, message: PublishedMessage, now: number) {
    return Number(
      await this.run('publish', [
        topic,
        holdingQueue,
        message.message_id,
        encodeBody(message),
        now,
      ]),
    )
  }

  /**
   * A wake-up `[queue, fk]`: that function's ready jobs were none and now are some, so the next
   * claim looks there without asking first. A bare queue name (an engine of an earlier version)
   * wakes the queue alone.
   */
  private woken(message: string): void {
    const [queue, fk] = parseWake(message)
    const fks = this.workingFks.get(queue) ?? []
    if (fk !== undefined && !fks.includes(fk)) this.workingFks.set(queue, [...fks, fk])
    for (const listener of this.listeners) listener(queue)
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
    return runScript(this.redis, name, [this.prefix, ...args])
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
