/** A stored job (BUILTINS.md §9.2). */
export interface Job {
  message_id: string
  queue: string
  function_id: string
  namespace: string
  data: unknown
  /** Failed attempts so far (a stall does not count). */
  attempts_made: number
  max_attempts: number
  /** Times its lease expired while it ran (§9.4). */
  stalls: number
  /** FIFO group: one job per group runs at a time, in enqueue order. */
  group_id?: string
  created_at: number
  /** When the job becomes ready (epoch ms). */
  process_at: number
  traceparent?: string
  baggage?: string
  /** Set while claimed: lease expiry (epoch ms) and the claim token. */
  lease_until?: number
  lease_token?: string
}

export interface DlqEntry {
  job: Job
  error: string
  /** Epoch ms. */
  failed_at: number
}

export interface QueueStats {
  /** Jobs waiting: ready, delayed or behind their FIFO group's head. */
  depth: number
  active: number
  dlq_depth: number
}

/** One durable-topic subscription: a distinct `(function_id, namespace)` on a topic (§9.3). */
export interface Subscription {
  topic: string
  function_id: string
  namespace: string
  /** Store queue that holds this subscription's jobs. */
  queue: string
  max_attempts: number
  fifo: boolean
}

/** A message published to a durable topic. */
export interface PublishedMessage {
  message_id: string
  data: unknown
  created_at: number
  traceparent?: string
  baggage?: string
}

/** A lease that expired: the job was requeued or moved to the DLQ. */
export interface StallInfo {
  queue: string
  message_id: string
  stalls: number
}
