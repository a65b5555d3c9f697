import type { Attributes, Context, SpanKind } from '@opentelemetry/api'
import {
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base'
import type { ObservabilityConfig } from './config'

interface Rule {
  operation?: RegExp
  service?: RegExp
  sampler: TraceIdRatioBasedSampler
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`)

/** At most `perSecond` sampled traces a second, with a burst of one second's worth. */
class TokenBucket {
  private tokens: number
  private lastMs = Date.now()

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond
  }

  take(): boolean {
    const now = Date.now()
    this.tokens = Math.min(
      this.perSecond,
      this.tokens + ((now - this.lastMs) / 1000) * this.perSecond,
    )
    this.lastMs = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/**
 * The sampler of new traces: the first rule whose `operation` glob matches the span name or its
 * function id, and whose `service` glob matches the engine's service name, gives the ratio;
 * otherwise `sampling.default` (or `sampling_ratio`). A `rate_limit` then caps sampled traces.
 */
class RuleSampler implements Sampler {
  private readonly rules: Rule[]
  private readonly fallback: TraceIdRatioBasedSampler
  private readonly bucket: TokenBucket | undefined

  constructor(private readonly config: ObservabilityConfig) {
    const sampling = config.sampling
    this.rules = (sampling?.rules ?? []).map((r) => ({
      operation: r.operation === undefined ? undefined : glob(r.operation),
      service: r.service === undefined ? undefined : glob(r.service),
      sampler: new TraceIdRatioBasedSampler(r.rate),
    }))
    this.fallback = new TraceIdRatioBasedSampler(sampling?.default ?? config.sampling_ratio)
    const limit = sampling?.rate_limit?.max_traces_per_second
    this.bucket = limit === undefined ? undefined : new TokenBucket(limit)
  }

  // biome-ignore lint/complexity/useMaxParams: OpenTelemetry's Sampler interface fixes this signature
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    _spanKind: SpanKind,
    attributes: Attributes,
  ): SamplingResult {
    const fn = attributes['iii.function.id']
    const rule = this.rules.find(
      (r) =>
        (!r.operation ||
          r.operation.test(spanName) ||
          (typeof fn === 'string' && r.operation.test(fn))) &&
        (!r.service || r.service.test(this.config.service_name)),
    )
    const sampler = rule?.sampler ?? this.fallback
    const result = sampler.shouldSample(context, traceId)
    if (result.decision !== SamplingDecision.RECORD_AND_SAMPLED || !this.bucket) return result
    return this.bucket.take() ? result : { decision: SamplingDecision.NOT_RECORD }
  }

  toString(): string {
    return 'iii.RuleSampler'
  }
}

/** The engine's sampler: rules and rate limit for new traces, parent-based unless turned off. */
export function createSampler(config: ObservabilityConfig): Sampler {
  const root = new RuleSampler(config)
  return config.sampling?.parent_based === false ? root : new ParentBasedSampler({ root })
}
