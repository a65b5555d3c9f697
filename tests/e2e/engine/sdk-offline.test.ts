import { freePort, uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'

const managerOnPort = (port: number) =>
  `workers:\n  - name: iii-worker-manager\n    config: { port: ${port} }\n`

describe('iii-sdk while the engine is away', () => {
  it('queues calls made while disconnected and sends them after the reconnect; reports its connection state', async () => {
    const port = await freePort()
    let engine = await startTestEngine({ configText: managerOnPort(port), randomPorts: false })
    const url = `ws://127.0.0.1:${port}`
    const fast = { initialDelayMs: 50, maxDelayMs: 200 }
    const callee = registerWorker(url, {
      workerName: uniqueName('callee'),
      reconnectionConfig: fast,
    })
    const callerName = uniqueName('caller')
    const caller = registerWorker(url, { workerName: callerName, reconnectionConfig: fast })
    const states: string[] = []
    caller.onConnectionStateChange((s) => states.push(s))
    try {
      callee.registerFunction('offline::echo', async (d: { n: number }) => d.n + 1)
      await waitFor(() => engine.core.functions.get('default', 'offline::echo'))
      await caller.waitForConnection()
      expect(caller.getConnectionState()).toBe('connected')

      await engine.stop()
      await waitFor(() => caller.getConnectionState() !== 'connected', {
        what: 'caller noticed the engine left',
      })
      // A built-in target: it exists the moment the new engine is up, whoever reconnects first.
      const queued = caller.trigger({
        function_id: 'engine::workers::list',
        payload: {},
        timeoutMs: 20_000,
      })

      engine = await startTestEngine({ configText: managerOnPort(port), randomPorts: false })
      const { workers } = await queued
      expect(workers.map((w: { name: string }) => w.name)).toContain(callerName)
      await waitFor(() => engine.core.functions.get('default', 'offline::echo'), {
        what: 'the callee re-registered',
      })
      await expect(
        caller.trigger({ function_id: 'offline::echo', payload: { n: 41 } }),
      ).resolves.toBe(42)
      expect(caller.getConnectionState()).toBe('connected')
      expect(states).toEqual(expect.arrayContaining(['disconnected', 'reconnecting', 'connected']))
    } finally {
      await callee.shutdown()
      await caller.shutdown()
      await engine.stop()
    }
  })

  it('rejects a queued call at its own deadline when the engine does not come back', async () => {
    const port = await freePort()
    const engine = await startTestEngine({ configText: managerOnPort(port), randomPorts: false })
    const caller = registerWorker(`ws://127.0.0.1:${port}`, {
      workerName: uniqueName('lonely'),
      reconnectionConfig: { initialDelayMs: 50, maxDelayMs: 200 },
    })
    try {
      await caller.waitForConnection()
      await engine.stop()
      await waitFor(() => caller.getConnectionState() !== 'connected')
      const err = await caller
        .trigger({ function_id: 'nobody::home', payload: {}, timeoutMs: 300 })
        .catch((e) => e)
      expect(err).toMatchObject({
        code: 'TIMEOUT',
        message: 'TIMEOUT: invocation timed out after 300ms',
      })
    } finally {
      await caller.shutdown()
    }
  })
})
