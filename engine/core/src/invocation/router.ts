import { type ErrorBody, IIIError } from '@iii/protocol'
import type { Tracer } from '@opentelemetry/api'
import { DEFAULT_NAMESPACE, newId } from '../ids'
import type { Logger } from '../logger'
import type { CallInfo, FunctionEntry, InvocationOutcome, WorkerRecord } from '../model'
import type { FunctionRegistry } from '../registry/functions'
import type { PendingFunctions } from '../registry/pending-functions'
import { context, endCallSpan, startCallSpan } from '../tracing'
import type { InvocationParty, InvocationTable } from './invocation-table'

/** One call through the engine. */
export interface InvokeRequest {
  functionId: string
  /** Target namespace. @default 'default' */
  namespace?: string
  data: unknown
  metadata?: unknown
  traceparent?: string
  baggage?: string
  /** The calling session, for bookkeeping and `_caller_worker_id`. */
  caller?: (WorkerRecord & InvocationParty) | undefined
  /** Id to reuse for the dispatch (the caller's own `invocation_id`). */
  invocationId?: string
  /** Engine-side deadline. @default the engine's invocation_timeout_ms */
  timeoutMs?: number
  /** Skip the call span: engine plumbing whose work is already part of another span. */
  untraced?: boolean
}

/** How the router reaches a socket worker. */
export interface SessionDispatch {
  /** Sends one frame; false when the socket is gone. */
  sendFrame(frame: object): boolean
}

/** Performs HTTP-invoked functions; installed by the iii-http-functions worker. */
export interface HttpInvoker {
  invoke(entry: FunctionEntry, request: InvokeRequest & { invocationId: string }): Promise<unknown>
}

export type Done = (outcome: InvocationOutcome) => void

/** Receives one record per finished invocation, for engine metrics. */
export interface InvocationObserver {
  onInvocation(functionId: string, durationMs: number, ok: boolean): void
}

export interface RouterDeps {
  functions: FunctionRegistry
  /** Registrations held but not applied yet; a call to one of them waits for it. */
  pending: PendingFunctions
  table: InvocationTable
  logger: Logger
  invocationTimeoutMs: () => number
  httpInvoker: () => HttpInvoker | undefined
  /** Set by the observability worker; without it no span is created. */
  tracer: () => Tracer | undefined
  observer: () => InvocationObserver | undefined
}

/** Resolves `(namespace, function_id)` strictly and dispatches to a built-in, a worker or a URL. */
export class Router {
  constructor(private readonly deps: RouterDeps) {}

  /** Strict resolution; a miss is `function_not_found` with a hint naming other namespaces. */
  resolve(functionId: string, namespace: string): FunctionEntry | ErrorBody {
    const entry = this.deps.functions.get(namespace, functionId)
    if (entry) return entry
    const elsewhere = this.deps.functions.namespacesOf(functionId)
    const hint = elsewhere.length > 0 ? ` It exists in namespace(s): ${elsewhere.join(', ')}.` : ''
    return {
      code: 'function_not_found',
      message: `Function ${functionId} not found in namespace ${namespace}.${hint}`,
    }
  }

  /**
   * Invokes and reports the outcome through `done` (no promise on the worker-to-worker path).
   * With tracing on, the call runs in its own span under the caller's context, and the callee
   * receives that span as its parent with the `iii.function.id` baggage set.
   */
  invoke(req: InvokeRequest, done: Done) {
    const tracer = this.deps.tracer()
    const observer = this.deps.observer()
    if (!tracer && !observer) return this.route(req, done)
    const started = performance.now()
    const finish: Done = (outcome) => {
      observer?.onInvocation(req.functionId, performance.now() - started, outcome.ok)
      done(outcome)
    }
    if (!tracer || req.untraced) return this.route(req, finish)
    const namespace = req.namespace ?? DEFAULT_NAMESPACE
    const { span, ctx, carrier } = startCallSpan(tracer, req, namespace)
    const traced = { ...req, traceparent: carrier.traceparent, baggage: carrier.baggage }
    const ended: Done = (outcome) => {
      endCallSpan(span, outcome)
      finish(outcome)
    }
    // A socket worker gets the context on its frame; only in-engine code needs it made active.
    if (this.deps.functions.get(namespace, req.functionId)?.target.kind === 'session')
      return this.route(traced, ended)
    context.with(ctx(), () => this.route(traced, ended))
  }

