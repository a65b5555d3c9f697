import { IIIError } from '@iii/protocol'
import { ReplyError } from 'ioredis'

/**
 * What a failed enqueue script call means for the jobs in it. Redis answering with an error
 * (a script error) stored nothing: the script is atomic. A call made while the connection was
 * not ready waited in the client's offline queue and was never sent: nothing stored either. Any
 * other failure (the connection closed or timed out after the call was written) leaves the
 * outcome unknown: the script may have run. That answers `ENQUEUE_OUTCOME_UNKNOWN` (retryable);
 * every enqueue on Redis carries an idempotency key, so running it again never stores it twice.
 */
export function enqueueFailure(err: unknown, sentWhileReady: boolean, redisUrl: string): Error {
  const url = withoutPassword(redisUrl)
  const reason = err instanceof Error ? err.message : String(err)
  if (err instanceof ReplyError || !sentWhileReady) {
    return new Error(`the job was not stored: Redis at ${url} answered ${reason}`, { cause: err })
  }
  return new IIIError(
    'ENQUEUE_OUTCOME_UNKNOWN',
    `Redis at ${url} did not answer after the job was sent (${reason}); it may be stored. Retrying with the same idempotency_key is safe.`,
    { cause: err },
  )
}

/** The URL without its password, for messages. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'the configured URL'
  }
}
