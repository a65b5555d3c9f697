import WebSocket from 'ws'
import { type ReconnectionConfig, sdkDefaults } from './constants'
import type { SdkLogger } from './logger'

export type ConnectionState =
  | 'disconnected'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'failed'

export interface ConnectionEvents {
  onOpen(): void
  onFrame(text: string): void
  onStateChange(state: ConnectionState): void
}

export interface ConnectionOptions {
  url: string
  headers?: Record<string, string>
  reconnection: ReconnectionConfig
  logger: SdkLogger
}

/**
 * One WebSocket to the engine with reconnect backoff (min(initial × m^attempt, max) ± jitter),
 * a ping every 20 s and a forced reconnect after 60 s without any inbound frame.
 */
export class Connection {
  private ws: WebSocket | undefined
  private attempt = 0
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined
  private pingTimer: ReturnType<typeof setInterval> | undefined
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  private stopped = false
  private warned = false
  state: ConnectionState = 'disconnected'
  /** Why the last attempt failed (`ECONNREFUSED 127.0.0.1:49134`), until the next open. */
  lastFailure: string | undefined

  constructor(
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    this.stopped = false
    this.open()
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN
  }

  /** Sends one text frame if open; false otherwise. */
  send(text: string): boolean {
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN) return false
    ws.send(text, (err) => {
      if (err) this.options.logger.debug('send failed', { err: err.message })
    })
    return true
  }

  /** Sends one binary frame (telemetry) if open; false otherwise. */
  sendBinary(data: Buffer): boolean {
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN) return false
    ws.send(data, { binary: true }, (err) => {
      if (err) this.options.logger.debug('send failed', { err: err.message })
    })
    return true
  }

  /** Stops for good: no reconnect. */
  stop(finalState: ConnectionState = 'disconnected'): void {
    this.stopped = true
    this.clearTimers()
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = undefined
    const ws = this.ws
    this.ws = undefined
    if (ws) {
      ws.removeAllListeners()
      ws.on('error', () => {})
      ws.close()
    }
    this.setState(finalState)
  }

  /** Drops the socket so the reconnect logic runs (used by tests and the idle watchdog). */
  drop(): void {
    this.ws?.terminate()
  }

  private open(): void {
    if (this.stopped) return
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting')
    const ws = new WebSocket(this.options.url, {
      headers: this.options.headers,
      handshakeTimeout: sdkDefaults.handshakeTimeoutMs,
      perMessageDeflate: false,
    })
    this.ws = ws
    ws.on('open', () => {
      if (this.warned) this.options.logger.warn(`connected to ${this.options.url}`)
      this.warned = false
      this.lastFailure = undefined
      this.attempt = 0
      this.setState('connected')
      this.startHeartbeat(ws)
      this.events.onOpen()
    })
    ws.on('message', (data: Buffer, isBinary) => {
      this.touch()
      if (!isBinary) this.events.onFrame(data.toString('utf8'))
    })
    ws.on('ping', () => this.touch())
    ws.on('pong', () => this.touch())
    ws.on('error', (err) => this.onError(err))
    ws.on('close', () => {
      if (this.ws !== ws) return
      this.ws = undefined
      this.clearTimers()
      if (this.stopped) return
      this.setState('disconnected')
      this.scheduleReconnect()
    })
  }

  /** The first failure of an outage is a warning with its reason; the retries are debug. */
  private onError(err: NodeJS.ErrnoException & { address?: string; port?: number }): void {
    const where = err.address !== undefined ? ` ${err.address}:${err.port}` : ''
    this.lastFailure = err.code ? `${err.code}${where}` : err.message
    if (this.warned || this.state === 'connected') {
      this.options.logger.debug('socket error', { err: err.message })
      return
    }
    this.warned = true
    const hint = err.code === 'ECONNREFUSED' ? ' — is the engine running?' : ''
    this.options.logger.warn(
      `cannot connect to ${this.options.url}: ${this.lastFailure}${hint} (retrying in the background)`,
    )
  }

  private scheduleReconnect(): void {
    const r = this.options.reconnection
    if (r.maxRetries !== -1 && this.attempt >= r.maxRetries) {
      this.options.logger.error('giving up reconnecting', { attempts: this.attempt })
      this.stopped = true
      this.setState('failed')
      return
    }
    const base = Math.min(r.initialDelayMs * r.backoffMultiplier ** this.attempt, r.maxDelayMs)
    const delay = Math.max(0, Math.round(base + base * r.jitterFactor * (2 * Math.random() - 1)))
    this.attempt++
    this.setState('reconnecting')
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined
      this.open()
    }, delay)
  }

  private startHeartbeat(ws: WebSocket): void {
    this.clearTimers()
    this.pingTimer = setInterval(() => {
      if (ws.readyState === WebSocket.OPEN) ws.ping()
    }, sdkDefaults.pingIntervalMs)
    this.pingTimer.unref?.()
    this.touch()
  }

  private touch(): void {
    if (this.idleTimer) {
      this.idleTimer.refresh()
      return
    }
    this.idleTimer = setTimeout(() => {
      this.options.logger.warn('no frame from the engine for 60 s; reconnecting')
      this.ws?.terminate()
    }, sdkDefaults.idleTimeoutMs)
    this.idleTimer.unref?.()
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer)
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.pingTimer = undefined
    this.idleTimer = undefined
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return
    this.state = state
    this.events.onStateChange(state)
  }
}
