import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  closeListenSocket,
  ListenError,
  listen,
  parseQuery,
  remoteAddress,
  uWS,
} from '../src/index'

describe('uws helpers', () => {
  it('listens on a free port, refuses a taken one with a clear error, and closes', async () => {
    const app = uWS.App().get('/*', (res) => {
      res.end('ok')
    })
    const { socket, port } = await listen(app, { host: '127.0.0.1', port: 0 })
    expect(port).toBeGreaterThan(0)
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
    await expect(
      listen(uWS.App(), { host: '127.0.0.1', port: port, owner: 'iii-test' }),
    ).rejects.toThrow(`iii-test cannot listen on 127.0.0.1:${port}: EADDRINUSE`)
    closeListenSocket(socket)
  })

  it('binds a fixed port exclusively: a second listener on it fails with EADDRINUSE', async () => {
    const holder = await listen(uWS.App(), { host: '127.0.0.1', port: 0 })
    closeListenSocket(holder.socket)
    // A fixed port gets SO_REUSEADDR from uWS; without the exclusive flag it also got SO_REUSEPORT.
    const first = await listen(uWS.App(), { host: '127.0.0.1', port: holder.port, owner: 'first' })
    const err = await listen(uWS.App(), {
      host: '127.0.0.1',
      port: holder.port,
      owner: 'second',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ListenError)
    expect(err).toMatchObject({
      code: 'EADDRINUSE',
      owner: 'second',
      host: '127.0.0.1',
      port: holder.port,
    })
    closeListenSocket(first.socket)
    const again = await listen(uWS.App(), { host: '127.0.0.1', port: holder.port, owner: 'again' })
    closeListenSocket(again.socket)
  })

  it('fails when another program holds the port', async () => {
    const other = createServer()
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const port = (other.address() as { port: number }).port
    await expect(
      listen(uWS.App(), { host: '127.0.0.1', port: port, owner: 'iii-x' }),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
    })
    await new Promise((resolve) => other.close(resolve))
  })

  it('shows IPv4-mapped peers as IPv4 and keeps other addresses', () => {
    const text = (s: string) => ({
      getRemoteAddressAsText: () => new TextEncoder().encode(s).buffer as ArrayBuffer,
    })
    expect(remoteAddress(text('0000:0000:0000:0000:0000:ffff:7f00:0001'))).toBe('127.0.0.1')
    expect(remoteAddress(text('::1'))).toBe('::1')
  })

  it('parses repeated query parameters', () => {
    expect(parseQuery('a=1&a=2&b=x%20y')).toEqual({ a: ['1', '2'], b: ['x y'] })
    expect(parseQuery('')).toEqual({})
  })
})
