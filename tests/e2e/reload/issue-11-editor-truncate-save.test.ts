import { truncateSync } from 'node:fs'
import { sleep } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startWatchedEngine, withListener } from './support'

const config = withListener('  - name: iii-state\n    config: { adapter: { name: memory } }\n')

/**
 * Issue 11, row 7: an editor empties the config file mid-save and writes it back 1.5 s later.
 * The empty file used to be applied as "no workers": all memory state was wiped and every worker
 * socket closed. An empty file is now never taken as a config: the running one stays.
 */
describe('config file emptied by an editor mid-save', () => {
  it('keeps the running config, the memory state and every worker socket', {
    timeout: 60_000,
  }, async () => {
    await using watched = await startWatchedEngine(config)
    const { engine } = watched
    const worker = registerWorker(engine.url, { workerName: 'editor-client' })
    const states: string[] = []
    worker.onConnectionStateChange((state) => states.push(state))
    try {
      const call = (function_id: string, payload: unknown) =>
        worker.trigger({ function_id, payload, timeoutMs: 20_000 })
      for (let i = 0; i < 10; i++) await call('state::set', { scope: 's', key: `k${i}`, value: i })
      const connectedBefore = states.filter((s) => s === 'connected').length

      truncateSync(watched.file, 0)
      await watched.waitForLog('config reload rejected; the running config stays', 1)
      // The scenario: the editor writes the file back 1.5 s after emptying it.
      await sleep(1500)
      watched.write(config)
      await watched.waitForLog('config reloaded', 1)

      const rejected = watched.records.find(
        (r) => r.msg === 'config reload rejected; the running config stays',
      )
      expect(rejected?.fields).toMatchObject({
        file: watched.file,
        reason: expect.stringMatching(/empty/),
      })
      const reloaded = watched.records.find((r) => r.msg === 'config reloaded')
      expect(reloaded?.fields).toMatchObject({ added: [], removed: [], changed: [] })
      expect(engine.host.names()).toContain('iii-state')
      expect(await call('state::list', { scope: 's' })).toHaveLength(10)
      expect(states.filter((s) => s === 'connected').length).toBe(connectedBefore)
      expect(states).not.toContain('disconnected')
    } finally {
      await worker.shutdown()
    }
  })
})