  /**
   * A miss whose id a connection is still registering (held in its namespace grace buffer or
   * behind a registration hook) waits for that registration, up to the call's deadline.
   */
  private route(req: InvokeRequest, done: Done, waitUntilMs?: number) {
    const namespace = req.namespace ?? DEFAULT_NAMESPACE
    const entry = this.resolve(req.functionId, namespace)
    if (!('target' in entry)) {
      const until = waitUntilMs ?? Date.now() + (req.timeoutMs ?? this.deps.invocationTimeoutMs())
      if (!this.deps.pending.isHeld(req.functionId) || Date.now() >= until)
        return done({ ok: false, error: entry })
      void this.deps.pending
        .waitFor(req.functionId, until - Date.now())
        .then(() => this.route(req, done, until))
      return
    }
    switch (entry.target.kind) {
      case 'session':
        return this.dispatchToSession(entry, req, done)
      case 'builtin':
        return this.runBuiltin(entry, req, done)
      case 'http':
        return this.runHttp(entry, req, done)
    }
  }

  /** Promise form for built-in workers; rejects with an `IIIError`. */
  call(req: InvokeRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.invoke(req, (outcome) =>
        outcome.ok
          ? resolve(outcome.result)
          : reject(
              IIIError.relay(outcome.error, { data: { stacktrace: outcome.error.stacktrace } }),
            ),
      )
    })
  }

  private dispatchToSession(entry: FunctionEntry, req: InvokeRequest, done: Done): void {
    const callee = entry.owner as unknown as WorkerRecord & InvocationParty & SessionDispatch
    const timeoutMs = req.timeoutMs ?? this.deps.invocationTimeoutMs()
    const pending = this.deps.table.start({
      callee,
      caller: req.caller ?? null,
      functionId: entry.id,
      preferredId: req.invocationId,
      timeoutMs,
      done,
    })
    const frame: Record<string, unknown> = {
      type: 'invokefunction',
      invocation_id: pending.id,
      function_id: entry.localId ?? entry.id,
      data: req.data,
    }
    if (req.metadata !== undefined) frame.metadata = req.metadata
    if (req.traceparent) frame.traceparent = req.traceparent
    if (req.baggage) frame.baggage = req.baggage
    let sent: boolean
    try {
      sent = callee.sendFrame(frame)
    } catch (err) {
      this.deps.table.finish(pending, {
        ok: false,
        error: {
          code: 'serialization_error',
          message: `payload not encodable: ${(err as Error).message}`,
        },
      })
      return
    }
    if (!sent) {
      this.deps.table.finish(pending, {
        ok: false,
        error: {
          code: 'channel_send_failed',
          message: `worker ${callee.id} socket closed while sending`,
        },
      })
    }
  }

  private runBuiltin(entry: FunctionEntry, req: InvokeRequest, done: Done) {
    const { handler } = entry.target as Extract<FunctionEntry['target'], { kind: 'builtin' }>
    const call: CallInfo = {
      invocationId: req.invocationId ?? newId(),
      functionId: entry.id,
      namespace: entry.namespace,
      caller: req.caller,
      metadata: req.metadata,
      traceparent: req.traceparent,
      baggage: req.baggage,
    }
    let value: unknown
    try {
      value = handler(req.data, call)
    } catch (err) {
      return done({ ok: false, error: this.toErrorBody(err, entry.id) })
    }
    if (value instanceof Promise) {
      value.then(
        (result) => done({ ok: true, result }),
        (err) => done({ ok: false, error: this.toErrorBody(err, entry.id) }),
      )
    } else {
      done({ ok: true, result: value })
    }
  }

  private runHttp(entry: FunctionEntry, req: InvokeRequest, done: Done) {
    const invoker = this.deps.httpInvoker()
    if (!invoker) {
      return done({
        ok: false,
        error: {
          code: 'function_not_invokable',
          message: 'the iii-http-functions worker is not running',
        },
      })
    }
    invoker.invoke(entry, { ...req, invocationId: req.invocationId ?? newId() }).then(
      (result) => done({ ok: true, result }),
      (err) => done({ ok: false, error: this.toErrorBody(err, entry.id) }),
    )
  }

  private toErrorBody(err: unknown, functionId: string): ErrorBody {
    const wrapped = IIIError.from(err)
    if (wrapped.code === 'INTERNAL_ERROR') {
      this.deps.logger.error('built-in function failed', {
        function_id: functionId,
        err,
        unhandled: true,
      })
    }
    return wrapped.toBody()
  }
}
