import { randomUUID } from 'node:crypto'
import type { BindingInfo, FunctionEntry, WorkerContext } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { AlertRuleConfig } from '../config'

/** What a rule's action, the `alert` trigger and `engine::alerts::evaluate` receive. */
export interface AlertEvent {
  name: string
  status: 'firing' | 'resolved'
  metric: string
  value: number
  threshold: number
  operator: string
  function_id?: string
  queue?: string
  timestamp: number
}

type Action =
  | { type: 'log' }
  | { type: 'webhook'; url: string; headers?: Record<string, string>; timeout_ms?: number }
  | { type: 'function'; path: string }

/** The rule's action in one shape (the legacy `{webhook: {url}}` / `{function: {path}}` too). */
export function actionOf(rule: AlertRuleConfig): Action {
  const a = rule.action
  if (a === undefined || a === 'log') return { type: 'log' }
  if ('type' in a) return a
  if ('webhook' in a) return { type: 'webhook', url: a.webhook.url }
  return { type: 'function', path: a.function.path }
}

/**
 * A one-off HTTP-invoked function for a webhook: it goes through the `httpInvoker` of
 * `iii-http-functions`, so its URL rules (allow list, private IPs, HTTPS) apply.
 */
function webhookEntry(rule: AlertRuleConfig, action: Extract<Action, { type: 'webhook' }>) {
  const entry: FunctionEntry = {
    id: `alert::${rule.name}`,
    namespace: 'default',
    owner: {
      id: 'iii-observability',
      kind: 'builtin',
      name: 'iii-observability',
      namespace: 'default',
      connectedAtMs: 0,
      ip: '127.0.0.1',
      meta: {},
    },
    target: {
      kind: 'http',
      ref: {
        url: action.url,
        method: 'POST',
        ...(action.headers ? { headers: action.headers } : {}),
        ...(action.timeout_ms ? { timeout_ms: action.timeout_ms } : {}),
      },
    },
    registeredAtMs: Date.now(),
  }
  return entry
}

async function runAction(ctx: WorkerContext, rule: AlertRuleConfig, event: AlertEvent) {
  const action = actionOf(rule)
  if (action.type === 'log') {
    const log = event.status === 'firing' ? ctx.logger.warn : ctx.logger.info
    log(`alert ${event.status}`, { ...event })
  } else if (action.type === 'function') {
    await ctx.invoke({ functionId: action.path, data: event })
  } else {
    const invoker = ctx.provided('httpInvoker')
    if (!invoker)
      throw new IIIError(
        'http_request_failed',
        'a webhook alert needs the iii-http-functions worker',
      )
    await invoker.invoke(webhookEntry(rule, action), {
      functionId: `alert::${rule.name}`,
      data: event,
      invocationId: randomUUID(),
    })
  }
}

/**
 * Runs the rule's action and fires the `alert` bindings that match. Failures are logged, never
 * thrown: one broken action must not stop the others or the evaluation.
 */
export async function deliverAlert(
  ctx: WorkerContext,
  delivery: { rule: AlertRuleConfig; event: AlertEvent; bindings: Iterable<BindingInfo> },
): Promise<void> {
  const { rule, event, bindings } = delivery
  const runs: Promise<unknown>[] = [runAction(ctx, rule, event)]
  for (const b of bindings) {
    const filter = (b.config ?? {}) as { name?: string; status?: string }
    if (filter.name && filter.name !== event.name) continue
    if (filter.status && filter.status !== event.status) continue
    runs.push(ctx.fire(b, event))
  }
  const outcomes = await Promise.allSettled(runs)
  for (const o of outcomes)
    if (o.status === 'rejected')
      ctx.logger.warn('alert action failed', {
        alert: event.name,
        status: event.status,
        err: (o.reason as Error)?.message ?? String(o.reason),
      })
}
