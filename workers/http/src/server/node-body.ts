import type { IncomingMessage } from 'node:http'
import type { ExchangeState } from './connection'

/**
 * The request body as a Fetch `ReadableStream`. The socket is paused whenever the stream's
 * queue is full and resumed on the next pull, so a slow consumer throttles the client instead
 * of growing memory. Called synchronously in the request handler, before any data flows.
 */
export function readNodeBody(
  req: IncomingMessage,
  state: ExchangeState,
  highWaterMarkBytes: number,
): ReadableStream<Uint8Array> {
  state.bodyComplete = false
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  let settled = false
  const finish = (error?: Error) => {
    if (settled || !controller) return
    settled = true
    if (error) controller.error(error)
    else controller.close()
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c
      },
      pull: () => {
        if (!state.done) req.resume()
      },
      cancel: () => {
        // Keep reading so the rest is discarded; the response closes the connection if needed.
        settled = true
        req.resume()
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: highWaterMarkBytes }),
  )
  req.on('data', (chunk: Buffer) => {
    if (settled || !controller) return
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    if ((controller.desiredSize ?? 0) <= 0) req.pause()
  })
  req.on('end', () => {
    state.bodyComplete = true
    finish()
  })
  state.onClose(() =>
    finish(
      new Error(
        state.aborted ? 'client aborted the request' : 'response ended before the request body',
      ),
    ),
  )
  return stream
}
