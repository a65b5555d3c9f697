import type { ErrorBody, InvocationResultFrame, InvokeFunctionFrame } from '@iii/protocol'
import type { EngineCore } from '../engine-core'
import { DEFAULT_NAMESPACE, isBlank, isEngineId, newId } from '../ids'
import type { ForwardableResult, InvocationOutcome } from '../model'
import type { Session } from '../session'

const ENQUEUE_FUNCTION = 'engine::queue::enqueue'
/** Codes of a failed enqueue passed to the caller as they are; any other is `enqueue_error`. */
const keptEnqueueCodes = new Set(['STORAGE_FULL', 'STORAGE_ERROR', 'ENQUEUE_OUTCOME_UNKNOWN'])

/** The `invocationresult` frame for a caller. */
export function resultFrame(
  invocationId: string,
  functionId: string,
  outcome: InvocationOutcome,
): object {
  if (outcome.ok) {
    const frame: Record<string, unknown> = {
      type: 'invocationresult',
      invocation_id: invocationId,
      function_id: functionId,
    }
    // A function with nothing to return answers without `result`, as the reference does.
    if (outcome.result !== undefined) frame.result = outcome.result
    return frame
  }
  return {
    type: 'invocationresult',
    invocation_id: invocationId,
    function_id: functionId,
    error: outcome.error,
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A worker's call (PROTOCOL.md §6): sync, void or enqueue. Handled concurrently. */
export function handleInvoke(engine: EngineCore, session: Session, frame: InvokeFunctionFrame) {
  const callerId = frame.invocation_id ?? undefined
  const action = frame.action ?? undefined
  const isVoid = action?.type === 'void'
  const reply = (outcome: InvocationOutcome) => {
    if (!outcome.ok && (isVoid || callerId === undefined)) {
      session.logger.debug('void call failed', {
        function_id: frame.function_id,
        code: outcome.error.code,
      })
    }
    if (isVoid || callerId === undefined) return
    const f = outcome.forward
    if (
      f &&
      f.invocationId === callerId &&
      (f.functionId === undefined || f.functionId === frame.function_id)
    )
      session.sendText(f.text)
    else session.sendFrame(resultFrame(callerId, frame.function_id, outcome))
  }
  const refuse = (error: ErrorBody) => reply({ ok: false, error })

  if (frame.namespace != null && isBlank(frame.namespace)) {
    return refuse({ code: 'INVALID_NAMESPACE', message: 'namespace must not be blank' })
  }
  const namespace = frame.namespace ?? DEFAULT_NAMESPACE
  if (session.outbound.size >= session.policy.maxInflightInvocations) {
    session.logger.warn('too many in-flight invocations', {
      limit: session.policy.maxInflightInvocations,
    })
    return refuse({
      code: 'TOO_MANY_INVOCATIONS',
      message: `more than ${session.policy.maxInflightInvocations} unfinished calls on this connection`,
    })
  }
  const denied = engine.hooks.authorizeCall(session, frame.function_id, namespace)
  if (denied) return refuse(denied)

  const data = frame.data === undefined ? null : frame.data
  const middleware = session.policy.middlewareFunctionId
  if (middleware && !isEngineBuiltin(engine, frame.function_id, namespace)) {
    return callMiddleware({ engine, session, frame, namespace, data, reply }, middleware)
  }
  if (action?.type === 'enqueue') {
    return enqueue({ engine, session, frame, namespace, data, reply }, action)
  }
  if (isPlainObject(data)) data._caller_worker_id = session.id
  engine.router.invoke(
    {
      functionId: frame.function_id,
      namespace,
      data,
      metadata: frame.metadata ?? undefined,
      traceparent: frame.traceparent ?? undefined,
      baggage: frame.baggage ?? undefined,
      caller: session,
      invocationId: callerId,
    },
    reply,
  )
}

/** A worker's call once checked: what the enqueue and middleware paths need of it. */
interface CheckedCall {
  readonly engine: EngineCore
  readonly session: Session
  readonly frame: InvokeFunctionFrame
  /** The frame's namespace, or the default one. */
  readonly namespace: string
  /** The frame's data, `null` when absent. */
  readonly data: unknown
  readonly reply: (outcome: InvocationOutcome) => void
}

type EnqueueAction = Extract<NonNullable<InvokeFunctionFrame['action']>, { type: 'enqueue' }>

function enqueue(call: CheckedCall, action: EnqueueAction): void {
  const { engine, frame, namespace, data, reply } = call
  const messageReceiptId = newId()
  const input: Record<string, unknown> = {
    queue: action.queue,
    function_id: frame.function_id,
    data,
    messageReceiptId,
  }
  if (frame.traceparent) input.traceparent = frame.traceparent
  if (frame.baggage) input.baggage = frame.baggage
  if (namespace !== DEFAULT_NAMESPACE) input.namespace = namespace
  if (action.idempotency_key != null) input.idempotency_key = action.idempotency_key
  if (action.delay_ms != null) input.delay_ms = action.delay_ms
  // The job carries the caller's context itself; the enqueue needs no span of its own.
  engine.router.invoke(
    { functionId: ENQUEUE_FUNCTION, namespace: DEFAULT_NAMESPACE, data: input, untraced: true },
    (outcome) => {
      if (outcome.ok) {
        const id = (outcome.result as { messageReceiptId?: unknown } | null)?.messageReceiptId
        return reply({
          ok: true,
          result: { messageReceiptId: typeof id === 'string' ? id : messageReceiptId },
        })
      }
      const missing = outcome.error.code === 'function_not_found'
      reply({
        ok: false,
        error: {
          // The store's own answer says more than enqueue_error: full, failed, or maybe stored.
          code: keptEnqueueCodes.has(outcome.error.code) ? outcome.error.code : 'enqueue_error',
          message: missing
            ? `${ENQUEUE_FUNCTION} is not registered: enable the iii-queue worker to use TriggerAction.Enqueue`
            : outcome.error.message,
        },
      })
    },
  )
}

/** The engine's own `engine::*` built-ins skip listener middleware; worker-registered ones do not. */
function isEngineBuiltin(engine: EngineCore, functionId: string, namespace: string): boolean {
  return (
    isEngineId(functionId) && engine.functions.get(namespace, functionId)?.owner.kind === 'builtin'
  )
}

/** Listener middleware (PROTOCOL.md §11.3): it receives the call and makes the real one itself. */
function callMiddleware(call: CheckedCall, middleware: string): void {
  const { engine, session, frame, namespace, data, reply } = call
  const input: Record<string, unknown> = {
    function_id: frame.function_id,
    payload: data,
    context: session.grant.context,
  }
  if (frame.action) input.action = frame.action
  if (frame.namespace != null) input.namespace = frame.namespace
  engine.router.invoke(
    {
      functionId: middleware,
      namespace,
      data: input,
      metadata: frame.metadata ?? undefined,
      traceparent: frame.traceparent ?? undefined,
      baggage: frame.baggage ?? undefined,
      caller: session,
    },
    reply,
  )
}

/** The callee's frame can reach the caller as it is when it carries a result or an error. */
function forwardable(
  frame: InvocationResultFrame,
  text: string | undefined,
): ForwardableResult | undefined {
  if (text === undefined || (frame.result == null && frame.error == null)) return undefined
  return { text, invocationId: frame.invocation_id, functionId: frame.function_id ?? undefined }
}

/** A callee's answer; accepted only from the connection the invocation was dispatched to. */
export function handleResult(
  engine: EngineCore,
  session: Session,
  received: { frame: InvocationResultFrame; text?: string },
): void {
  const { frame, text } = received
  const pending = engine.table.answerable(frame.invocation_id, session)
  if (!pending) {
    session.logger.debug('result dropped: unknown, finished or not dispatched to this connection', {
      invocation_id: frame.invocation_id,
    })
    return
  }
  const error = frame.error ?? undefined
  if (error) {
    const body: ErrorBody = { code: error.code, message: error.message }
    if (error.stacktrace) body.stacktrace = error.stacktrace
    engine.table.finish(pending, { ok: false, error: body, forward: forwardable(frame, text) })
  } else {
    engine.table.finish(pending, {
      ok: true,
      // A callee's `null` is nothing to return, as the reference treats it.
      result: frame.result ?? undefined,
      forward: forwardable(frame, text),
    })
  }
}
