import type {
  ErrorBody,
  InvokeFunctionFrame,
  OutboundFrame,
  RegisterTriggerFrame,
  UnregisterTriggerFrame,
} from '@iii/protocol'
import { resolveChannelRefs } from './channels'
import { toErrorBody } from './errors'
import type { IIIWorker } from './worker'

/**
 * A provider's `unregistertrigger`: the engine sends `id` and `trigger_type`; other engines also
 * send the binding's function, config and metadata, which are passed on when present.
 */
type WithdrawFrame = UnregisterTriggerFrame &
  Partial<Pick<RegisterTriggerFrame, 'function_id' | 'config' | 'metadata'>>

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** Handles one frame from the engine. Malformed frames are logged and ignored. */
export function handleInbound(worker: IIIWorker, text: string): void {
  // Typed by the protocol; fields are still checked where a wrong value would break a call.
  let frame: OutboundFrame
  try {
    frame = JSON.parse(text)
  } catch {
    worker.logger.warn('engine sent a frame that is not JSON')
    return
  }
  switch (frame.type) {
    case 'invocationresult':
      if (typeof frame.invocation_id === 'string') worker.settle(frame)
      return
    case 'invokefunction':
      void invoke(worker, frame)
      return
    case 'registertrigger':
      void provideTrigger(worker, frame)
      return
    case 'unregistertrigger':
      void withdrawTrigger(worker, frame as WithdrawFrame)
      return
    case 'triggerregistrationresult': {
      const error = frame.error
      if (error)
        worker.logger.error(
          `trigger registration failed for ${frame.id} (${frame.trigger_type}): ${error.message}`,
        )
      return
    }
    case 'workerregistered':
      worker.accepted(
        String(frame.worker_id),
        typeof frame.reattach_token === 'string' ? frame.reattach_token : undefined,
      )
      return
    case 'registrationrejected':
      if (frame.code === 'FUNCTION_STANDBY') {
        worker.logger.info(
          `function ${frame.function_id} is on standby: worker ${frame.owner_worker_id} serves it; this worker takes it over when that one leaves`,
        )
      } else if (frame.code === 'WORKER_NAMESPACE_CONFLICT') {
        worker.fail(
          `worker name ${frame.worker_name} is already connected in namespace ${frame.namespace}; not reconnecting. Stop the other worker, or give this one another workerName (or III_WORKER_NAME)`,
        )
      } else {
        const owner = frame.owner_worker_id ? `worker ${frame.owner_worker_id}` : 'the engine'
        worker.logger.warn(
          `function ${frame.function_id} rejected: ${frame.code} (owned by ${owner}); register it under another id or namespace, or stop the worker that has it`,
        )
      }
      return
    case 'ping':
      worker.sendNow({ type: 'pong' })
      return
    case 'pong':
      worker.ponged()
      return
    case 'error': {
      const error = frame.error as ErrorBody | undefined
      if (error?.code === 'AUTH_ERROR') worker.refused(error.code, error.message)
      else if (error) worker.logger.warn(`engine error ${error.code}: ${error.message}`)
      return
    }
  }
}

async function invoke(worker: IIIWorker, frame: InvokeFunctionFrame): Promise<void> {
  const invocationId = typeof frame.invocation_id === 'string' ? frame.invocation_id : undefined
  const functionId = String(frame.function_id)
  const entry = worker.functions.get(functionId)
  const reply = (body: { result?: unknown; error?: ErrorBody }) => {
    if (invocationId)
      worker.send({
        type: 'invocationresult',
        invocation_id: invocationId,
        function_id: functionId,
        ...body,
      })
  }
  if (!entry?.handler) {
    reply({
      error: entry
        ? {
            code: 'function_not_invokable',
            message: 'Function is HTTP-invoked and cannot be invoked locally',
          }
        : {
            code: 'function_not_found',
            message: `Function ${functionId} is not registered in this worker`,
          },
    })
    return
  }
  const handler = entry.handler
  const trace = { traceparent: str(frame.traceparent), baggage: str(frame.baggage) }
  worker.handlersRunning++
  try {
    const result = await worker.telemetry.execute(functionId, trace, async () =>
      handler(resolveChannelRefs(frame.data, worker.url), frame.metadata),
    )
    reply({ result })
  } catch (err) {
    if (!invocationId)
      worker.logger.error(`function ${functionId} failed`, { err: (err as Error)?.message })
    reply({ error: toErrorBody(err) })
  } finally {
    worker.handlerDone()
  }
}

async function provideTrigger(worker: IIIWorker, frame: RegisterTriggerFrame): Promise<void> {
  const triggerType = String(frame.trigger_type)
  const provider = worker.triggerTypes.get(triggerType)
  const answer = (error?: ErrorBody) =>
    worker.send({
      type: 'triggerregistrationresult',
      id: frame.id,
      trigger_type: triggerType,
      function_id: frame.function_id,
      ...(error ? { error } : {}),
    })
  if (!provider)
    return answer({
      code: 'trigger_type_not_found',
      message: `trigger type ${triggerType} is not provided by this worker`,
    })
  try {
    await provider.handler.registerTrigger({
      id: String(frame.id),
      function_id: String(frame.function_id),
      config: frame.config,
      metadata: frame.metadata,
    })
    answer()
  } catch (err) {
    answer({ code: 'trigger_registration_failed', message: (err as Error)?.message ?? String(err) })
  }
}

async function withdrawTrigger(worker: IIIWorker, frame: WithdrawFrame): Promise<void> {
  const provider =
    typeof frame.trigger_type === 'string' ? worker.triggerTypes.get(frame.trigger_type) : undefined
  if (!provider) return
  try {
    await provider.handler.unregisterTrigger({
      id: String(frame.id),
      function_id: String(frame.function_id ?? ''),
      config: frame.config,
      metadata: frame.metadata,
    })
  } catch (err) {
    worker.logger.error(`unregistering trigger ${frame.id} failed`, {
      err: (err as Error)?.message,
    })
  }
}
