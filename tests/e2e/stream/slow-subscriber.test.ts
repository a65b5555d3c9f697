import { uniqueName, waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { call, connectStream, connectWorker, join } from './stream-helpers'

const config = `
workers:
  - name: iii-stream
    config:
      adapter: { name: memory, config: { channel_size: 4 } }
`

describe('stream subscriber buffers', () => {
  it('disconnects a subscriber that stops reading (1013) while others keep receiving', async () => {
    const engine = await startTestEngine({ configText: config })
    const worker = await connectWorker(engine)
    const streamName = uniqueName('firehose')
    const slow = await connectStream(engine)
    const fast = await connectStream(engine)
    await join(slow, { subscriptionId: 'slow', streamName, groupId: 'g' })
    await join(fast, { subscriptionId: 'fast', streamName, groupId: 'g' })
    // Stop reading: the kernel buffers fill, then uWS, then the 4-message subscriber buffer.
    ;(slow.ws as any)._socket.pause()
    const blob = 'x'.repeat(256 * 1024)
    const tooSlow = () =>
      engine.records.some((r) => r.msg === 'stream subscriber too slow; socket closed')
    let sent = 0
    while (!tooSlow() && sent < 400) {
      await call(worker, 'stream::set', {
        stream_name: streamName,
        group_id: 'g',
        item_id: 'big',
        data: { blob, n: sent },
      })
      sent++
    }
    expect(tooSlow()).toBe(true)
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'g',
      item_id: 'last',
      data: 'done',
    })
    const last = await fast.next((f) => f.subscriptionId === 'fast' && f.id === 'last', 15_000)
    expect(last.event).toEqual({ type: 'create', data: 'done' })
    expect(fast.frames.filter((f) => f.id === 'big')).toHaveLength(sent)
    ;(slow.ws as any)._socket.resume()
    const closed = await waitFor(() => slow.closed, {
      what: 'slow socket closed',
      timeoutMs: 15_000,
    })
    expect(closed.code).toBe(1013)
    await worker.shutdown()
    await engine.stop()
  })
})
