import { randomUUID } from 'node:crypto'
import { heldJob, messageOf, subscriptionJob } from '../durable-jobs'
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
import {
  claimEntries,
  type Entry,
  emptyQueueState,
  insertWaiting,
  nextDue,
  type QueueState,
  unlinkEntry,
} from './memory-state'
import { SubscriptionTable } from './subscription-table'

const idemKey = (job: Job, key: string) => `${job.namespace}\u0000${job.queue}\u0000${key}`

/** In-process queue store: the default adapter; nothing survives a restart. */
export class MemoryQueueStore implements QueueStore {
  readonly name: string = 'memory'
  readonly shared = false
  protected readonly queues = new Map<string, QueueState>()
  protected readonly idempotency = new Map<string, { messageId: string; expiresAt: number }>()
  protected readonly subs = new SubscriptionTable()
  protected seq = 0
  private prunedAt = 0

  async enqueue(job: Job, idempotency?: IdempotencyOptions) {
    const now = Date.now()
    if (idempotency) {
      const key = idemKey(job, idempotency.key)
      const seen = this.idempotency.get(key)
      if (seen && seen.expiresAt > now) return { messageId: seen.messageId, created: false }
      this.pruneIdempotency(now)
      this.setIdempotency(key, job.message_id, now + idempotency.ttlMs)
    }
    const existing = this.queues.get(job.queue)?.ids.get(job.message_id)
    if (existing) {
      await this.commit()
      return { messageId: job.message_id, created: false }
    }
    const entry: Entry = { job: { ...job }, seq: this.seq++, state: 'waiting' }
    this.admit(entry)
    // Not stored (disk full): the job must not run, and a retry must not be taken for a duplicate.
    await this.commit(() => {
      this.forget(entry)
      if (idempotency) this.idempotency.delete(idemKey(job, idempotency.key))
    })
    return { messageId: job.message_id, created: true }
  }

  async claim(queue: string, claim: ClaimOptions): Promise<Job[]> {
    return (await this.settle({ queue, acks: [], starts: [], releases: [], claim })).claimed
  }

  async settle(r: SettleRequest): Promise<SettleResult> {
    // Starts first: a reserved job may start and finish before its start is stored.
    const started = r.starts.map((job) => this.startNow(job))
    const acked = r.acks.map((job) => this.ackNow(job))
    const released = r.releases.map((job) => this.releaseNow(job))
    const claimed = r.claim ? this.claimNow(r.queue, r.claim) : []
    const result: SettleResult = { acked, started, released, claimed }
    if (r.claim && claimed.length < r.claim.max + (r.claim.reserve ?? 0)) {
      const due = nextDue(this.queues.get(r.queue), r.claim.now)
      if (due !== undefined) result.nextDueAt = due
    }
    await this.commit()
    return result
  }

  async renew(jobs: Job[], until: number) {
    const held = jobs.map((job) => {
      const e = this.held(job)
      if (!e) return false
      e.job.lease_until = until
      this.saved(e)
      return true
    })
    await this.commit()
    return held
  }

  async ack(job: Job) {
    return (
      (await this.settle({ queue: job.queue, acks: [job], starts: [], releases: [] })).acked[0] ===
      true
    )
  }

  async retry(job: Job, processAt: number) {
    const e = this.held(job)
    if (!e) return false
    this.toWaiting(e, { attempts_made: job.attempts_made, process_at: processAt })
    await this.commit()
    return true
  }

  async deadLetter(job: Job, error: string, now: number) {
    const e = this.held(job)
    if (!e) return false
    this.toDead(e, { attempts_made: job.attempts_made }, { error, now })
    await this.commit()
    return true
  }

  async release(job: Job) {
    return (
      (await this.settle({ queue: job.queue, acks: [], starts: [], releases: [job] }))
        .released[0] === true
    )
  }

