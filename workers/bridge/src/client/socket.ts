import type { Logger } from '@iii/core'
import WebSocket from 'ws'
import { reconnectDelayMs } from './backoff'

export interface SocketOptions {
  url: string
  headers?: Record<string, string>
  initialDelayMs: number
  maxDelayMs: number
  handshakeTimeoutMs: number
  pingIntervalMs: number
  logger: Logger
}

/** Why a socket ended: the close code and reason, or the error that stopped it opening. */
export interface SocketEnd {
  /** True when the socket had opened. */
  opened: boolean
  code?: number
  reason: string
}

export interface SocketEvents {
  onOpen(): void
  onText(text: string): void
  onEnd(end: SocketEnd): void
}

/** Text for an upgrade the server answered with HTTP instead of 101. */
const httpRefusal = (status: number | undefined) =>
  `the server answered the upgrade with HTTP ${status ?? '?'} (is the url a worker listener?)`

/**
 * One WebSocket to the remote engine, reopened with backoff until `stop()`. A ping goes out every
 * `pingIntervalMs`; no frame at all for three intervals drops the socket so it reopens.
 */
export class ReconnectingSocket {
  private ws: WebSocket | undefined
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private ping: ReturnType<typeof setInterval> | undefined
  private lastFrameAtMs = 0
  private stopped = true

  constructor(
    private readonly options: SocketOptions,
    private readonly events: SocketEvents,
  ) {}

  start(): void {
    this.stopped = false
    this.open()
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN
  }

  /** Sends one text frame; false when the socket is not open. */
  send(text: string): boolean {
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN) return false
    ws.send(text)
    return true
  }

  /** Closes the socket; it reopens after the backoff unless stopped. */
  drop(code = 1000, reason = ''): void {
    this.ws?.close(code, reason)
  }

  /** Closes for good. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.clearPing()
    const ws = this.ws
    this.ws = undefined
    if (ws) {
      ws.removeAllListeners()
      ws.on('error', () => {})
      ws.terminate()
    }
  }

  private open(): void {
    if (this.stopped) return
    const ws = new WebSocket(this.options.url, {
      headers: this.options.headers,
      handshakeTimeout: this.options.handshakeTimeoutMs,
      perMessageDeflate: false,
      maxPayload: 2 ** 31 - 1,
    })
    this.ws = ws
    let opened = false
    let failure: string | undefined
    ws.on('open', () => {
      opened = true
      this.attempt = 0
      this.startPing(ws)
      this.events.onOpen()
    })
    ws.on('message', (data: Buffer, isBinary) => {
      this.lastFrameAtMs = Date.now()
      if (!isBinary) this.events.onText(data.toString('utf8'))
    })
    ws.on('pong', () => {
      this.lastFrameAtMs = Date.now()
    })
    ws.on('unexpected-response', (_req, res) => {
      failure = httpRefusal(res.statusCode)
      ws.terminate()
    })
    ws.on('error', (err) => {
      failure ??= err.message
    })
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return
      this.ws = undefined
      this.clearPing()
      const text = reason.toString('utf8')
      this.events.onEnd({
        opened,
        code: opened ? code : undefined,
        reason: failure ?? (text || `closed with code ${code}`),
      })
      this.scheduleReopen()
    })
  }

  private scheduleReopen(): void {
    if (this.stopped) return
    const delay = reconnectDelayMs(this.attempt++, this.options)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.open()
    }, delay)
    this.timer.unref?.()
  }

  private startPing(ws: WebSocket): void {
    this.clearPing()
    this.lastFrameAtMs = Date.now()
    const interval = this.options.pingIntervalMs
    this.ping = setInterval(() => {
      if (Date.now() - this.lastFrameAtMs > 3 * interval) {
        this.options.logger.warn(
          'no frame from the remote engine for three ping intervals; reconnecting',
          { url: this.options.url },
        )
        ws.terminate()
        return
      }
      if (ws.readyState === WebSocket.OPEN) ws.ping()
    }, interval)
    this.ping.unref?.()
  }

  private clearPing(): void {
    if (this.ping) clearInterval(this.ping)
    this.ping = undefined
  }
}
