import type { DlqEntry, Job, PublishedMessage, QueueStats, StallInfo, Subscription } from './job'

export interface ClaimOptions {
  max: number
  now: number
  leaseMs: number
  /**
   * Jobs this engine may run (their function is registered here). Others stay ready for another
   * engine and never block the jobs behind them. Absent: every job is claimable.
   */
  canRun?: (functionId: string, namespace: string) => boolean
  /**
   * Up to this many more jobs, after the `max` that start now, are claimed as reserved: leased
   * for this consumer but not running yet (`settle` `starts` marks them running). An expired
   * lease of a reserved job returns it to the queue with no stall counted. @default 0
   */
  reserve?: number
}

/** Several changes of one consumer's queue, applied in one store call (one Redis round trip). */
export interface SettleRequest {
  queue: string
  /** Jobs whose function succeeded: each is removed if its claim still holds it. */
  acks: Job[]
  /** Reserved jobs that started running: from now on an expired lease is a stall. */
  starts: Job[]
  /** Jobs back to waiting at once, no stall counted (reserved jobs this consumer will not run). */
  releases: Job[]
  /** Then claims, as `claim` does. */
  claim?: ClaimOptions
}

export interface SettleResult {
  /** Per `acks` entry: false when the claim no longer held the job. */
  acked: boolean[]
  /** Per `starts` entry: false when the claim no longer held the job. */
  started: boolean[]
  /** Per `releases` entry: false when the claim no longer held the job. */
  released: boolean[]
  /** Claimed jobs, oldest first: the first `claim.max` of them are running, the rest reserved. */
  claimed: Job[]
  /** When fewer jobs were claimed than asked: the earliest `process_at` among delayed jobs. */
  nextDueAt?: number
}

export interface ReapResult {
  requeued: StallInfo[]
  deadLettered: StallInfo[]
  /** Reserved jobs whose lease expired before they started: waiting again, no stall counted. */
  returned: StallInfo[]
}

export interface IdempotencyOptions {
  key: string
  ttlMs: number
}

/** One binding of a subscription, alive until `untilMs`; `holdingQueue` holds its topic's messages. */
export interface SubscriptionLease {
  bindingId: string
  untilMs: number
  holdingQueue: string
}

/** A topic and the queue that holds its messages while nobody subscribes. */
export interface TopicTarget {
  topic: string
  holdingQueue: string
}

/**
 * The queue adapter contract. Memory, file and Redis implement it with the same semantics; one
 * conformance suite (test/store-contract.ts) runs against each. Every method resolves only once
 * the change is stored (file: fsynced; Redis: applied atomically by a Lua script).
 *
 * A job is waiting (ready or delayed), active (claimed, with a lease and a token) or dead
 * (in the DLQ). Jobs with a `group_id` enter their queue behind the group's earlier jobs.
 */
export interface QueueStore {
  /** Adapter name, reported as a topic's `broker_type`. */
  readonly name: string
  /** True when several engines share the store (Redis): claims then use `canRun`. */
  readonly shared: boolean
  /**
   * Stores a job. A job id already in the queue, or an idempotency key seen within its TTL
   * (per namespace and queue), stores nothing and returns the first id with `created: false`.
   */
  enqueue(
    job: Job,
    idempotency?: IdempotencyOptions,
  ): Promise<{ messageId: string; created: boolean }>
  /**
   * Moves up to `max` (+ `reserve`) due jobs to active with a fresh lease, oldest enqueue first.
   * Every job of one claim shares its `lease_until`; each gets its own `lease_token`.
   */
  claim(queue: string, options: ClaimOptions): Promise<Job[]>
  /** Starts, acks, releases, then a claim, as one atomic change: a consumer's whole step. */
  settle(request: SettleRequest): Promise<SettleResult>
  /** Extends leases; per job, false when its claim no longer holds it. */
  renew(jobs: Job[], until: number): Promise<boolean[]>
  /** Success: the job is gone. False when the claim no longer holds it. */
  ack(job: Job): Promise<boolean>
  /** A failed attempt: `job.attempts_made` already counts it; ready again at `processAt`. */
  retry(job: Job, processAt: number, now: number): Promise<boolean>
  deadLetter(job: Job, error: string, now: number): Promise<boolean>
  /** Graceful shutdown (or the wrong engine): ready again at once, no stall counted. */
  release(job: Job, now: number): Promise<boolean>
  /** Expired leases: stall count +1 and ready again, or DLQ ("job stalled") at `maxStalls`. */
  reapExpired(now: number, maxStalls: number): Promise<ReapResult>
  /** Earliest `process_at` later than `now` among the queue's waiting jobs. */
  nextDueAt(queue: string, now: number): Promise<number | undefined>
  stats(queue: string): Promise<QueueStats>
  dlq(queue: string, offset: number, limit: number): Promise<DlqEntry[]>
  /** Every DLQ entry back to waiting with `attempts_made` and stalls reset; returns their ids. */
  redrive(queue: string, now: number): Promise<string[]>
  redriveMessage(queue: string, messageId: string, now: number): Promise<0 | 1>
  discardMessage(queue: string, messageId: string): Promise<0 | 1>
  /** Every queue the store knows (jobs, DLQ entries or subscriptions). */
  queueNames(): Promise<string[]>
  /**
   * Adds (or refreshes) one binding of a subscription, alive until `untilMs`. When the topic had
   * no live subscription, the messages held in `holdingQueue` are fanned out to the live ones;
   * returns how many were moved.
   */
  subscribe(sub: Subscription, lease: SubscriptionLease, now: number): Promise<number>
  unsubscribe(sub: Subscription, bindingId: string, now: number): Promise<void>
  /** Subscriptions of a topic with at least one live binding. */
  subscriptions(topic: string, now: number): Promise<Subscription[]>
  /**
   * One job per live subscription (fan-out), all with the message's id; with none, one job in
   * `holdingQueue`. Returns the number of subscription jobs (0 = held).
   */
  publish(target: TopicTarget, message: PublishedMessage, now: number): Promise<number>
  /** Shared stores call `listener(queue)` when another engine made work ready. */
  onWake(listener: (queue: string) => void): void
  close(): Promise<void>
}