  async reapExpired(now: number, maxStalls: number): Promise<ReapResult> {
    const result: ReapResult = { requeued: [], deadLettered: [], returned: [] }
    for (const [queue, s] of this.queues) {
      for (const e of [...s.active.values()]) {
        if ((e.job.lease_until ?? 0) > now) continue
        // A reserved job never started: waiting again with no stall.
        const reserved = e.reserved === true
        const stalls = reserved ? e.job.stalls : e.job.stalls + 1
        const info = { queue, message_id: e.job.message_id, stalls }
        if (!reserved && stalls >= maxStalls) {
          this.toDead(e, { stalls }, { error: 'job stalled', now })
          result.deadLettered.push(info)
          continue
        }
        this.toWaiting(e, { stalls })
        ;(reserved ? result.returned : result.requeued).push(info)
      }
    }
    if (result.requeued.length || result.deadLettered.length || result.returned.length)
      await this.commit()
    return result
  }

  async nextDueAt(queue: string, now: number) {
    return nextDue(this.queues.get(queue), now)
  }

  async stats(queue: string): Promise<QueueStats> {
    const s = this.queues.get(queue)
    return {
      depth: s?.waiting.length ?? 0,
      active: s?.active.size ?? 0,
      dlq_depth: s?.dead.length ?? 0,
    }
  }

  async dlq(queue: string, offset: number, limit: number): Promise<DlqEntry[]> {
    const dead = this.queues.get(queue)?.dead ?? []
    return dead
      .slice(offset, offset + limit)
      .map((e) => ({ job: { ...e.job }, error: e.error ?? '', failed_at: e.failed_at ?? 0 }))
  }

  async redrive(queue: string, now: number) {
    const dead = [...(this.queues.get(queue)?.dead ?? [])]
    for (const e of dead) this.revive(e, now)
    if (dead.length) await this.commit()
    return dead.map((e) => e.job.message_id)
  }

  async redriveMessage(queue: string, messageId: string, now: number) {
    const e = this.queues.get(queue)?.ids.get(messageId)
    if (e?.state !== 'dead') return 0
    this.revive(e, now)
    await this.commit()
    return 1
  }

  async discardMessage(queue: string, messageId: string) {
    const e = this.queues.get(queue)?.ids.get(messageId)
    if (e?.state !== 'dead') return 0
    this.drop(e)
    await this.commit()
    return 1
  }

  async queueNames() {
    return [...this.queues.keys()]
  }

  async subscribe(sub: Subscription, lease: SubscriptionLease, now: number) {
    const { bindingId, untilMs, holdingQueue } = lease
    const hadLive = this.subs.live(sub.topic, now).length > 0
    this.subs.add(sub, bindingId, untilMs)
    this.state(sub.queue)
    if (hadLive) return 0
    const held = [...(this.queues.get(holdingQueue)?.waiting ?? [])]
    const live = this.subs.live(sub.topic, now)
    for (const e of held) {
      this.drop(e)
      for (const s of live)
        this.admit({
          job: subscriptionJob(s, messageOf(e.job), now),
          seq: this.seq++,
          state: 'waiting',
        })
    }
    if (held.length) await this.commit()
    return held.length
  }

  async unsubscribe(sub: Subscription, bindingId: string) {
    this.subs.remove(sub, bindingId)
  }

  async subscriptions(topic: string, now: number) {
    return this.subs.live(topic, now)
  }

  async publish({ topic, holdingQueue }: TopicTarget, message: PublishedMessage, now: number) {
    const live = this.subs.live(topic, now)
    const jobs =
      live.length === 0
        ? [heldJob(holdingQueue, message, now)]
        : live.map((s) => subscriptionJob(s, message, now))
    const entries: Entry[] = jobs.map((job) => ({ job, seq: this.seq++, state: 'waiting' }))
    for (const e of entries) this.admit(e)
    await this.commit(() => {
      for (const e of entries) this.forget(e)
    })
    return live.length
  }

  onWake(): void {}

  async close() {}

