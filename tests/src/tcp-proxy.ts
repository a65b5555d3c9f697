import { connect, createServer, type Server, type Socket } from 'node:net'

/** A loopback TCP proxy whose connections the test can cut at will. */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>()
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined
    const server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1')
      client.setNoDelay(true)
      upstream.setNoDelay(true)
      const pair: [Socket, Socket] = [client, upstream]
      proxy?.pairs.add(pair)
      const drop = () => {
        proxy?.pairs.delete(pair)
        client.destroy()
        upstream.destroy()
      }
      client.on('error', drop).on('close', drop)
      upstream.on('error', drop).on('close', drop)
      client.pipe(upstream)
      upstream.pipe(client)
    })
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    )
    proxy = new TcpProxy(server, port)
    return proxy
  }

  get connections(): number {
    return this.pairs.size
  }

  /** Cuts every proxied connection at once, both directions. */
  cutAll(): number {
    const n = this.pairs.size
    for (const [a, b] of [...this.pairs]) {
      a.destroy()
      b.destroy()
    }
    this.pairs.clear()
    return n
  }

  /**
   * Requests still reach the target but its answers are dropped: the target acts on what the
   * client sent, and the client never hears back.
   */
  dropReplies(): void {
    for (const [client, upstream] of this.pairs) {
      upstream.unpipe(client)
      upstream.removeAllListeners('data')
      upstream.on('data', () => {})
    }
  }

  /** Stops listening: connecting is refused, as when the target is down. */
  refuse(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  /** Listens again on the same port. */
  accept(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', () => resolve()))
  }

  close(): Promise<void> {
    this.cutAll()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
