import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'

describe('extension slots on a running engine', () => {
  it('the built-in workers provide their slots, and a stopped worker leaves them empty', async () => {
    await using engine = await startTestEngine()
    const owners = Object.fromEntries(
      engine.core.slots.list().map(({ slot, owner }) => [slot, owner]),
    )
    expect(owners).toEqual({
      builtinConfigs: 'iii-engine',
      httpInvoker: 'iii-http-functions',
      httpFunctions: 'iii-http-functions',
      tracer: 'iii-observability',
      invocationObserver: 'iii-observability',
      telemetrySink: 'iii-observability',
    })
    await engine.host.stop('iii-observability')
    expect(engine.core.slots.list().map((p) => p.owner)).not.toContain('iii-observability')
    await engine.host.stop('iii-http-functions')
    expect(engine.core.slots.list()).toEqual([{ slot: 'builtinConfigs', owner: 'iii-engine' }])
  })

  it('engine::health::check counts connected workers through ctx.stats()', async () => {
    await using engine = await startTestEngine()
    const worker = registerWorker(engine.url, { workerName: 'stats-probe' })
    let release: () => void = () => {}
    let started: () => void = () => {}
    const running = new Promise<void>((resolve) => {
      started = resolve
    })
    worker.registerFunction('stats::hold', async () => {
      started()
      await new Promise<void>((resolve) => {
        release = resolve
      })
      return null
    })
    try {
      const held = worker.trigger({ function_id: 'stats::hold', payload: {} })
      await running
      const health = (await worker.trigger({
        function_id: 'engine::health::check',
        payload: {},
      })) as {
        components: { workers: { connected: number }; invocations: { in_flight: number } }
        version: string
      }
      expect(health.components.workers.connected).toBe(1)
      // The held call to the worker is in flight; calls to built-ins are not tracked.
      expect(health.components.invocations.in_flight).toBe(1)
      expect(health.version).toBe(engine.version)
      release()
      await held
    } finally {
      await worker.shutdown()
    }
  })
})
