import { uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'
import { call, connectStream, join } from '../stream/stream-helpers'

const MiB = 1024 * 1024
const closedMsg = 'slow reader closed (1013): outbound budget exceeded'

/** Small budgets, so the probes need only tens of MiB on loopback. */
const config = (o: { socketBytes: number; globalBytes: number }) => `
outbound_budget_bytes: ${o.globalBytes}
socket_outbound_budget_bytes: ${o.socketBytes}
workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-stream
    config: { port: 0 }
`

/** A worker whose `engine::functions::list` reply is about `kib` KiB. */
async function bulkyRegistry(engine: TestEngine, kib: number): Promise<IIIWorker> {
  const w = registerWorker(engine.url, { workerName: uniqueName('bulk') })
  const description = 'd'.repeat(1000)
  for (let i = 0; i < kib; i++) w.registerFunction(`bulk::f${i}`, async () => i, { description })
  await waitFor(() => engine.core.functions.get('default', `bulk::f${kib - 1}`) !== undefined, {
    timeoutMs: 20_000,
    what: 'the bulky registry',
  })
  return w
}

/** A raw worker socket that stops reading, then asks for `calls` large replies. */
async function slowLister(engine: TestEngine, calls: number): Promise<RawClient> {
  const c = await RawClient.connect(engine.url)
  ;(c.ws as any)._socket.pause()
  for (let i = 0; i < calls; i++)
    c.send({
      type: 'invokefunction',
      invocation_id: crypto.randomUUID(),
      function_id: 'engine::functions::list',
      data: {},
    })
  return c
}

/** Samples the budget's total while a probe runs; returns the peak. */
function peakOf(engine: TestEngine): { stop(): number } {
  let peak = 0
  const timer = setInterval(() => {
    peak = Math.max(peak, engine.core.outbound.totalBytes)
  }, 5)
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, engine.core.outbound.totalBytes)
    },
  }
}

/** Drops a raw client whatever state its paused socket is in. */
function drop(c: RawClient): void {
  ;(c.ws as any)._socket?.resume()
  c.ws.terminate()
}

const shed = (engine: TestEngine) => engine.records.filter((r) => r.msg === closedMsg)

