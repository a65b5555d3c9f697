import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { connect, stateOnly } from './support'

const directory = mkdtempSync(join(tmpdir(), 'iii-state-e2e-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

// An hour between compactions: every write must already be in the log when it is acknowledged.
const fileAdapter = `{ adapter: { name: file, config: { file_path: "${directory}", save_interval_ms: 3600000 } } }`
const kvSpelling = `{ adapter: { name: kv, config: { store_method: file_based, file_path: "${directory}" } } }`

describe('state file adapter', () => {
  it('keeps every acknowledged write across an engine restart', async () => {
    const first = await startTestEngine({ configText: stateOnly(fileAdapter) })
    const a = connect(first)
    await a.call('state::set', { scope: 'users', key: 'u1', value: { name: 'Ada', tags: [] } })
    await a.call('state::set', { scope: 'users', key: 'u2', value: { name: 'Grace' } })
    await a.call('state::update', {
      scope: 'counters',
      key: 'visits',
      ops: [{ type: 'increment', path: 'n', by: 41 }],
    })
    await a.call('state::update', {
      scope: 'counters',
      key: 'visits',
      ops: [{ type: 'increment', path: 'n', by: 1 }],
    })
    await a.call('state::set', { scope: 'gone', key: 'k', value: 1 })
    await a.call('state::delete', { scope: 'gone', key: 'k' })
    expect(readdirSync(directory).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(readdirSync(directory)).toContain('state.log')
    await a.worker.shutdown()
    await first.stop()

    // The reference engine's spelling of the same adapter reads the same directory.
    const second = await startTestEngine({ configText: stateOnly(kvSpelling) })
    const b = connect(second)
    try {
      expect(await b.call('state::get', { scope: 'users', key: 'u1' })).toEqual({
        name: 'Ada',
        tags: [],
      })
      expect(await b.call('state::get', { scope: 'counters', key: 'visits' })).toEqual({ n: 42 })
      expect(await b.call('state::list', { scope: 'users' })).toEqual(
        expect.arrayContaining([{ name: 'Ada', tags: [] }, { name: 'Grace' }]),
      )
      expect(await b.call('state::list_groups', {})).toEqual({ groups: ['counters', 'users'] })
    } finally {
      await b.worker.shutdown()
      await second.stop()
    }
  })
})
