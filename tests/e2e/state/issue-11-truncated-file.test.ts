import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { connect, stateOnly } from './support'

const root = mkdtempSync(join(tmpdir(), 'iii-state-truncated-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const adapter = (dir: string) => `{ adapter: { name: file, config: { file_path: "${dir}" } } }`
/** A scope file of the layout before the log: `<sha256(scope) prefix>.json`. */
const scopeFile = (dir: string, scope: string) =>
  join(dir, `${createHash('sha256').update(scope).digest('hex').slice(0, 40)}.json`)

/**
 * Issue 11, row 4: one scope file truncated to 0 bytes made the engine refuse to start ("… is not
 * valid JSON"): every worker was down because of one scope. A corrupt or emptied file is now
 * quarantined (`<name>.corrupt-<timestamp>`), an error names it, and the engine starts with
 * everything that is readable.
 */
describe('state file adapter: a file truncated to 0 bytes', () => {
  it('an emptied scope file is quarantined; the engine starts and the other scopes load', async () => {
    const dir = join(root, 'scopes')
    mkdirSync(dir, { recursive: true })
    writeFileSync(scopeFile(dir, 'broken'), '')
    writeFileSync(scopeFile(dir, 'fine'), JSON.stringify({ scope: 'fine', values: { k: 1 } }))
    await using engine = await startTestEngine({ configText: stateOnly(adapter(dir)) })
    const c = connect(engine)
    try {
      expect(await c.call('state::get', { scope: 'fine', key: 'k' })).toBe(1)
      expect(await c.call('state::list', { scope: 'broken' })).toEqual([])
      expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1)
      const error = engine.records.find(
        (r) => r.level === 'error' && r.fields.file === scopeFile(dir, 'broken'),
      )
      expect(error?.fields.quarantined_as).toMatch(/\.corrupt-/)
      await c.call('state::set', { scope: 'broken', key: 'again', value: true })
    } finally {
      await c.worker.shutdown()
    }
  })

  it('an emptied state.log is quarantined; the engine starts and takes writes', async () => {
    const dir = join(root, 'log')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'state.log'), '')
    await using engine = await startTestEngine({ configText: stateOnly(adapter(dir)) })
    const c = connect(engine)
    try {
      await c.call('state::set', { scope: 's', key: 'k', value: 'v' })
      expect(await c.call('state::get', { scope: 's', key: 'k' })).toBe('v')
      expect(readdirSync(dir).filter((f) => f.startsWith('state.log.corrupt-'))).toHaveLength(1)
      expect(
        engine.records.some((r) => r.level === 'error' && r.fields.file === join(dir, 'state.log')),
      ).toBe(true)
    } finally {
      await c.worker.shutdown()
    }
  })
})