  /** Called with every entry that changed; the file adapter logs it. */
  protected saved(_entry: Entry): void {}
  /** Called when an entry is deleted. */
  protected removed(_queue: string, _messageId: string): void {}
  protected setIdempotency(key: string, messageId: string, expiresAt: number): void {
    this.idempotency.set(key, { messageId, expiresAt })
  }
  /**
   * Resolves once every change made so far is stored (file: fsynced). When storing fails, `undo`
   * (if given) reverts the change in memory before the call rejects.
   */
  protected async commit(_undo?: () => void): Promise<void> {}

  /** Jobs held, over every queue (logged when a memory store is dropped). */
  jobCount(): number {
    let n = 0
    for (const s of this.queues.values()) n += s.ids.size
    return n
  }

  protected state(queue: string): QueueState {
    let s = this.queues.get(queue)
    if (!s) {
      s = emptyQueueState()
      this.queues.set(queue, s)
    }
    return s
  }

  /** Puts an entry back where its state says (used by `admit` and by the file adapter's reload). */
  protected place(e: Entry): void {
    const s = this.state(e.job.queue)
    s.ids.set(e.job.message_id, e)
    if (e.state === 'active') s.active.set(e.job.message_id, e)
    else if (e.state === 'dead') s.dead.push(e)
    else insertWaiting(s, e)
  }

  private admit(e: Entry): void {
    this.place(e)
    this.saved(e)
  }

  private claimNow(queue: string, o: ClaimOptions): Job[] {
    const s = this.queues.get(queue)
    if (!s || o.max + (o.reserve ?? 0) <= 0) return []
    const entries = claimEntries(s, o, randomUUID)
    for (const e of entries) this.saved(e)
    return entries.map((e) => ({ ...e.job }))
  }

  private ackNow(job: Job): boolean {
    const e = this.held(job)
    if (e) this.drop(e)
    return e !== undefined
  }

  private startNow(job: Job): boolean {
    const e = this.held(job)
    if (!e) return false
    if (e.reserved) {
      delete e.reserved
      this.saved(e)
    }
    return true
  }

  private releaseNow(job: Job): boolean {
    const e = this.held(job)
    if (e) this.toWaiting(e, {})
    return e !== undefined
  }

  private held(job: Job): Entry | undefined {
    const e = this.queues.get(job.queue)?.active.get(job.message_id)
    return e && e.job.lease_token === job.lease_token ? e : undefined
  }

  private unlink(e: Entry): QueueState {
    const s = this.state(e.job.queue)
    unlinkEntry(s, e)
    return s
  }

  private toWaiting(e: Entry, patch: Partial<Job>): void {
    const s = this.unlink(e)
    Object.assign(e.job, patch)
    e.state = 'waiting'
    insertWaiting(s, e)
    this.saved(e)
  }

  private toDead(e: Entry, patch: Partial<Job>, death: { error: string; now: number }): void {
    const { error, now } = death
    const s = this.unlink(e)
    Object.assign(e.job, patch)
    Object.assign(e, { state: 'dead', error, failed_at: now })
    s.dead.push(e)
    this.saved(e)
  }

  private revive(e: Entry, now: number): void {
    const s = this.unlink(e)
    Object.assign(e.job, { attempts_made: 0, stalls: 0, process_at: now })
    delete e.error
    delete e.failed_at
    Object.assign(e, { state: 'waiting', seq: this.seq++ })
    insertWaiting(s, e)
    this.saved(e)
  }

  private drop(e: Entry): void {
    const s = this.unlink(e)
    s.ids.delete(e.job.message_id)
    this.removed(e.job.queue, e.job.message_id)
  }

  /** Removes an entry that was never stored, whatever state it reached meanwhile. */
  private forget(e: Entry): void {
    const s = this.queues.get(e.job.queue)
    if (s?.ids.get(e.job.message_id) !== e) return
    unlinkEntry(s, e)
    s.ids.delete(e.job.message_id)
  }

  private pruneIdempotency(now: number): void {
    if (this.idempotency.size < 10_000 || now - this.prunedAt < 60_000) return
    this.prunedAt = now
    for (const [key, v] of this.idempotency) if (v.expiresAt <= now) this.idempotency.delete(key)
  }
}
