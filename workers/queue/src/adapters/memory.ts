import { randomUUID } from 'node:crypto'
import type { DlqEntry, Job, QueueStats } from '../job'
import type { ClaimOptions, QueueStore, ReapResult } from '../store'

interface QueueState {
  /** Waiting jobs in enqueue order (a retried job keeps its place). */
  waiting: (Job & { seq: number })[]
  active: Map<string, Job & { seq: number }>
  dlq: DlqEntry[]
}

/** In-process queue store: the default adapter; nothing survives a restart. */
export class MemoryQueueStore implements QueueStore {
  readonly name: string = 'memory'
  protected readonly queues = new Map<string, QueueState>()
  protected readonly idempotency = new Map<string, { messageId: string; expiresAt: number }>()
  private seq = 0

  protected state(queue: string): QueueState {
    let s = this.queues.get(queue)
    if (!s) {
      s = { waiting: [], active: new Map(), dlq: [] }
      this.queues.set(queue, s)
    }
    return s
  }

  async enqueue(job: Job, idempotency?: { key: string; ttlMs: number }) {
    if (idempotency) {
      const key = `${job.namespace}\u0000${job.queue}\u0000${idempotency.key}`
      const seen = this.idempotency.get(key)
      if (seen && seen.expiresAt > Date.now()) return { messageId: seen.messageId, created: false }
      this.idempotency.set(key, { messageId: job.message_id, expiresAt: Date.now() + idempotency.ttlMs })
    }
    this.insert(this.state(job.queue), { ...job, seq: this.seq++ })
    this.changed()
    return { messageId: job.message_id, created: true }
  }

  async claim(queue: string, o: ClaimOptions): Promise<Job[]> {
    const s = this.queues.get(queue)
    if (!s || o.max <= 0) return []
    const claimed: Job[] = []
    const blockedGroups = new Set<string>()
    if (o.fifo) for (const j of s.active.values()) if (j.group_id !== undefined) blockedGroups.add(j.group_id)
    for (let i = 0; i < s.waiting.length && claimed.length < o.max; ) {
      const job = s.waiting[i] as Job & { seq: number }
      const group = job.group_id
      if (o.fifo && group !== undefined) {
        if (blockedGroups.has(group)) {
          i++
          continue
        }
        blockedGroups.add(group) // only the oldest job of a group is eligible
      }
      if (job.process_at > o.now || (o.accept && !o.accept(job))) {
        i++
        continue
      }
      s.waiting.splice(i, 1)
      job.lease_until = o.now + o.leaseMs
      job.lease_token = randomUUID()
      s.active.set(job.message_id, job)
      claimed.push({ ...job })
    }
    if (claimed.length) this.changed()
    return claimed
  }

  async renew(job: Job, until: number) {
    const held = this.held(job)
    if (!held) return false
    held.lease_until = until
    return true
  }

  async ack(job: Job) {
    if (!this.held(job)) return
    this.state(job.queue).active.delete(job.message_id)
    this.changed()
  }

  async retry(job: Job, processAt: number) {
    const held = this.held(job)
    if (!held) return
    const s = this.state(job.queue)
    s.active.delete(job.message_id)
    this.insert(s, { ...held, attempts_made: job.attempts_made, process_at: processAt, lease_until: undefined, lease_token: undefined })
    this.changed()
  }

  async deadLetter(job: Job, error: string, now: number) {
    const held = this.held(job)
    if (!held) return
    const s = this.state(job.queue)
    s.active.delete(job.message_id)
    const { seq: _, lease_until: _l, lease_token: _t, ...clean } = { ...held, attempts_made: job.attempts_made }
    s.dlq.push({ job: clean, error, failed_at: now })
    this.changed()
  }

  async release(job: Job) {
    const held = this.held(job)
    if (!held) return
    const s = this.state(job.queue)
    s.active.delete(job.message_id)
    this.insert(s, { ...held, lease_until: undefined, lease_token: undefined })
    this.changed()
  }

  async reapExpired(now: number, maxStalls: number): Promise<ReapResult> {
    const result: ReapResult = { requeued: [], deadLettered: [] }
    for (const s of this.queues.values()) {
      for (const job of [...s.active.values()]) {
        if ((job.lease_until ?? 0) > now) continue
        s.active.delete(job.message_id)
        const stalled = { ...job, stalls: job.stalls + 1, lease_until: undefined, lease_token: undefined }
        if (stalled.stalls >= maxStalls) {
          const { seq: _, ...clean } = stalled
          s.dlq.push({ job: clean, error: 'job stalled', failed_at: now })
          result.deadLettered.push(clean)
        } else {
          this.insert(s, stalled)
          result.requeued.push(stalled)
        }
      }
    }
    if (result.requeued.length || result.deadLettered.length) this.changed()
    return result
  }

  async nextDueAt(queue: string) {
    let next: number | undefined
    for (const j of this.queues.get(queue)?.waiting ?? []) if (next === undefined || j.process_at < next) next = j.process_at
    return next
  }

  async stats(queue: string): Promise<QueueStats> {
    const s = this.queues.get(queue)
    return { depth: s?.waiting.length ?? 0, active: s?.active.size ?? 0, dlq_depth: s?.dlq.length ?? 0 }
  }

  async dlq(queue: string, offset: number, limit: number) {
    return (this.queues.get(queue)?.dlq ?? []).slice(offset, offset + limit)
  }

  async redrive(queue: string, now: number) {
    const s = this.queues.get(queue)
    if (!s) return 0
    const entries = s.dlq.splice(0)
    for (const e of entries) this.insert(s, { ...e.job, attempts_made: 0, stalls: 0, process_at: now, seq: this.seq++ })
    if (entries.length) this.changed()
    return entries.length
  }

  async redriveMessage(queue: string, messageId: string, now: number) {
    const s = this.queues.get(queue)
    const at = s?.dlq.findIndex((e) => e.job.message_id === messageId) ?? -1
    if (!s || at < 0) return 0
    const [entry] = s.dlq.splice(at, 1)
    this.insert(s, { ...(entry as DlqEntry).job, attempts_made: 0, stalls: 0, process_at: now, seq: this.seq++ })
    this.changed()
    return 1
  }

  async discardMessage(queue: string, messageId: string) {
    const s = this.queues.get(queue)
    const at = s?.dlq.findIndex((e) => e.job.message_id === messageId) ?? -1
    if (!s || at < 0) return 0
    s.dlq.splice(at, 1)
    this.changed()
    return 1
  }

  async queueNames() {
    return [...this.queues.keys()]
  }

  async close() {}

  /** Called after every change; the file adapter persists here. */
  protected changed(): void {}

  private held(job: Job): (Job & { seq: number }) | undefined {
    const held = this.queues.get(job.queue)?.active.get(job.message_id)
    return held && held.lease_token === job.lease_token ? held : undefined
  }

  private insert(s: QueueState, job: Job & { seq: number }): void {
    let lo = 0
    let hi = s.waiting.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((s.waiting[mid] as { seq: number }).seq < job.seq) lo = mid + 1
      else hi = mid
    }
    s.waiting.splice(lo, 0, job)
  }
}
