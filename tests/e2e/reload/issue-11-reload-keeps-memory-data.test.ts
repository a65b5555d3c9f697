import { waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startWatchedEngine, withListener } from './support'

const config = (concurrency: number, maxValueBytes: number) =>
  withListener(
    [
      '  - name: iii-queue',
      `    config: { adapter: { name: memory }, queue_configs: { work: { concurrency: ${concurrency} } } }`,
      '  - name: iii-state',
      `    config: { adapter: { name: memory }, max_value_bytes: ${maxValueBytes} }`,
      '  - name: iii-stream',
      `    config: { port: 0, adapter: { name: memory, config: { channel_size: ${concurrency * 100} } } }`,
      '',
    ].join('\n'),
  )

/**
 * Issue 11, row 6: a config reload that changes only `queue_configs` on the memory adapter used
 * to start the queue worker afresh: 200 pending jobs became 0. The live memory stores of the
 * queue, state and stream workers now move to the restarted workers: every pending job runs,
 * state and stream items stay.
 */
describe('config reload on memory adapters', () => {
  it('keeps pending jobs and state across a reload that changes the workers', {
    timeout: 60_000,
  }, async () => {
    await using watched = await startWatchedEngine(config(2, 1000))
    const { engine } = watched
    const worker = registerWorker(engine.url, { workerName: 'reload-client' })
    const runs = new Set<number>()
    try {
      const call = (function_id: string, payload: unknown) =>
        worker.trigger({ function_id, payload, timeoutMs: 20_000 })
      for (let i = 0; i < 20; i++) {
        await call('state::set', { scope: 's', key: `k${i}`, value: i })
        await call('stream::set', { stream_name: 'st', group_id: 'g', item_id: `i${i}`, data: i })
      }
      // Jobs due in 5 s: still pending when the reload happens.
      for (let n = 0; n < 200; n++) {
        await call('engine::queue::enqueue', {
          queue: 'work',
          function_id: 'reload::job',
          data: { n },
          delay_ms: 5000,
        })
      }
      watched.write(config(8, 2000))
      await watched.waitForLog('config reloaded', 1)
      const reload = watched.records.find((r) => r.msg === 'config reloaded')
      expect(reload?.fields.changed).toEqual(
        expect.arrayContaining(['iii-queue', 'iii-state', 'iii-stream']),
      )

      worker.registerFunction('reload::job', async (d: { n: number }) => {
        runs.add(d.n)
        return null
      })
      await waitFor(() => runs.size === 200, { timeoutMs: 30_000, what: '200 jobs to run' })
      expect(await call('state::list', { scope: 's' })).toHaveLength(20)
      expect(await call('state::get', { scope: 's', key: 'k7' })).toBe(7)
      expect(await call('stream::list', { stream_name: 'st', group_id: 'g' })).toHaveLength(20)
    } finally {
      await worker.shutdown()
    }
  })
})
