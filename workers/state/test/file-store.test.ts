import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { FileStateStore } from '../src/index'
import { describeStateStore } from './store-contract'

const dirs: string[] = []
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'iii-state-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describeStateStore('file', () => FileStateStore.open({ directory: freshDir(), saveIntervalMs: 5000 }))

describe('file state store', () => {
  it('keeps every value across close and reopen', async () => {
    const directory = freshDir()
    const first = await FileStateStore.open({ directory, saveIntervalMs: 3_600_000 })
    await first.set('users', 'u1', { name: 'a', tags: [] })
    await first.set('../escape/scope', 'k', JSON.parse('{"__proto__":{"x":1}}'))
    await first.update('counters', 'c', [{ type: 'increment', path: 'n', by: 5 }])
    await first.close()
    const second = await FileStateStore.open({ directory, saveIntervalMs: 3_600_000 })
    expect(await second.get('users', 'u1')).toEqual({ name: 'a', tags: [] })
    expect(JSON.stringify(await second.get('../escape/scope', 'k'))).toBe('{"__proto__":{"x":1}}')
    expect(await second.get('counters', 'c')).toEqual({ n: 5 })
    expect(await second.listGroups()).toEqual(['../escape/scope', 'counters', 'users'])
    await second.close()
    expect(readdirSync(directory).every((name) => /^[0-9a-f]{40}\.json$/.test(name))).toBe(true)
  })

  it('flushes every save interval without a close', async () => {
    const directory = freshDir()
    const store = await FileStateStore.open({ directory, saveIntervalMs: 100 })
    await store.set('s', 'k', 1)
    await waitFor(() => readdirSync(directory).length === 1, { what: 'the scope file' })
    await store.delete('s', 'k')
    await waitFor(() => readdirSync(directory).length === 0, { what: 'the emptied scope file to go' })
    await store.close()
  })

  it('refuses writes after close', async () => {
    const store = await FileStateStore.open({ directory: freshDir(), saveIntervalMs: 5000 })
    await store.close()
    await expect(store.set('s', 'k', 1)).rejects.toThrow(/closed/)
  })

  it('refuses to open a directory holding a broken state file', async () => {
    const directory = freshDir()
    writeFileSync(join(directory, 'broken.json'), '{not json')
    await expect(FileStateStore.open({ directory, saveIntervalMs: 5000 })).rejects.toThrow(/broken\.json is not valid JSON/)
    writeFileSync(join(directory, 'broken.json'), '[1,2]')
    await expect(FileStateStore.open({ directory, saveIntervalMs: 5000 })).rejects.toThrow(/is not a state file/)
  })

  it('ignores temp files left by a crash mid-write', async () => {
    const directory = freshDir()
    writeFileSync(join(directory, 'abc.json.123.tmp'), '{half')
    const store = await FileStateStore.open({ directory, saveIntervalMs: 5000 })
    expect(await store.listGroups()).toEqual([])
    await store.close()
  })
})
