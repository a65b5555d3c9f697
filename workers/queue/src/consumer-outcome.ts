import type { Logger, SpanEvents } from '@iii/core'
import { backoffDelay } from './config'
import type { Job } from './job'
import type { QueueStore } from './store'

/** How one delivery ended. */
export interface RunOutcome {
  ok: boolean
  code?: string
  message?: string
}

export interface FailureContext {
  queue: string
  store: QueueStore
  logger: Logger
  backoffMs: number
  span: SpanEvents
}

/**
 * Stores what a delivery that did not succeed means (BUILTINS.md §9.2, §9.4). Resolves `stalled`
 * when the lease is left to expire (the job's worker died), `moved` otherwise.
 */
export async function settleFailure(
  job: Job,
  outcome: RunOutcome,
  c: FailureContext,
): Promise<'stalled' | 'moved'> {
  const ids = { queue: c.queue, message_id: job.message_id }
  if (outcome.code === 'invocation_stopped') {
    c.span.addEvent('job.stalled', ids)
    // The worker died mid-job: a stall, not a failed attempt. The lease is left to expire and
    // the reaper redelivers the job; until then a graceful stop may still release it.
    c.logger.warn('job stalled: its worker went away; redelivered when the lease expires', ids)
    return 'stalled'
  }
  c.span.addEvent('job.failed', { ...ids, code: outcome.code ?? 'unknown' })
  if (c.store.shared && outcome.code === 'function_not_found') {
    // Shared store: the function left this engine after the claim; another engine runs it.
    await c.store.release(job, Date.now())
    c.logger.debug('job released: its function is not registered here', ids)
    return 'moved'
  }
  await failAttempt(job, outcome, c)
  return 'moved'
}

/** A failed attempt: a retry after backoff, or the DLQ once the attempts are spent. */
async function failAttempt(job: Job, outcome: RunOutcome, c: FailureContext): Promise<void> {
  const attempts = job.attempts_made + 1
  const failed = { ...job, attempts_made: attempts }
  const error = outcome.message ?? outcome.code ?? 'failed'
  const now = Date.now()
  if (attempts >= job.max_attempts) {
    c.logger.warn('job moved to the DLQ', {
      queue: c.queue,
      message_id: job.message_id,
      attempts,
      error,
    })
    c.span.addEvent('job.dead_lettered', {
      queue: c.queue,
      message_id: job.message_id,
      attempts,
      error,
    })
    await c.store.deadLetter(failed, error, now)
    return
  }
  const delay = backoffDelay(c.backoffMs, attempts)
  c.logger.info('job failed; retrying', {
    queue: c.queue,
    message_id: job.message_id,
    attempt: attempts,
    retry_in_ms: delay,
    error,
  })
  c.span.addEvent('job.retry_scheduled', {
    queue: c.queue,
    message_id: job.message_id,
    attempt: attempts,
    retry_in_ms: delay,
  })
  await c.store.retry(failed, now + delay, now)
}
