import type { HttpResponse } from '@iii/uws'
import type { ExchangeState } from './connection'

/**
 * The request body as a Fetch `ReadableStream`. uWS pushes chunks; when the stream's queue is
 * full the socket is paused and resumed on the next pull, so a slow consumer throttles the
 * client instead of growing memory. Must be called synchronously in the uWS request handler.
 */
export function readUwsBody(res: HttpResponse, state: ExchangeState, highWaterMarkBytes: number): ReadableStream<Uint8Array> {
  state.bodyComplete = false
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  let paused = false
  let settled = false
  const resume = () => {
    if (!paused || state.done) return
    paused = false
    res.resume()
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c
      },
      pull: resume,
      cancel: () => {
        // Keep reading so uWS discards the rest; the response closes the connection if needed.
        settled = true
        resume()
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: highWaterMarkBytes }),
  )
  res.onData((chunk, isLast) => {
    if (isLast) state.bodyComplete = true
    if (settled || !controller) return
    // uWS neuters `chunk` when the callback returns: copy it.
    if (chunk.byteLength > 0) controller.enqueue(new Uint8Array(chunk.slice(0)))
    if (isLast) {
      settled = true
      controller.close()
    } else if ((controller.desiredSize ?? 0) <= 0 && !paused) {
      paused = true
      res.pause()
    }
  })
  state.onClose(() => {
    if (settled || !controller) return
    settled = true
    controller.error(new Error(state.aborted ? 'client aborted the request' : 'response ended before the request body'))
  })
  return stream
}
