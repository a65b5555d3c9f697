/** Metrics read from the rollups over a rule's window (optionally of one `function_id`). */
export const windowMetricNames = [
  'iii.invocations.total',
  'iii.invocations.error',
  'iii.invocation.errors.total',
  'iii.invocation.error_rate',
  'iii.invocation.avg_ms',
  'iii.invocation.p50_ms',
  'iii.invocation.p95_ms',
  'iii.invocation.p99_ms',
] as const

/** Every metric an alert rule may name (BUILTINS.md §10). */
export const alertMetricNames = [
  ...windowMetricNames,
  'iii.workers.active',
  'iii.queue.depth',
  'iii.queue.dlq.depth',
  'iii.queue.dlq.growth',
] as const
