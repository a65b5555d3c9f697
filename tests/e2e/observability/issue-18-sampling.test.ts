import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'

type Span = { trace_id: string; attributes: Record<string, unknown> }

const config = (sampling: string) => `
workers:
  - name: iii-observability
    config:
      sampling: ${sampling}
`

describe('issue 18: sampling rules and rate limit are evaluated', () => {
  it('the first matching rule decides: rate 0 drops, rate 1 keeps', async () => {
    await using engine = await startTestEngine({
      configText: config(
        "{default: 0, rules: [{operation: 'drop_me::*', rate: 0}, {operation: 'keep_me::*', rate: 1}, {operation: '*', rate: 0}]}",
      ),
    })
    const w = registerWorker(engine.url, { workerName: uniqueName('sampling') })
    try {
      w.registerFunction('drop_me::f', async () => 1)
      w.registerFunction('keep_me::f', async () => 2)
      w.registerFunction('other::f', async () => 3)
      await waitFor(() => engine.core.functions.get('default', 'other::f'))
      for (let i = 0; i < 5; i++) {
        await w.trigger({ function_id: 'drop_me::f', payload: {} })
        await w.trigger({ function_id: 'keep_me::f', payload: {} })
        await w.trigger({ function_id: 'other::f', payload: {} })
      }
      const ids = await waitFor(async () => {
        const { spans } = await w.trigger<unknown, { spans: Span[] }>({
          function_id: 'engine::traces::list',
          payload: { limit: 1000 },
        })
        const fns = spans.map((s) => s.attributes['iii.function.id'])
        return fns.filter((f) => f === 'keep_me::f').length >= 5 ? fns : undefined
      })
      expect(ids.filter((f) => f === 'keep_me::f')).toHaveLength(5)
      expect(ids).not.toContain('drop_me::f')
      expect(ids).not.toContain('other::f')
    } finally {
      await w.shutdown()
    }
  })

  it('rate_limit caps the sampled traces per second', async () => {
    await using engine = await startTestEngine({
      configText: config('{default: 1, rate_limit: {max_traces_per_second: 2}}'),
    })
    const w = registerWorker(engine.url, { workerName: uniqueName('rate') })
    try {
      const id = `${uniqueName('rl').replace(/-/g, '_')}::f`
      w.registerFunction(id, async () => null)
      await waitFor(() => engine.core.functions.get('default', id))
      const started = Date.now()
      await Promise.all(
        Array.from({ length: 30 }, () => w.trigger({ function_id: id, payload: {} })),
      )
      const elapsedS = (Date.now() - started) / 1000
      const { spans } = await w.trigger<unknown, { spans: Span[] }>({
        function_id: 'engine::traces::list',
        payload: { limit: 1000 },
      })
      const traces = new Set(
        spans.filter((s) => s.attributes['iii.function.id'] === id).map((s) => s.trace_id),
      )
      // A burst of 2, then 2 a second: never all 30 unless the calls took 14 s.
      expect(traces.size).toBeGreaterThanOrEqual(1)
      expect(traces.size).toBeLessThanOrEqual(2 + Math.ceil(elapsedS * 2))
      if (elapsedS < 10) expect(traces.size).toBeLessThan(30)
    } finally {
      await w.shutdown()
    }
  })
})
