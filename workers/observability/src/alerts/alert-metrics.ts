import type { WorkerContext } from '@iii/core'
import type { AlertRuleConfig } from '../config'
import type { Rollups } from '../rollups'

/** What the alert metrics read: the rollups, the engine counts, the queue worker's functions. */
export interface MetricSources {
  rollups: Rollups
  ctx: WorkerContext
}

type WindowRow = ReturnType<Rollups['window']>

/** Metrics computed from the rollups over the rule's window (optionally one `function_id`). */
const windowMetrics: Record<string, (w: WindowRow) => number> = {
  'iii.invocations.total': (w) => w.invocations,
  'iii.invocations.error': (w) => w.errors,
  'iii.invocation.errors.total': (w) => w.errors,
  'iii.invocation.error_rate': (w) => w.error_rate,
  'iii.invocation.avg_ms': (w) => w.avg_ms,
  'iii.invocation.p50_ms': (w) => w.p50_ms,
  'iii.invocation.p95_ms': (w) => w.p95_ms,
  'iii.invocation.p99_ms': (w) => w.p99_ms,
}

const call = async <T>(ctx: WorkerContext, functionId: string, data: unknown) =>
  (await ctx.invoke({ functionId, data, timeoutMs: 5000, untraced: true })) as T

/** Jobs waiting in the rule's queue, or in every queue. */
async function queueDepth(ctx: WorkerContext, queue: string | undefined): Promise<number> {
  const topics = queue
    ? [queue]
    : (await call<{ name: string }[]>(ctx, 'engine::queue::list_topics', {})).map((t) => t.name)
  let depth = 0
  for (const topic of topics)
    depth += (await call<{ depth: number }>(ctx, 'engine::queue::topic_stats', { topic })).depth
  return depth
}

/** Messages in the dead-letter queue of the rule's queue, or of every queue. */
async function dlqDepth(ctx: WorkerContext, queue: string | undefined): Promise<number> {
  const rows = await call<{ topic: string; message_count: number }[]>(
    ctx,
    'engine::queue::dlq_topics',
    {},
  )
  return rows.filter((r) => !queue || r.topic === queue).reduce((n, r) => n + r.message_count, 0)
}

/**
 * The current value of a rule's metric, or undefined when it cannot be read (no queue worker).
 * `iii.queue.dlq.growth` is derived by the caller from successive `iii.queue.dlq.depth` values.
 */
export async function readMetric(
  rule: AlertRuleConfig,
  sources: MetricSources,
  nowMs: number,
): Promise<number | undefined> {
  const fromWindow = windowMetrics[rule.metric]
  if (fromWindow)
    return fromWindow(sources.rollups.window(rule.function_id, rule.window_seconds * 1000, nowMs))
  try {
    if (rule.metric === 'iii.workers.active') return sources.ctx.stats().sessions
    if (rule.metric === 'iii.queue.depth') return await queueDepth(sources.ctx, rule.queue)
    if (rule.metric === 'iii.queue.dlq.depth' || rule.metric === 'iii.queue.dlq.growth')
      return await dlqDepth(sources.ctx, rule.queue)
  } catch {
    return undefined
  }
  return undefined
}
