import WebSocket from 'ws'

/** A bare protocol client for sending exactly the frames a test needs. */
export class RawClient {
  readonly frames: Record<string, any>[] = []
  private readonly waiters: {
    match: (f: Record<string, any>) => boolean
    resolve: (f: Record<string, any>) => void
  }[] = []
  closed: { code: number; reason: string } | undefined

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return
      const frame = JSON.parse(data.toString())
      this.frames.push(frame)
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1)
          w.resolve(frame)
        }
      }
    })
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() }
    })
  }

  static connect(url: string, path = '/'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url.replace(/\/$/, '') + path, {
        perMessageDeflate: false,
        maxPayload: 256 * 1024 * 1024,
      })
      const client = new RawClient(ws)
      ws.once('open', () => resolve(client))
      ws.once('error', reject)
    })
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  /** Resolves with the first frame (already received or future) that matches. */
  next(match: (f: Record<string, any>) => boolean, timeoutMs = 5000): Promise<Record<string, any>> {
    const seen = this.frames.find(match)
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1)
      return Promise.resolve(seen)
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Record<string, any>) => {
          clearTimeout(timer)
          this.frames.splice(this.frames.indexOf(f), 1)
          resolve(f)
        },
      }
      // A waiter that timed out is dropped, so it cannot swallow a later frame.
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter)
        if (at >= 0) this.waiters.splice(at, 1)
        reject(new Error('timed out waiting for a frame'))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  /** Announces a name so registrations drain immediately. */
  announce(name: string): void {
    this.send({
      type: 'invokefunction',
      function_id: 'engine::workers::register',
      data: { name },
      action: { type: 'void' },
    })
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve())
      this.ws.close()
    })
  }
}
