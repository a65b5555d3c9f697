import type { Channel, ChannelEnd, Logger } from '@iii/core'
import { isBodyless } from '../server/bodyless'
import { isFinalStatus } from './build-response'
import { type HeaderPairs, toHeaderPairs } from './headers'

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** Chunks queued between the channel and the HTTP socket before the channel is back-pressured. */
const queuedChunks = 16

/**
 * The HTTP worker's read end of a request's `response` channel (PROTOCOL.md §8): text frames
 * before the first body byte are `set_status` / `set_headers` control messages; binary frames
 * become the response body stream, pulled at the pace of the client's socket.
 */
export class ResponseSink implements ChannelEnd {
  status = 200
  readonly headers: HeaderPairs = []
  readonly stream: ReadableStream<Uint8Array>
  /** A body chunk arrived. */
  hasChunk = false
  /** The writer finished, or the channel was closed. */
  ended = false
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined
  private readonly waiters: { onChunkOnly: boolean; wake: () => void }[] = []

  constructor(
    private readonly channel: Channel,
    private readonly logger: Logger,
  ) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (c) => {
          this.controller = c
        },
        pull: () => channel.readerDrained(),
        cancel: () => channel.close(1000, 'response cancelled'),
      },
      new CountQueuingStrategy({ highWaterMark: queuedChunks }),
    )
  }

  /** Resolves at the first body chunk or when the channel ends. */
  settled(): Promise<void> {
    if (this.hasChunk || this.ended) return Promise.resolve()
    return new Promise((wake) => this.waiters.push({ onChunkOnly: false, wake }))
  }

  /** Resolves at the first body chunk; never when the channel ends without one. */
  firstChunk(): Promise<void> {
    if (this.hasChunk) return Promise.resolve()
    return new Promise((wake) => this.waiters.push({ onChunkOnly: true, wake }))
  }

  /** The streamed response: collected status and headers, then the body chunks. */
  toResponse(): Response {
    if (isBodyless(this.status)) {
      this.channel.close(1000, 'bodyless status')
      return new Response(null, { status: this.status, headers: this.headers })
    }
    return new Response(this.stream, { status: this.status, headers: this.headers })
  }

  send(data: ArrayBuffer | Uint8Array | string, isBinary: boolean): boolean {
    if (!isBinary) {
      if (!this.hasChunk) this.applyControl(typeof data === 'string' ? data : decoder.decode(data))
      return true
    }
    const controller = this.controller
    if (!controller || this.ended) return true
    // The relay's buffer is reused after this call returns: copy.
    const chunk =
      typeof data === 'string'
        ? encoder.encode(data)
        : data instanceof Uint8Array
          ? data.slice()
          : new Uint8Array(data.slice(0))
    controller.enqueue(chunk)
    if (!this.hasChunk) {
      this.hasChunk = true
      this.wake(true)
    }
    return (controller.desiredSize ?? 0) > 0
  }

  close(code: number, reason: string): void {
    if (this.ended) return
    this.ended = true
    this.wake(false)
    try {
      if (code === 1000) this.controller?.close()
      else this.controller?.error(new Error(`response channel closed: ${reason}`))
    } catch {
      // the consumer already cancelled the stream
    }
  }

  private applyControl(text: string): void {
    let message: { type?: unknown; status_code?: unknown; headers?: unknown }
    try {
      message = JSON.parse(text)
    } catch {
      this.logger.debug('response channel: text frame is not JSON; ignored')
      return
    }
    if (message?.type === 'set_status') {
      if (isFinalStatus(message.status_code)) this.status = message.status_code
      else
        this.logger.warn('response channel: set_status outside 200..599 ignored', {
          status_code: message.status_code,
        })
    } else if (message?.type === 'set_headers') {
      for (const [name, value] of toHeaderPairs(message.headers)) this.setHeader(name, value)
    }
  }

  /** A later `set_headers` replaces earlier values of the same name. */
  private setHeader(name: string, value: string): void {
    const lower = name.toLowerCase()
    for (let i = this.headers.length - 1; i >= 0; i--)
      if (this.headers[i]?.[0].toLowerCase() === lower) this.headers.splice(i, 1)
    this.headers.push([name, value])
  }

  private wake(chunk: boolean): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]
      if (!waiter || (waiter.onChunkOnly && !chunk)) continue
      this.waiters.splice(i, 1)
      waiter.wake()
    }
  }
}
