import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

describeStateStore('file', () =>
  FileStateStore.open({ directory: freshDir(), saveIntervalMs: 5000 }),
)

const deep = (levels: number): unknown => {
  let v: unknown = 1
  for (let i = 0; i < levels; i++) v = { a: v }
  return v
}

describe('file state store', () => {
  it('keeps every value across close and reopen', async () => {
    const directory = freshDir()
    const first = await FileStateStore.open({ directory, saveIntervalMs: 3_600_000 })
    await first.set('users', 'u1', { name: 'a', tags: [] })
    await first.set('../escape/scope', 'k', JSON.parse('{"__proto__":{"x":1}}'))
    await first.update('counters', 'c', { ops: [{ type: 'increment', path: 'n', by: 5 }] })
    await first.set('gone', 'k', 1)
    await first.delete('gone', 'k')
    await first.close()
    const second = await FileStateStore.open({ directory, saveIntervalMs: 3_600_000 })
    expect(await second.get('users', 'u1')).toEqual({ name: 'a', tags: [] })
    expect(JSON.stringify(await second.get('../escape/scope', 'k'))).toBe('{"__proto__":{"x":1}}')
    expect(await second.get('counters', 'c')).toEqual({ n: 5 })
    expect(await second.listGroups()).toEqual(['../escape/scope', 'counters', 'users'])
    await second.close()
    expect(readdirSync(directory)).toEqual(['state.log'])
  })

  it('has every acknowledged write in the log without a close (nothing waits for a timer)', async () => {
    const directory = freshDir()
    const store = await FileStateStore.open({ directory, saveIntervalMs: 3_600_000 })
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set('s', `k${i}`, i)))
    // Read the file behind the store's back, as a restart after kill -9 would.
    const copy = freshDir()
    writeFileSync(join(copy, 'state.log'), readFileSync(join(directory, 'state.log')))
    const reopened = await FileStateStore.open({ directory: copy, saveIntervalMs: 3_600_000 })
    expect((await reopened.list('s')).length).toBe(50)
    await reopened.close()
    await store.close()
  })

  it('compacts the log instead of rewriting a scope per change', async () => {
    const directory = freshDir()
    const store = await FileStateStore.open({
      directory,
      saveIntervalMs: 100,
      compactMinRecords: 100,
    })
    for (let round = 0; round < 20; round++)
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.set('s', `k${i}`, round)))
    await store.close()
    const lines = readFileSync(join(directory, 'state.log'), 'utf8').trim().split('\n')
    // 400 changes of 20 keys: at least one compaction (the first may run at once) cut the log.
    expect(lines.length).toBeLessThan(400)
    const reopened = await FileStateStore.open({ directory, saveIntervalMs: 100 })
    expect(await reopened.get('s', 'k7')).toBe(19)
    await reopened.close()
  })

  it('refuses writes after close', async () => {
    const store = await FileStateStore.open({ directory: freshDir(), saveIntervalMs: 5000 })
    await store.close()
    await expect(store.set('s', 'k', 1)).rejects.toThrow(/closed/)
  })

  it('refuses a value nested past the limit at set and update time, naming the limit', async () => {
    const store = await FileStateStore.open({ directory: freshDir(), saveIntervalMs: 5000 })
    await expect(store.set('s', 'k', deep(3000))).rejects.toMatchObject({
      code: 'VALUE_TOO_DEEP',
      message: /512 levels/,
    })
    await store.set('s', 'k', deep(500))
    await expect(
      store.update('s', 'k', { ops: [{ type: 'set', path: 'b', value: deep(600) }] }),
    ).rejects.toMatchObject({ code: 'VALUE_TOO_DEEP' })
    expect(await store.get('s', 'k')).toEqual(deep(500))
    await store.close()
  })

  it('quarantines a corrupt older scope file and loads the others (row 4)', async () => {
    const directory = freshDir()
    writeFileSync(
      join(directory, `${'a'.repeat(40)}.json`),
      JSON.stringify({ scope: 'good', values: { k: 1 } }),
    )
    writeFileSync(join(directory, `${'b'.repeat(40)}.json`), '')
    const store = await FileStateStore.open({ directory, saveIntervalMs: 5000 })
    expect(await store.get('good', 'k')).toBe(1)
    await store.close()
    const names = readdirSync(directory)
    expect(names.some((n) => n.startsWith(`${'b'.repeat(40)}.json.corrupt-`))).toBe(true)
    expect(names).toContain('state.log')
    expect(names).not.toContain(`${'a'.repeat(40)}.json`)
  })

  it('drops a torn last record, and replays past a bad record in the middle after quarantining the file', async () => {
    const directory = freshDir()
    const store = await FileStateStore.open({ directory, saveIntervalMs: 5000 })
    for (let i = 0; i < 5; i++) await store.set('s', `k${i}`, i)
    await store.close()
    const file = join(directory, 'state.log')
    const lines = readFileSync(file, 'utf8').split('\n')
    lines[2] = '{garbage'
    writeFileSync(file, `${lines.join('\n')}{"s":"s","k":"torn"`)
    const reopened = await FileStateStore.open({ directory, saveIntervalMs: 5000 })
    expect(await reopened.get('s', 'k0')).toBe(0)
    expect(await reopened.get('s', 'k1')).toBeUndefined()
    expect(await reopened.get('s', 'k4')).toBe(4)
    await reopened.set('s', 'after', true)
    await reopened.close()
    expect(readdirSync(directory).some((n) => n.startsWith('state.log.corrupt-'))).toBe(true)
    const again = await FileStateStore.open({ directory, saveIntervalMs: 5000 })
    expect(await again.get('s', 'after')).toBe(true)
    expect(await again.get('s', 'k4')).toBe(4)
    await again.close()
  })

  it('starts empty (and quarantines) when the log was truncated to 0 bytes', async () => {
    const directory = freshDir()
    const store = await FileStateStore.open({ directory, saveIntervalMs: 5000 })
    await store.set('s', 'k', 1)
    await store.close()
    truncateSync(join(directory, 'state.log'), 0)
    const reopened = await FileStateStore.open({ directory, saveIntervalMs: 5000 })
    expect(await reopened.listGroups()).toEqual([])
    await reopened.close()
    expect(readdirSync(directory).some((n) => n.startsWith('state.log.corrupt-'))).toBe(true)
  })
})
