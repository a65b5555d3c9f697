import { failureResponse, type RequestContext } from '../errors'
import { buildResultResponse } from '../response/build-response'
import type { RouteTarget } from '../routes/http-trigger'
import type { PipelineDeps } from './deps'
import type { RequestChannels } from './request-channels'

type First =
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'stream' }

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One request's handler call: the route's target, its input and the request's channels. */
export interface HandlerCall {
  target: RouteTarget
  input: Record<string, unknown>
  channels: RequestChannels
  context: RequestContext
}

/**
 * Step 6: calls the handler and answers with whichever comes first (BUILTINS.md §3.4): a
 * returned value is the response; a body chunk on the response channel starts the streamed
 * response. A handler that returns nothing answers through the channel.
 */
export async function callHandler(deps: PipelineDeps, handler: HandlerCall): Promise<Response> {
  const { target, input, channels, context } = handler
  const failure = (err: unknown) =>
    failureResponse(err, { ...context, phase: 'handler', functionId: target.functionId })
  const call = deps.invoke({
    functionId: target.functionId,
    namespace: target.namespace,
    data: input,
    metadata: target.metadata,
    // With tracing on, the request span is the active context; otherwise pass the client's own.
    ...(deps.tracer()
      ? {}
      : { traceparent: context.headers?.traceparent, baggage: context.headers?.baggage }),
  })
  const first = await Promise.race<First>([
    call.then(
      (result) => ({ kind: 'result', result }),
      (error) => ({ kind: 'error', error }),
    ),
    channels.sink.firstChunk().then(() => ({ kind: 'stream' })),
  ])
  if (first.kind === 'stream') {
    call.catch((err) =>
      deps.logger.debug('handler failed after its response started streaming', {
        function_id: target.functionId,
        err,
      }),
    )
    return channels.sink.toResponse()
  }
  if (first.kind === 'error') return failure(first.error)
  if (first.result !== null && first.result !== undefined) {
    try {
      return buildResultResponse(first.result)
    } catch (err) {
      return failure(err)
    }
  }
  await waitForStream(channels, deps.responseClaimGraceMs)
  return channels.sink.toResponse()
}

/**
 * The handler returned nothing: wait for the first body byte or the end of the response
 * channel. If its writer has not connected within the grace period, the channel is closed and
 * the response is whatever status and headers arrived, with an empty body.
 */
async function waitForStream(channels: RequestChannels, graceMs: number): Promise<void> {
  const sink = channels.sink
  const settled = sink.settled()
  const deadline = Date.now() + graceMs
  while (!channels.responseWriterConnected) {
    if (sink.hasChunk || sink.ended) return
    if (Date.now() >= deadline) {
      channels.response.close(1000, 'no response writer')
      return
    }
    await Promise.race([settled, sleep(20)])
  }
  await settled
}
