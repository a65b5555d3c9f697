import type { Job, PublishedMessage, Subscription } from './job'

/** The group every job of a FIFO subscription shares: a FIFO subscription keeps publish order. */
export const fifoSubscriptionGroup = 'fifo'

/** The job a subscription gets for one published message. */
export function subscriptionJob(sub: Subscription, message: PublishedMessage, now: number): Job {
  const job: Job = {
    message_id: message.message_id,
    queue: sub.queue,
    function_id: sub.function_id,
    namespace: sub.namespace,
    data: message.data,
    attempts_made: 0,
    max_attempts: sub.max_attempts,
    stalls: 0,
    created_at: message.created_at,
    process_at: now,
  }
  if (sub.fifo) job.group_id = fifoSubscriptionGroup
  if (message.traceparent) job.traceparent = message.traceparent
  if (message.baggage) job.baggage = message.baggage
  return job
}

/** A message published while its topic had no subscriber waits in the topic's holding queue. */
export function heldJob(holdingQueue: string, message: PublishedMessage, now: number): Job {
  return subscriptionJob(
    {
      topic: '',
      function_id: '',
      namespace: '',
      queue: holdingQueue,
      max_attempts: 1,
      fifo: false,
    },
    message,
    now,
  )
}

/** The message a held job carries. */
export function messageOf(job: Job): PublishedMessage {
  const message: PublishedMessage = {
    message_id: job.message_id,
    data: job.data,
    created_at: job.created_at,
  }
  if (job.traceparent) message.traceparent = job.traceparent
  if (job.baggage) message.baggage = job.baggage
  return message
}
