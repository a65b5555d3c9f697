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
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core'
import type { InvocationOutcome } from './model'

/** W3C `traceparent` and `baggage` as they travel on frames. */
export interface TraceCarrier {
  traceparent?: string
  baggage?: string
}

const propagator = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] })
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

/** The context a frame carries; without a traceparent, the active context (e.g. the firing built-in's). */
export function extractContext(carrier: TraceCarrier): Context {
  if (!carrier.traceparent && !carrier.baggage) return context.active()
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

/** Opens the engine's span for one routed call under the caller's context. */
export function startCallSpan(tracer: Tracer, functionId: string, namespace: string, carrier: TraceCarrier): { span: Span; ctx: Context } {
  const parent = extractContext(carrier)
  const span = tracer.startSpan(
    `call ${functionId}`,
    { kind: SpanKind.SERVER, attributes: { 'iii.function.id': functionId, 'iii.namespace': namespace } },
    parent,
  )
  return { span, ctx: withFunctionBaggage(trace.setSpan(parent, span), functionId) }
}

export function endCallSpan(span: Span, outcome: InvocationOutcome): void {
  if (outcome.ok) span.setStatus({ code: SpanStatusCode.OK })
  else {
    span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome.error.code}: ${outcome.error.message}` })
    span.setAttribute('iii.error.code', outcome.error.code)
  }
  span.end()
}

/** What code running inside a span may record on it. */
export interface SpanEvents {
  addEvent(name: string, attributes?: Record<string, string | number | boolean>): void
}

const noEvents: SpanEvents = { addEvent: () => {} }

/**
 * Runs `run` inside a server span named `name`, parented by the carrier (else the active
 * context); every call made inside nests under it. Without a tracer it just runs.
 */
export async function withServerSpan<T>(
  tracer: Tracer | undefined,
  name: string,
  carrier: TraceCarrier,
  attributes: Record<string, string | number>,
  run: (span: SpanEvents) => Promise<T>,
  describe?: (value: T) => { attributes?: Record<string, string | number>; error?: string },
): Promise<T> {
  if (!tracer) return run(noEvents)
  const parent = extractContext(carrier)
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent)
  const events: SpanEvents = { addEvent: (n, a) => void span.addEvent(n, a) }
  try {
    const value = await context.with(trace.setSpan(parent, span), () => run(events))
    const outcome = describe?.(value)
    if (outcome?.attributes) span.setAttributes(outcome.attributes)
    span.setStatus(outcome?.error ? { code: SpanStatusCode.ERROR, message: outcome.error } : { code: SpanStatusCode.OK })
    return value
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message ?? String(err) })
    throw err
  } finally {
    span.end()
  }
}

/** Records one event in the trace of `carrier` as a short span of its own (e.g. a reaped job). */
export function recordTraceEvent(
  tracer: Tracer | undefined,
  name: string,
  carrier: TraceCarrier,
  attributes: Record<string, string | number | boolean>,
): void {
  if (!tracer) return
  const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes }, extractContext(carrier))
  span.addEvent(name, attributes)
  span.end()
}

/** Adds an event to the span of the call in progress, if any (e.g. a redrive inside its function call). */
export function addActiveSpanEvent(name: string, attributes: Record<string, string | number | boolean>): void {
  trace.getActiveSpan()?.addEvent(name, attributes)
}

export { context }
