import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createFetchServer } from '../src/server/node-adapter'

/** Node's own record of `setNoDelay` on a socket (the state it last applied to the handle). */
const noDelayOf = (socket: Socket): unknown => {
  const key = Object.getOwnPropertySymbols(socket).find((s) => String(s) === 'Symbol(kSetNoDelay)')
  return key === undefined ? undefined : (socket as unknown as Record<symbol, unknown>)[key]
}

/** PROTOCOL.md §15 entry 6: no latency cliff at concurrency > 1, because no socket waits on Nagle. */
describe('http server sockets', () => {
  it('accept every connection with TCP_NODELAY set', async () => {
    const { server, closeAll } = createFetchServer({
      fetch: () => new Response('ok'),
      fallback: () => new Response('fallback', { status: 500 }),
      refuse: (status, message) => new Response(message, { status }),
      onError: (err) => {
        throw err
      },
      methods: new Set(['GET']),
      maxHeaderBytes: 16 * 1024,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
    })
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`)
      expect(await res.text()).toBe('ok')
      expect(noDelayOf(await accepted)).toBe(true)
    } finally {
      closeAll()
    }
  })
})
