import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { connect, stateOnly } from './support'

const directory = mkdtempSync(join(tmpdir(), 'iii-state-deep-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))
const fileAdapter = `{ adapter: { name: file, config: { file_path: "${directory}" } } }`

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf'
  for (let i = 0; i < depth; i++) v = { v }
  return v
}

/**
 * Issue 11, row 3: a value nested 3,000 levels deep was accepted by `state::set`; then every
 * flush of its scope failed and 0 of 50 later writes to the scope survived a graceful stop. The
 * value is now refused when it is set, naming the limit, and the scope's other writes persist.
 */
describe('state file adapter: a value nested 3,000 levels deep', () => {
  it('is refused at set time with the limit; the later writes to its scope survive a restart', {
    timeout: 60_000,
  }, async () => {
    const first = await startTestEngine({ configText: stateOnly(fileAdapter) })
    const a = connect(first)
    const err = await a.fail('state::set', { scope: 'deep', key: 'bad', value: nested(3000) })
    expect(err.code).toBe('VALUE_TOO_DEEP')
    expect(err.message).toMatch(/512/)
    const update = await a.fail('state::update', {
      scope: 'deep',
      key: 'bad2',
      ops: [{ type: 'set', path: 'x', value: nested(3000) }],
    })
    expect(update.code).toBe('VALUE_TOO_DEEP')
    for (let i = 0; i < 50; i++)
      await a.call('state::set', { scope: 'deep', key: `k${i}`, value: i })
    await a.worker.shutdown()
    await first.stop()

    const second = await startTestEngine({ configText: stateOnly(fileAdapter) })
    const b = connect(second)
    try {
      const values = await b.call<number[]>('state::list', { scope: 'deep' })
      expect(values.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    } finally {
      await b.worker.shutdown()
      await second.stop()
    }
  })
})
