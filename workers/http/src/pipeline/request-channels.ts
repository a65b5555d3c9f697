import type { Channel, ChannelRegistry, Logger } from '@iii/core'
import type { StreamChannelRef } from '@iii/protocol'
import { ResponseSink } from '../response/response-sink'

const refOf = (channel: Channel, direction: 'read' | 'write'): StreamChannelRef => ({
  channel_id: channel.id,
  access_key: channel.accessKey,
  direction,
})

/**
 * The two channels of one request (PROTOCOL.md §8): the worker writes the request body into
 * one and reads the streamed response from the other. Both are owned by the request and
 * closed when it completes.
 */
export class RequestChannels {
  readonly requestBody: Channel
  readonly response: Channel
  readonly sink: ResponseSink
  /** The request channel was closed (its reader went away, or the request ended). */
  requestClosed = false

  constructor(registry: ChannelRegistry, bufferSize: number, logger: Logger) {
    this.requestBody = registry.create({ bufferSize, owner: null })
    this.requestBody.claim('write', {
      send: () => true,
      close: () => {
        this.requestClosed = true
      },
    })
    this.response = registry.create({ bufferSize, owner: null })
    this.sink = new ResponseSink(this.response, logger)
    this.response.claim('read', this.sink)
  }

  /** The refs handed to the function: it reads the body and writes the response. */
  refs(): { request_body: StreamChannelRef; response: StreamChannelRef } {
    return {
      request_body: refOf(this.requestBody, 'read'),
      response: refOf(this.response, 'write'),
    }
  }

  writeBody(chunk: Uint8Array): void {
    if (this.requestClosed) return
    const { buffer } = chunk
    // The relay copies what it queues, so a chunk that owns its whole buffer is passed as is.
    if (
      buffer instanceof ArrayBuffer &&
      chunk.byteOffset === 0 &&
      chunk.byteLength === buffer.byteLength
    ) {
      this.requestBody.write(buffer, true)
      return
    }
    const copy = new ArrayBuffer(chunk.byteLength)
    new Uint8Array(copy).set(chunk)
    this.requestBody.write(copy, true)
  }

  /** The body is complete: the reader gets the rest, then the end. */
  endBody(): void {
    if (!this.requestClosed) this.requestBody.writerClosed()
  }

  /** The writer of the response channel connected. */
  get responseWriterConnected(): boolean {
    return this.response.fullyClaimed
  }

  close(): void {
    this.requestBody.close(1000, 'request complete')
    this.response.close(1000, 'request complete')
  }
}
