import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { uniqueName } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

const MiB = 1024 * 1024

const config = `
workers:
  - name: iii-worker-manager
    config: { port: 0, max_frame_bytes: ${4 * MiB} }
`

/** A TCP socket that completed a WebSocket upgrade on `/`. */
async function upgraded(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.write(
    [
      'GET / HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  )
  await new Promise<void>((resolve, reject) => {
    let head = ''
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      socket.off('data', onData)
      if (head.startsWith('HTTP/1.1 101')) resolve()
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`))
    }
    socket.on('data', onData)
  })
  return socket
}

/** The header of one masked text frame announcing `length` payload bytes. */
function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14)
  header[0] = 0x81
  header[1] = 0x80 | 127
  header.writeBigUInt64BE(BigInt(length), 2)
  randomBytes(4).copy(header, 10)
  return header
}

/** Resolves when the engine ends the TCP connection; rejects after `timeoutMs`. */
function closedWithin(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve()
    const timer = setTimeout(() => reject(new Error('the engine kept the socket open')), timeoutMs)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.resume()
  })
}

describe('issue 12, row 5: an oversized frame is refused before it is buffered', () => {
  it('a frame announcing 7 MiB over a 4 MiB limit closes the socket after its header', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config })
    const port = engine.address('iii-worker-manager')?.port as number
    const good = registerWorker(engine.url, { workerName: uniqueName('good') })
    good.registerFunction('good::echo', async (x: unknown) => x)
    const probes = await Promise.all(Array.from({ length: 8 }, () => upgraded(port)))
    try {
      // Only the header and 64 KiB of the payload are sent: buffering the frame would leave
      // the socket open, waiting for the other 6.9 MiB.
      for (const socket of probes) {
        socket.write(frameHeader(7 * MiB))
        socket.write(Buffer.alloc(64 * 1024, 0x20))
      }
      await Promise.all(probes.map((socket) => closedWithin(socket, 20_000)))
      await expect(good.trigger({ function_id: 'good::echo', payload: 5 })).resolves.toBe(5)
    } finally {
      for (const socket of probes) socket.destroy()
      await good.shutdown()
    }
  })

  it('a frame just over the limit still gets close code 1009', { timeout: 60_000 }, async () => {
    await using engine = await startTestEngine({ configText: config })
    const near = await RawClient.connect(engine.url)
    near.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(4 * MiB + 1024) }))
    const closed = await new Promise<number>((resolve) => near.ws.once('close', resolve))
    expect(closed).toBe(1009)
  })
})
