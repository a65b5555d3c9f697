import { describe, expect, it } from 'vitest'
import { closeListenSocket, listen, parseQuery, remoteAddress, uWS } from '../src/index'

describe('uws helpers', () => {
  it('listens on a free port, refuses a taken one with a clear error, and closes', async () => {
    const app = uWS.App().get('/*', (res) => {
      res.end('ok')
    })
    const { socket, port } = await listen(app, '127.0.0.1', 0)
    expect(port).toBeGreaterThan(0)
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
    await expect(listen(uWS.App(), '127.0.0.1', port, 'iii-test')).rejects.toThrow(`iii-test cannot listen on 127.0.0.1:${port}`)
    closeListenSocket(socket)
  })

  it('shows IPv4-mapped peers as IPv4 and keeps other addresses', () => {
    const text = (s: string) => ({ getRemoteAddressAsText: () => new TextEncoder().encode(s).buffer as ArrayBuffer })
    expect(remoteAddress(text('0000:0000:0000:0000:0000:ffff:7f00:0001'))).toBe('127.0.0.1')
    expect(remoteAddress(text('::1'))).toBe('::1')
  })

  it('parses repeated query parameters', () => {
    expect(parseQuery('a=1&a=2&b=x%20y')).toEqual({ a: ['1', '2'], b: ['x y'] })
    expect(parseQuery('')).toEqual({})
  })
})