describe('issue 12, rows 3 and 4: outbound byte budgets close the slowest reader, never the engine', () => {
  it('row 3: sockets that never read big replies are closed with 1013 per socket; others keep answering', {
    timeout: 120_000,
  }, async () => {
    await using engine = await startTestEngine({
      configText: config({ socketBytes: 2 * MiB, globalBytes: 64 * MiB }),
    })
    const bulk = await bulkyRegistry(engine, 300)
    const good = registerWorker(engine.url, { workerName: uniqueName('good') })
    good.registerFunction('good::echo', async (x: unknown) => x)
    const peak = peakOf(engine)
    const slow = await Promise.all(Array.from({ length: 4 }, () => slowLister(engine, 60)))
    try {
      await waitFor(() => shed(engine).length >= 4, {
        timeoutMs: 60_000,
        what: 'each slow reader closed by its socket budget',
      })
      // The slow clients read again at once, so they get the close frame behind their backlog.
      for (const c of slow) (c.ws as any)._socket.resume()
      for (const r of shed(engine)) expect(String(r.fields.reason)).toMatch(/on this socket/)
      // Never more unread than the budgets allow (one frame of slack per socket).
      expect(peak.stop()).toBeLessThanOrEqual(4 * (2 * MiB + MiB))
      await expect(good.trigger({ function_id: 'good::echo', payload: 7 })).resolves.toBe(7)
      // The engine let go of every slow reader: only the bulk and the good worker remain.
      await waitFor(() => engine.core.sessions.size === 2, {
        timeoutMs: 30_000,
        what: 'the slow readers disconnected',
      })
      for (const c of slow)
        await waitFor(() => c.closed, { timeoutMs: 30_000, what: 'the slow socket closed' })
      // The close frame (1013) waits behind the unread backlog; uWS drops a closing socket whose
      // peer does not read it within a few seconds, which the peer sees as 1006.
      for (const c of slow) expect([1013, 1006]).toContain(c.closed?.code)
      expect(engine.core.outbound.totalBytes).toBe(0)
    } finally {
      for (const c of slow) drop(c)
      await good.shutdown()
      await bulk.shutdown()
    }
  })

  it('row 3: when all sockets together pass the global budget, the slowest reader goes first', {
    timeout: 120_000,
  }, async () => {
    await using engine = await startTestEngine({
      configText: config({ socketBytes: 64 * MiB, globalBytes: 6 * MiB }),
    })
    const bulk = await bulkyRegistry(engine, 300)
    const peak = peakOf(engine)
    // The first reader settles below the global budget; the second pushes the total over it.
    const first = await slowLister(engine, 14)
    await waitFor(() => engine.core.outbound.totalBytes > 0, {
      timeoutMs: 30_000,
      what: 'the first slow reader holding unread bytes',
    })
    const second = await slowLister(engine, 60)
    try {
      await waitFor(() => shed(engine).length >= 1, {
        timeoutMs: 60_000,
        what: 'a slow reader closed by the global budget',
      })
      const [record] = shed(engine)
      expect(String(record?.fields.reason)).toMatch(/engine-wide/)
      expect(Number(record?.fields.unread_bytes)).toBeGreaterThan(0)
      expect(engine.core.sessions.size).toBeGreaterThanOrEqual(2)
      expect(peak.stop()).toBeLessThanOrEqual(6 * MiB + MiB)
      const alive = registerWorker(engine.url, { workerName: uniqueName('alive') })
      alive.registerFunction('alive::ping', async () => 'pong')
      await expect(alive.trigger({ function_id: 'alive::ping', payload: {} })).resolves.toBe('pong')
      await alive.shutdown()
    } finally {
      drop(first)
      drop(second)
      await bulk.shutdown()
    }
  })

  it('row 4: stream sockets that never read their sync replies are closed by bytes, not frame counts', {
    timeout: 120_000,
  }, async () => {
    await using engine = await startTestEngine({
      configText: config({ socketBytes: 2 * MiB, globalBytes: 64 * MiB }),
    })
    const worker = registerWorker(engine.url, { workerName: uniqueName('writer') })
    const streamName = uniqueName('big')
    const blob = 'x'.repeat(64 * 1024)
    for (let i = 0; i < 16; i++)
      await call(worker, 'stream::set', {
        stream_name: streamName,
        group_id: 'g',
        item_id: `i${i}`,
        data: { blob },
      })
    const peak = peakOf(engine)
    const readers = await Promise.all(Array.from({ length: 3 }, () => connectStream(engine)))
    const watcher = await connectStream(engine)
    try {
      for (const r of readers) {
        ;(r.ws as any)._socket.pause()
        // Each sync reply is about 1 MiB: 200 of them are far more than the socket budget.
        for (let i = 0; i < 200; i++)
          r.send({ type: 'join', data: { subscriptionId: `s${i}`, streamName, groupId: 'g' } })
      }
      await waitFor(() => shed(engine).length >= 3, {
        timeoutMs: 60_000,
        what: 'each stream reader closed by its byte budget',
      })
      for (const r of readers) (r.ws as any)._socket.resume()
      expect(peak.stop()).toBeLessThanOrEqual(3 * (2 * MiB + 2 * MiB))
      // A reader that keeps up still joins and syncs.
      const sync = await join(watcher, { subscriptionId: 'w', streamName, groupId: 'g' })
      expect(sync.event.type).toBe('sync')
      expect(sync.event.data).toHaveLength(16)
      for (const r of readers)
        await waitFor(() => r.closed, { timeoutMs: 30_000, what: 'the stream reader closed' })
      for (const r of readers) expect([1013, 1006]).toContain(r.closed?.code)
    } finally {
      for (const r of readers) drop(r)
      await watcher.close()
      await worker.shutdown()
    }
  })
})
