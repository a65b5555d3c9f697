import { Readable, Writable } from 'node:stream'
import type { StreamChannelRef } from '@iii/protocol'
import WebSocket from 'ws'
import { sdkDefaults } from './constants'

export type { StreamChannelRef }

/** True for `{ channel_id, access_key, direction: 'read' | 'write' }`. */
export function isChannelRef(value: unknown): value is StreamChannelRef {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.channel_id === 'string' &&
    typeof v.access_key === 'string' &&
    (v.direction === 'read' || v.direction === 'write')
  )
}

/** The URL of one channel end on the engine's worker listener. */
export function channelUrl(engineUrl: string, ref: StreamChannelRef): string {
  const base = engineUrl.replace(/\/+$/, '')
  return `${base}/ws/channels/${encodeURIComponent(ref.channel_id)}?key=${encodeURIComponent(ref.access_key)}&dir=${ref.direction}`
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: sdkDefaults.handshakeTimeoutMs })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

/**
 * The write end of a channel. Binary data goes through `stream` (split into 64 KiB frames,
 * each waiting for the socket), text control messages through `sendMessage`.
 */
export class ChannelWriter {
  private writable: Writable | undefined
  private socket: Promise<WebSocket> | undefined

  constructor(
    private readonly engineUrl: string,
    readonly ref: StreamChannelRef,
  ) {}

  /** A Node `Writable` over the channel, created on first use (most handlers never touch it). */
  get stream(): Writable {
    this.writable ??= this.createStream()
    return this.writable
  }

  /** A writer serialises as its ref, so a payload holding one can be passed on as it is. */
  toJSON(): StreamChannelRef {
    return this.ref
  }

  private createStream(): Writable {
    return new Writable({
      write: (chunk: Buffer, _enc, callback) => {
        this.sendBinary(chunk).then(() => callback(), callback)
      },
      final: (callback) => {
        this.close().then(() => callback(), callback)
      },
      destroy: (err, callback) => {
        this.socket?.then(
          (ws) => ws.terminate(),
          () => {},
        )
        callback(err)
      },
    })
  }

  /** Sends one text frame, e.g. `{"type":"set_status","status_code":201}`. */
  async sendMessage(text: string): Promise<void> {
    const ws = await this.connect()
    await new Promise<void>((resolve, reject) =>
      ws.send(text, (err) => (err ? reject(err) : resolve())),
    )
  }

  /** Sends JSON as one text frame. */
  sendJson(value: unknown): Promise<void> {
    return this.sendMessage(JSON.stringify(value))
  }

  /** Writes bytes and resolves once they are handed to the socket. */
  async write(data: Uint8Array | string): Promise<void> {
    await this.sendBinary(typeof data === 'string' ? Buffer.from(data) : data)
  }

  /** Finishes the channel: the reader gets everything written, then the end. */
  async close(): Promise<void> {
    if (!this.socket) this.socket = this.connectNow()
    const ws = await this.socket.catch(() => undefined)
    if (!ws || ws.readyState >= WebSocket.CLOSING) return
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve())
      ws.close(1000, 'done')
    })
  }

  private async sendBinary(data: Uint8Array): Promise<void> {
    const ws = await this.connect()
    for (let offset = 0; offset < data.byteLength; offset += sdkDefaults.channelFrameBytes) {
      const part = data.subarray(
        offset,
        Math.min(offset + sdkDefaults.channelFrameBytes, data.byteLength),
      )
      await new Promise<void>((resolve, reject) =>
        ws.send(part, { binary: true }, (err) => (err ? reject(err) : resolve())),
      )
    }
  }

  private connect(): Promise<WebSocket> {
    this.socket ??= this.connectNow()
    return this.socket
  }

  private connectNow(): Promise<WebSocket> {
    return open(channelUrl(this.engineUrl, this.ref))
  }
}

/**
 * The read end of a channel: binary frames flow through `stream` (with backpressure),
 * text frames reach `onMessage` callbacks.
 */
export class ChannelReader {
  private readable: Readable | undefined
  private ws: WebSocket | undefined
  private readonly listeners: ((text: string) => void)[] = []

  constructor(
    private readonly engineUrl: string,
    readonly ref: StreamChannelRef,
  ) {}

  /** A Node `Readable` of the channel's binary frames, created on first use. */
  get stream(): Readable {
    this.readable ??= this.createStream()
    return this.readable
  }

  /** A reader serialises as its ref, so a payload holding one can be passed on as it is. */
  toJSON(): StreamChannelRef {
    return this.ref
  }

  private createStream(): Readable {
    return new Readable({
      highWaterMark: sdkDefaults.channelReadBufferBytes,
      read: () => {
        this.ensureConnected()
        this.ws?.resume()
      },
      destroy: (err, callback) => {
        this.ws?.terminate()
        callback(err)
      },
    })
  }

  /** Receives every text frame. Connects the reader if it is not connected yet. */
  onMessage(listener: (text: string) => void): void {
    this.listeners.push(listener)
    this.ensureConnected()
  }

  /** Reads the whole binary body. */
  async readAll(): Promise<Buffer> {
    const chunks: Buffer[] = []
    for await (const chunk of this.stream) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  close(): void {
    this.ws?.close(1000, 'done')
  }

  private ensureConnected(): void {
    if (this.ws) return
    const ws = new WebSocket(channelUrl(this.engineUrl, this.ref), {
      handshakeTimeout: sdkDefaults.handshakeTimeoutMs,
    })
    ws.binaryType = 'nodebuffer'
    this.ws = ws
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        const text = data.toString('utf8')
        for (const listener of this.listeners) listener(text)
        return
      }
      if (!this.stream.push(data)) ws.pause()
    })
    ws.on('close', () => {
      if (!this.stream.destroyed) this.stream.push(null)
    })
    ws.on('error', (err) => this.stream.destroy(err))
  }
}

/** Replaces every channel ref inside a payload with a live reader or writer. */
export function resolveChannelRefs(value: unknown, engineUrl: string): unknown {
  if (isChannelRef(value))
    return value.direction === 'read'
      ? new ChannelReader(engineUrl, value)
      : new ChannelWriter(engineUrl, value)
  if (Array.isArray(value)) return value.map((v) => resolveChannelRefs(v, engineUrl))
  if (typeof value === 'object' && value !== null) {
    let out: Record<string, unknown> | undefined
    for (const [k, v] of Object.entries(value)) {
      const resolved = resolveChannelRefs(v, engineUrl)
      if (resolved !== v) {
        out ??= { ...(value as Record<string, unknown>) }
        out[k] = resolved
      }
    }
    return out ?? value
  }
  return value
}
