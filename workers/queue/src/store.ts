import type { DlqEntry, Job, QueueStats } from './job'

export interface ClaimOptions {
  max: number
  now: number
  leaseMs: number
  /** FIFO: only the oldest job of each group, and only when the group has no active job. */
  fifo: boolean
  /** Jobs this engine may run (its function is registered here); others stay for another engine. */
  accept?: (job: Job) => boolean
}

export interface ReapResult {
  requeued: Job[]
  deadLettered: Job[]
}

/**
 * The queue adapter contract. Memory, file and Redis implement it with the same semantics;
 * one conformance suite runs against each.
 */
export interface QueueStore {
  /** Adapter name, reported as a topic's `broker_type`. */
  readonly name: string
  /** Stores a job. With an idempotency key seen within its TTL, stores nothing and returns the first id. */
  enqueue(job: Job, idempotency?: { key: string; ttlMs: number }): Promise<{ messageId: string; created: boolean }>
  /** Moves up to `max` due jobs to active with a lease. */
  claim(queue: string, options: ClaimOptions): Promise<Job[]>
  /** Extends a lease; false when the job is no longer held by this claim. */
  renew(job: Job, until: number): Promise<boolean>
  ack(job: Job): Promise<void>
  /** A failed attempt: `attempts_made` already counts it; ready again at `processAt`. */
  retry(job: Job, processAt: number): Promise<void>
  deadLetter(job: Job, error: string, now: number): Promise<void>
  /** Graceful shutdown: back to ready at once, no stall counted. */
  release(job: Job): Promise<void>
  /** Expired leases: stall count +1 and ready again, or DLQ at `maxStalls`. */
  reapExpired(now: number, maxStalls: number): Promise<ReapResult>
  /** Earliest `process_at` among waiting jobs, for sleeping until then. */
  nextDueAt(queue: string): Promise<number | undefined>
  stats(queue: string): Promise<QueueStats>
  dlq(queue: string, offset: number, limit: number): Promise<DlqEntry[]>
  redrive(queue: string, now: number): Promise<number>
  redriveMessage(queue: string, messageId: string, now: number): Promise<number>
  discardMessage(queue: string, messageId: string): Promise<number>
  /** Every queue name the store holds jobs or DLQ entries for. */
  queueNames(): Promise<string[]>
  close(): Promise<void>
}
