type Listener = (message: LiveMessage) => void

export interface LiveMessage {
  type: 'data' | 'append' | 'error'
  id?: string
  ok?: boolean
  result?: unknown
  error?: { code: string; message: string }
  records?: unknown[]
  code?: string
  message?: string
}

interface Subscription {
  function_id: string
  payload: Record<string, unknown>
  mode: 'poll' | 'tail'
  listener: Listener
}

/**
 * The page's one WebSocket to the console server. Subscriptions survive reconnects: each is sent
 * again when the socket opens.
 */
class LiveSocket {
  private socket: WebSocket | undefined
  private readonly subs = new Map<string, Subscription>()
  private next = 0
  private retryMs = 250

  subscribe(sub: Subscription): () => void {
    const id = `s${++this.next}`
    this.subs.set(id, sub)
    this.send({
      type: 'sub',
      id,
      function_id: sub.function_id,
      payload: sub.payload,
      mode: sub.mode,
    })
    return () => {
      this.subs.delete(id)
      this.send({ type: 'unsub', id })
    }
  }

  private send(message: object): void {
    const socket = this.open()
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }

  private open(): WebSocket {
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return this.socket
    const url = new URL('/api/live', location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(url)
    this.socket = socket
    socket.onopen = () => {
      this.retryMs = 250
      for (const [id, s] of this.subs)
        socket.send(
          JSON.stringify({
            type: 'sub',
            id,
            function_id: s.function_id,
            payload: s.payload,
            mode: s.mode,
          }),
        )
    }
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as LiveMessage
      if (message.id) this.subs.get(message.id)?.listener(message)
    }
    socket.onclose = () => {
      if (this.socket !== socket) return
      this.socket = undefined
      if (this.subs.size > 0) setTimeout(() => this.open(), this.retryMs)
      this.retryMs = Math.min(this.retryMs * 2, 5000)
    }
    return socket
  }
}

export const liveSocket = new LiveSocket()
