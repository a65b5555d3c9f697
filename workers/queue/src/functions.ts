import { type CallInfo, parseInput } from '@iii/core'
import { type ErrorCode, IIIError } from '@iii/protocol'
import { adapterCall } from '@iii/storage'
import type { TSchema } from '@sinclair/typebox'
import type { QueueAdmin } from './admin'
import {
  DlqQueryInput,
  EnqueueInput,
  MessageRefInput,
  PublishInput,
  QueueRefInput,
  TopicInput,
} from './inputs'
import type { Queues } from './queues'
import type { DurableTopics } from './topics'

type Handler = (data: unknown, call: CallInfo) => unknown

/** A required name: absent or empty is `code` with `message`. */
function required(value: string | undefined, code: ErrorCode, message: string): string {
  if (!value) throw new IIIError(code, message)
  return value
}

const input = <T extends TSchema>(schema: T, data: unknown) =>
  parseInput(schema, data, 'INVALID_ARGUMENTS')
const queueName = (v: string | undefined) => required(v, 'queue_not_set', 'Queue name is required')
const messageId = (v: string | undefined) =>
  required(v, 'message_id_not_set', 'message_id is required')
const topicName = (v: string | undefined) => required(v, 'topic_required', 'topic is required')

/** The queue worker's functions (BUILTINS.md §9.1), as `[id, description, handler]`. */
export function queueFunctions(
  queues: Queues,
  topics: DurableTopics,
  admin: QueueAdmin,
): [string, string, Handler][] {
  return [
    [
      'engine::queue::enqueue',
      'Store a job for a function on a named queue.',
      (d) => queues.enqueue(input(EnqueueInput, d)),
    ],
    [
      'iii::durable::publish',
      'Publish a message to a durable topic: every subscribed function gets it. No result.',
      async (d, call) => {
        const q = input(PublishInput, d)
        const topic = required(q.topic, 'topic_not_set', 'topic is required')
        // No result, as the reference: the SDK sees `undefined`.
        await topics.publish(topic, q.data, {
          traceparent: call.traceparent,
          baggage: call.baggage,
        })
      },
    ],
    [
      'iii::queue::redrive',
      'Move every DLQ entry of a queue (or of a topic) back to ready.',
      (d) =>
        adapterCall('redrive_failed', async () => {
          const q = input(QueueRefInput, d)
          const queue = queueName(q.queue ?? q.topic)
          return { queue, redriven: await admin.redrive(queue) }
        }),
    ],
    [
      'iii::queue::redrive_message',
      'Move one DLQ entry back to ready.',
      (d) =>
        adapterCall('redrive_message_failed', async () => {
          const q = input(MessageRefInput, d)
          const [queue, id] = [queueName(q.queue), messageId(q.message_id)]
          return { queue, message_id: id, redriven: await admin.redriveMessage(queue, id) }
        }),
    ],
    [
      'iii::queue::discard_message',
      'Delete one DLQ entry.',
      (d) =>
        adapterCall('discard_message_failed', async () => {
          const q = input(MessageRefInput, d)
          const [queue, id] = [queueName(q.queue), messageId(q.message_id)]
          return { queue, message_id: id, redriven: await admin.discardMessage(queue, id) }
        }),
    ],
    [
      'engine::queue::list_topics',
      'Named queues and durable topics.',
      () => adapterCall('list_topics_failed', () => admin.listTopics()),
    ],
    [
      'engine::queue::topic_stats',
      'Depth, consumers, DLQ depth and config of a queue or topic.',
      (d) =>
        adapterCall('topic_stats_failed', () =>
          admin.topicStats(topicName(input(TopicInput, d).topic)),
        ),
    ],
    [
      'engine::queue::dlq_topics',
      'Queues and topics with DLQ entries.',
      () => adapterCall('dlq_topics_failed', () => admin.dlqTopics()),
    ],
    [
      'engine::queue::dlq_messages',
      'DLQ entries of a queue or topic.',
      (d) =>
        adapterCall('dlq_messages_failed', async () => {
          const q = input(DlqQueryInput, d)
          return admin.dlqMessages(topicName(q.topic), q.offset ?? 0, q.limit ?? 50)
        }),
    ],
  ]
}
