import { parseInput } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { type Static, Type } from '@sinclair/typebox'
import type { Queues } from './queues'

const S = Type.String()
export const EnqueueInput = Type.Object({
  queue: S,
  function_id: Type.String({ minLength: 1 }),
  data: Type.Optional(Type.Unknown()),
  messageReceiptId: Type.Optional(Type.Union([S, Type.Null()])),
  traceparent: Type.Optional(Type.Union([S, Type.Null()])),
  baggage: Type.Optional(Type.Union([S, Type.Null()])),
  namespace: Type.Optional(Type.Union([S, Type.Null()])),
  idempotency_key: Type.Optional(Type.Union([S, Type.Null()])),
  delay_ms: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
})
export type EnqueueInput = Static<typeof EnqueueInput>

const QueueRef = Type.Object({ queue: Type.Optional(S), topic: Type.Optional(S) })
const MessageRef = Type.Object({ queue: S, message_id: S })
const DlqQuery = Type.Object({
  topic: S,
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})

/** Runs `fn`, mapping any non-IIIError failure to `code`. */
async function guarded<T>(code: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof IIIError) throw err
    throw new IIIError(code, (err as Error).message, { cause: err })
  }
}

/** The queue worker's functions (BUILTINS.md §9.1). */
export function queueFunctions(queues: Queues): [string, string, (data: unknown) => unknown][] {
  return [
    [
      'engine::queue::enqueue',
      'Store a job for a function on a named queue.',
      (d) => queues.enqueue(parseInput(EnqueueInput, d, 'INVALID_ARGUMENTS')),
    ],
    [
      'iii::queue::redrive',
      'Move every DLQ entry of a queue back to ready.',
      (d) =>
        guarded('redrive_failed', async () => {
          const q = parseInput(QueueRef, d)
          const queue = q.queue ?? q.topic
          if (!queue) throw new IIIError('queue_not_set', 'Queue name is required')
          const redriven = await queues.store.redrive(queue, Date.now())
          queues.wakeAll()
          queues.logger.info('DLQ redriven', { queue, redriven })
          return { queue, redriven }
        }),
    ],
    [
      'iii::queue::redrive_message',
      'Move one DLQ entry back to ready.',
      (d) =>
        guarded('redrive_message_failed', async () => {
          const q = parseInput(MessageRef, d)
          if (!q.message_id) throw new IIIError('message_id_not_set', 'message_id is required')
          const redriven = await queues.store.redriveMessage(q.queue, q.message_id, Date.now())
          queues.wakeAll()
          queues.logger.info('DLQ message redriven', { queue: q.queue, message_id: q.message_id, redriven })
          return { queue: q.queue, message_id: q.message_id, redriven }
        }),
    ],
    [
      'iii::queue::discard_message',
      'Delete one DLQ entry.',
      (d) =>
        guarded('discard_message_failed', async () => {
          const q = parseInput(MessageRef, d)
          return { queue: q.queue, message_id: q.message_id, redriven: await queues.store.discardMessage(q.queue, q.message_id) }
        }),
    ],
    ['engine::queue::list_topics', 'Named queues and topics.', () => guarded('list_topics_failed', () => queues.listTopics())],
    [
      'engine::queue::topic_stats',
      'Depth, consumers, DLQ depth and config of a queue.',
      (d) =>
        guarded('topic_stats_failed', async () => {
          const q = parseInput(Type.Object({ topic: S }), d)
          return queues.topicStats(q.topic)
        }),
    ],
    ['engine::queue::dlq_topics', 'Queues with DLQ entries.', () => guarded('dlq_topics_failed', () => queues.dlqTopics())],
    [
      'engine::queue::dlq_messages',
      'DLQ entries of a queue.',
      (d) =>
        guarded('dlq_messages_failed', async () => {
          const q = parseInput(DlqQuery, d)
          const entries = await queues.store.dlq(q.topic, q.offset ?? 0, q.limit ?? 50)
          return entries.map((e) => ({
            id: e.job.message_id,
            payload: e.job.data,
            error: e.error,
            failed_at: Math.floor(e.failed_at / 1000),
            retries: e.job.attempts_made,
            size_bytes: Buffer.byteLength(JSON.stringify(e.job.data) ?? ''),
          }))
        }),
    ],
  ]
}
