import type { BindingInfo, WorkerContext } from '@iii/core'
import { type AlertRuleConfig, alertOperators } from '../config'
import type { Rollups } from '../rollups'
import { type AlertEvent, deliverAlert } from './alert-actions'
import { readMetric } from './alert-metrics'

interface RuleState {
  firing: boolean
  /** Since when the condition has held without firing yet (for `for_seconds`). */
  pendingSinceMs?: number
  currentValue?: number
  lastEvaluatedMs?: number
  lastTriggeredMs?: number
  lastResolvedMs?: number
  /** DLQ depth samples for `iii.queue.dlq.growth`, oldest first. */
  samples: { atMs: number; value: number }[]
}

type Canonical = (typeof alertOperators)[keyof typeof alertOperators]
const canonical = (op: string): Canonical =>
  (alertOperators as Record<string, Canonical>)[op] ?? (op as Canonical)

const compare: Record<Canonical, (v: number, t: number) => boolean> = {
  greaterthan: (v, t) => v > t,
  greaterthanorequal: (v, t) => v >= t,
  lessthan: (v, t) => v < t,
  lessthanorequal: (v, t) => v <= t,
  equal: (v, t) => v === t,
  notequal: (v, t) => v !== t,
}

/** The reference's spelling of an operator in alert states (`GreaterThanOrEqual`). */
const display: Record<Canonical, string> = {
  greaterthan: 'GreaterThan',
  greaterthanorequal: 'GreaterThanOrEqual',
  lessthan: 'LessThan',
  lessthanorequal: 'LessThanOrEqual',
  equal: 'Equal',
  notequal: 'NotEqual',
}

export interface AlertManagerOptions {
  rules: AlertRuleConfig[]
  rollups: Rollups
  ctx: WorkerContext
  bindings: Map<string, BindingInfo>
}

/**
 * Evaluates alert rules: a rule fires once its condition has held for `for_seconds` (and
 * `cooldown_seconds` have passed since it last fired), and resolves when the condition stops
 * holding. Each transition runs the rule's action and the matching `alert` triggers.
 */
export class AlertManager {
  private readonly states = new Map<string, RuleState>()
  private running: Promise<AlertEvent[]> = Promise.resolve([])
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(private readonly options: AlertManagerOptions) {
    for (const rule of options.rules) this.states.set(rule.name, { firing: false, samples: [] })
  }

  start(intervalMs: number): void {
    if (this.options.rules.length === 0) return
    this.timer = setInterval(() => void this.evaluate(), intervalMs)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
  }

  /** One evaluation pass (passes never overlap); resolves with the transitions it made. */
  evaluate(nowMs?: number): Promise<AlertEvent[]> {
    this.running = this.running.then(() => this.pass(nowMs ?? Date.now()))
    return this.running
  }

  /** `engine::alerts::list`. */
  list() {
    const alerts = this.options.rules.map((rule) => {
      const s = this.states.get(rule.name) as RuleState
      return {
        name: rule.name,
        metric: rule.metric,
        enabled: rule.enabled,
        firing: s.firing,
        pending: !s.firing && s.pendingSinceMs !== undefined,
        current_value: s.currentValue ?? null,
        threshold: rule.threshold,
        operator: display[canonical(rule.operator)],
        last_evaluated: s.lastEvaluatedMs ?? null,
        last_triggered: s.lastTriggeredMs ?? null,
        last_resolved: s.lastResolvedMs ?? null,
      }
    })
    return {
      alerts,
      rules: this.options.rules,
      firing_count: alerts.filter((a) => a.firing).length,
      timestamp: Date.now(),
    }
  }

  private async pass(nowMs: number): Promise<AlertEvent[]> {
    const events: AlertEvent[] = []
    for (const rule of this.options.rules) {
      if (!rule.enabled) continue
      const event = await this.step(rule, nowMs)
      if (event) events.push(event)
    }
    await Promise.all(
      events.map((e) =>
        deliverAlert(this.options.ctx, {
          rule: this.options.rules.find((r) => r.name === e.name) as AlertRuleConfig,
          event: e,
          bindings: this.options.bindings.values(),
        }),
      ),
    )
    return events
  }

  /** Updates one rule's state; returns the event of a transition, if any. */
  private async step(rule: AlertRuleConfig, nowMs: number): Promise<AlertEvent | undefined> {
    const s = this.states.get(rule.name) as RuleState
    const value = await this.valueOf(rule, s, nowMs)
    s.lastEvaluatedMs = nowMs
    if (value === undefined) return undefined
    s.currentValue = value
    const holds = compare[canonical(rule.operator)](value, rule.threshold)
    if (!holds) {
      s.pendingSinceMs = undefined
      if (!s.firing) return undefined
      s.firing = false
      s.lastResolvedMs = nowMs
      return this.eventOf(rule, { status: 'resolved', value, nowMs })
    }
    if (s.firing) return undefined
    s.pendingSinceMs ??= nowMs
    if (nowMs - s.pendingSinceMs < rule.for_seconds * 1000) return undefined
    if (s.lastTriggeredMs !== undefined && nowMs - s.lastTriggeredMs < rule.cooldown_seconds * 1000)
      return undefined
    s.firing = true
    s.lastTriggeredMs = nowMs
    return this.eventOf(rule, { status: 'firing', value, nowMs })
  }

  private async valueOf(rule: AlertRuleConfig, s: RuleState, nowMs: number) {
    const value = await readMetric(rule, this.options, nowMs)
    if (rule.metric !== 'iii.queue.dlq.growth' || value === undefined) return value
    // Growth over the window: against the newest sample at least a window old (else the oldest).
    s.samples.push({ atMs: nowMs, value })
    const windowMs = rule.window_seconds * 1000
    while (s.samples.length > 1 && (s.samples[1]?.atMs ?? nowMs) <= nowMs - windowMs)
      s.samples.shift()
    return value - (s.samples[0]?.value ?? value)
  }

  private eventOf(
    rule: AlertRuleConfig,
    { status, value, nowMs }: { status: AlertEvent['status']; value: number; nowMs: number },
  ): AlertEvent {
    return {
      name: rule.name,
      status,
      metric: rule.metric,
      value,
      threshold: rule.threshold,
      operator: canonical(rule.operator),
      ...(rule.function_id ? { function_id: rule.function_id } : {}),
      ...(rule.queue ? { queue: rule.queue } : {}),
      timestamp: nowMs,
    }
  }
}
