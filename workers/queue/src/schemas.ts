import type { FunctionSchemas } from '@iii/core'
import { Type } from '@sinclair/typebox'
import {
  DlqQueryInput,
  EnqueueInput,
  MessageRefInput,
  PublishInput,
  QueueRefInput,
  TopicInput,
} from './inputs'

const S = Type.String()
const N = Type.Number()
const NoInput = Type.Object({})
const MessageOutcome = Type.Object({ queue: S, message_id: S, redriven: N })

/** Request and response schemas of every queue function (BUILTINS.md §9.1), by id. */
export const queueSchemas: Record<string, FunctionSchemas> = {
  'engine::queue::enqueue': {
    request_format: EnqueueInput,
    response_format: Type.Object({ messageReceiptId: S }),
  },
  'iii::durable::publish': {
    request_format: PublishInput,
    response_format: Type.Any({ description: 'none: the answer carries no result' }),
  },
  'iii::queue::redrive': {
    request_format: QueueRefInput,
    response_format: Type.Object({ queue: S, redriven: N }),
  },
  'iii::queue::redrive_message': {
    request_format: MessageRefInput,
    response_format: MessageOutcome,
  },
  'iii::queue::discard_message': {
    request_format: MessageRefInput,
    response_format: MessageOutcome,
  },
  'engine::queue::list_topics': {
    request_format: NoInput,
    response_format: Type.Array(Type.Object({ name: S, broker_type: S, subscriber_count: N })),
  },
  'engine::queue::topic_stats': {
    request_format: TopicInput,
    response_format: Type.Object({
      depth: N,
      consumer_count: N,
      dlq_depth: N,
      config: Type.Unknown(),
    }),
  },
  'engine::queue::dlq_topics': {
    request_format: NoInput,
    response_format: Type.Array(Type.Object({ topic: S, broker_type: S, message_count: N })),
  },
  'engine::queue::dlq_messages': {
    request_format: DlqQueryInput,
    response_format: Type.Array(
      Type.Object({
        id: S,
        payload: Type.Unknown(),
        error: Type.Unknown(),
        failed_at: N,
        retries: N,
        size_bytes: N,
        trace_id: Type.Optional(S),
      }),
    ),
  },
}
