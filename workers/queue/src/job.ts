/** A stored job (BUILTINS.md §9.2). */
export interface Job {
  message_id: string
  queue: string
  function_id: string
  namespace: string
  data: unknown
  attempts_made: number
  max_attempts: number
  stalls: number
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
  failed_at: number
}

export interface QueueStats {
  depth: number
  active: number
  dlq_depth: number
}
