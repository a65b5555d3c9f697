import { errorResponse, invalidJson, messageOf, payloadTooLarge } from '../errors'
import type { Exchange } from './exchange'
import type { RequestChannels } from './request-channels'

export type BodyOutcome = { ok: true; body: unknown } | { ok: false; response: Response }

const isJsonRequest = (request: Request): boolean =>
  (request.headers.get('content-type') ?? '').toLowerCase().includes('application/json')

/** `Content-Length` above the limit is refused before anything runs (BUILTINS.md §3.2 step 1). */
export function declaresTooLarge(request: Request, limitBytes: number): boolean {
  const length = request.headers.get('content-length')
  return length !== null && Number(length) > limitBytes
}

/** Where a request body goes: its channels, under a size limit, answering through `exchange`. */
export interface BodySink {
  channels: RequestChannels
  limitBytes: number
  exchange: Exchange
}

/**
 * Step 3 of the pipeline: a JSON body is read (up to the limit) and parsed, its bytes also
 * written to the request channel; any other body is streamed into the request channel in the
 * background, and crossing the limit answers 413 unless a response has started, in which case
 * the request channel is closed.
 */
export async function takeBody(request: Request, sink: BodySink): Promise<BodyOutcome> {
  const { channels, limitBytes, exchange } = sink
  const body = request.body
  if (!body) {
    channels.endBody()
    return { ok: true, body: null }
  }
  if (isJsonRequest(request)) return readJson(body, channels, limitBytes)
  const onTooLarge = () => {
    if (!exchange.settled) exchange.respond(payloadTooLarge(limitBytes))
    else channels.requestBody.close(1009, 'payload too large')
  }
  void pumpBody(body, channels, { limitBytes, onTooLarge })
  return { ok: true, body: null }
}

async function readJson(
  body: ReadableStream<Uint8Array>,
  channels: RequestChannels,
  limitBytes: number,
): Promise<BodyOutcome> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > limitBytes) {
        await reader.cancel()
        return { ok: false, response: payloadTooLarge(limitBytes) }
      }
      chunks.push(value)
      channels.writeBody(value)
    }
  } catch (err) {
    return {
      ok: false,
      response: errorResponse(400, {
        code: 'INVALID_ARGUMENTS',
        message: `The request body could not be read: ${messageOf(err)}`,
      }),
    }
  }
  channels.endBody()
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return { ok: true, body: null }
  try {
    return { ok: true, body: JSON.parse(text) }
  } catch (err) {
    return { ok: false, response: invalidJson(messageOf(err)) }
  }
}

async function pumpBody(
  body: ReadableStream<Uint8Array>,
  channels: RequestChannels,
  { limitBytes, onTooLarge }: { limitBytes: number; onTooLarge: () => void },
): Promise<void> {
  const reader = body.getReader()
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return channels.endBody()
      total += value.byteLength
      if (total > limitBytes) {
        await reader.cancel()
        return onTooLarge()
      }
      channels.writeBody(value)
    }
  } catch {
    // The client went away or the response ended first: the reader sees the channel close.
    channels.requestBody.close(1001, 'request body interrupted')
  }
}
