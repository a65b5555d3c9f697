import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api'
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core'
import type { InvocationOutcome } from './model'

/** W3C `traceparent` and `baggage` as they travel on frames. */
export interface TraceCarrier {
  traceparent?: string
  baggage?: string
}

const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
})
const getter = {
  get: (carrier: TraceCarrier, key: string) =>
    key === 'traceparent' ? carrier.traceparent : key === 'baggage' ? carrier.baggage : undefined,
  keys: () => ['traceparent', 'baggage'],
}
const setter = {
  set: (carrier: TraceCarrier, key: string, value: string) => {
    ;(carrier as Record<string, string>)[key] = value
  },
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
const functionBaggagePattern = /^iii\.function\.id=[^,;]*$/

/** Baggage that carries nothing but a previous hop's `iii.function.id` (the common case). */
const onlyFunctionBaggage = (baggage: string | undefined) =>
  baggage === undefined || baggage === '' || functionBaggagePattern.test(baggage)

/** The context a frame carries; without a traceparent, the active context (e.g. the firing built-in's). */
export function extractContext(carrier: TraceCarrier): Context {
  if (!carrier.traceparent && !carrier.baggage) return context.active()
  // Fast path for a bare traceparent: no propagator machinery on the hot path.
  const m = onlyFunctionBaggage(carrier.baggage)
    ? traceparentPattern.exec(carrier.traceparent ?? '')
    : null
  if (m) {
    return trace.setSpanContext(ROOT_CONTEXT, {
      traceId: m[1] as string,
      spanId: m[2] as string,
      traceFlags: Number.parseInt(m[3] as string, 16),
      isRemote: true,
    })
  }
  return propagator.extract(ROOT_CONTEXT, carrier, getter)
}

export function injectContext(ctx: Context): TraceCarrier {
  const carrier: TraceCarrier = {}
  propagator.inject(ctx, carrier, setter)
  return carrier
}

/** Sets the `iii.function.id` baggage entry to the call's target (PROTOCOL.md §6.7). */
export function withFunctionBaggage(ctx: Context, functionId: string): Context {
  const bag = propagation.getBaggage(ctx) ?? propagation.createBaggage()
  return propagation.setBaggage(ctx, bag.setEntry('iii.function.id', { value: functionId }))
}

const functionBaggage = new Map<string, string>()

/** `iii.function.id=<id>`, encoded once per function id. */
function functionBaggageOf(functionId: string): string {
  let value = functionBaggage.get(functionId)
  if (value === undefined) {
    value = `iii.function.id=${encodeURIComponent(functionId)}`
    if (functionBaggage.size < 10_000 && functionId.length <= 256)
      functionBaggage.set(functionId, value)
  }
  return value
}

export interface CallSpan {
  span: Span
  /** The call's context: the span, plus the `iii.function.id` baggage entry (built on demand). */
  ctx: () => Context
  /** What the callee receives: the span as its parent, and the baggage. */
  carrier: TraceCarrier
}

/** Opens the engine's span for one routed call under the caller's context. */
export function startCallSpan(
  tracer: Tracer,
  carrier: TraceCarrier & { readonly functionId: string },
  namespace: string,
): CallSpan {
  const { functionId } = carrier
  const parent = extractContext(carrier)
  const span = tracer.startSpan(
    `call ${functionId}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'iii.function.id': functionId, 'iii.namespace': namespace },
    },
    parent,
  )
  const ctx = () => withFunctionBaggage(trace.setSpan(parent, span), functionId)
  if (
    !onlyFunctionBaggage(carrier.baggage) ||
    propagation
      .getBaggage(parent)
      ?.getAllEntries()
      .some(([k]) => k !== 'iii.function.id')
  ) {
    return { span, ctx, carrier: injectContext(ctx()) }
  }
  const sc = span.spanContext()
  const traceparent = `00-${sc.traceId}-${sc.spanId}-${sc.traceFlags & 1 ? '01' : '00'}`
  return { span, ctx, carrier: { traceparent, baggage: functionBaggageOf(functionId) } }
}

export function endCallSpan(span: Span, outcome: InvocationOutcome): void {
  if (outcome.ok) span.setStatus({ code: SpanStatusCode.OK })
  else {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: `${outcome.error.code}: ${outcome.error.message}`,
    })
    span.setAttribute('iii.error.code', outcome.error.code)
  }
  span.end()
}

/** What code running inside a span may record on it. */
export interface SpanEvents {
  addEvent(name: string, attributes?: Record<string, string | number | boolean>): void
}

const noEvents: SpanEvents = { addEvent: () => {} }

/** The span `withServerSpan` opens. */
export interface ServerSpanSpec<T> {
  name: string
  /** The caller's context; absent fields fall back to the active context. */
  carrier: TraceCarrier
  attributes: Record<string, string | number>
  /** Attributes and an error status from the value `run` resolved to. */
  describe?: (value: T) => { attributes?: Record<string, string | number>; error?: string }
}

/**
 * Runs `run` inside a server span named `spec.name`, parented by the carrier (else the active
 * context); every call made inside nests under it. Without a tracer it just runs.
 */
export async function withServerSpan<T>(
  tracer: Tracer | undefined,
  spec: ServerSpanSpec<T>,
  run: (span: SpanEvents) => Promise<T>,
): Promise<T> {
  if (!tracer) return run(noEvents)
  const { name, carrier, attributes, describe } = spec
  const parent = extractContext(carrier)
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent)
  const events: SpanEvents = { addEvent: (n, a) => void span.addEvent(n, a) }
  try {
    const value = await context.with(trace.setSpan(parent, span), () => run(events))
    const outcome = describe?.(value)
    if (outcome?.attributes) span.setAttributes(outcome.attributes)
    span.setStatus(
      outcome?.error
        ? { code: SpanStatusCode.ERROR, message: outcome.error }
        : { code: SpanStatusCode.OK },
    )
    return value
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message ?? String(err) })
    throw err
  } finally {
    span.end()
  }
}

export interface TraceEvent {
  name: string
  attributes?: Record<string, string | number | boolean>
}

/**
 * Records events in the trace of `carrier` as a short span of their own: what happened to a job
 * after its call ended (a retry, a DLQ move), without a span for every job that simply succeeds.
 */
export function recordTraceEvents(
  tracer: Tracer | undefined,
  spec: {
    name: string
    carrier: TraceCarrier
    attributes: Record<string, string | number | boolean>
  },
  events: TraceEvent[],
): void {
  if (!tracer || events.length === 0) return
  const { name, carrier, attributes } = spec
  const span = tracer.startSpan(
    name,
    { kind: SpanKind.INTERNAL, attributes },
    extractContext(carrier),
  )
  for (const e of events) span.addEvent(e.name, e.attributes)
  span.end()
}

/**
 * Starts a trace for work that arrives without one (a job enqueued by an untraced caller): a
 * short producer span named `name`, ended at once. Its `traceparent` is returned so every later
 * step of the work (each delivery, its failure) joins that one trace; `undefined` without a tracer.
 */
export function startDetachedTrace(
  tracer: Tracer | undefined,
  name: string,
  attributes: Record<string, string | number | boolean>,
): string | undefined {
  if (!tracer) return undefined
  const span = tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes, root: true })
  span.end()
  return injectContext(trace.setSpan(ROOT_CONTEXT, span)).traceparent
}

/** Adds an event to the span of the call in progress, if any (e.g. a redrive inside its function call). */
export function addActiveSpanEvent(
  name: string,
  attributes: Record<string, string | number | boolean>,
): void {
  trace.getActiveSpan()?.addEvent(name, attributes)
}

export { context }
