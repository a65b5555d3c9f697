import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileStreamStore } from '../src/index'
import { describeStreamStore } from './store-contract'

const root = mkdtempSync(join(tmpdir(), 'iii-stream-file-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const freshDir = () => join(root, `store-${n++}`)
const open = (filePath: string, saveIntervalMs = 60_000) =>
  FileStreamStore.open({ filePath, saveIntervalMs })

describeStreamStore('file', () => open(freshDir()))

describe('file stream store persistence', () => {
  it('keeps items across a close and reopen, with no temp file left behind', async () => {
    const dir = freshDir()
    const first = await open(dir)
    await first.set({ stream: 's', group: 'g', item: 'a' }, { n: 1, tags: [] })
    await first.update({ stream: 's', group: 'g', item: 'b' }, [
      { type: 'increment', path: 'n', by: 5 },
    ])
    await first.set({ stream: 's', group: 'h', item: 'c' }, 'gone')
    await first.delete({ stream: 's', group: 'h', item: 'c' })
    await first.close()
    expect(readdirSync(dir)).toEqual(['streams.log'])
    const second = await open(dir)
    expect(await second.get({ stream: 's', group: 'g', item: 'a' })).toEqual({ n: 1, tags: [] })
    expect(await second.get({ stream: 's', group: 'g', item: 'b' })).toEqual({ n: 5 })
    expect(await second.listGroups('s')).toEqual(['g'])
    await second.close()
  })

  it('has every acknowledged write in the log without a close (as after kill -9)', async () => {
    const dir = freshDir()
    const store = await open(dir)
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.set({ stream: 's', group: 'g', item: `i${i}` }, i),
      ),
    )
    const copy = freshDir()
    mkdirSync(copy)
    writeFileSync(join(copy, 'streams.log'), readFileSync(join(dir, 'streams.log')))
    const reopened = await open(copy)
    expect((await reopened.list('s', 'g')).length).toBe(30)
    await reopened.close()
    await store.close()
  })

  it('folds an older streams.json into the log, and quarantines a corrupt one instead of failing', async () => {
    const dir = freshDir()
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'streams.json'),
      JSON.stringify({ version: 1, items: [['s', 'g', 'a', '42']] }),
    )
    const first = await open(dir)
    expect(await first.get({ stream: 's', group: 'g', item: 'a' })).toBe(42)
    await first.close()
    expect(readdirSync(dir)).toEqual(['streams.log'])
    writeFileSync(join(dir, 'streams.json'), 'garbage')
    const second = await open(dir)
    expect(await second.get({ stream: 's', group: 'g', item: 'a' })).toBe(42)
    await second.close()
    expect(readdirSync(dir).some((n) => n.startsWith('streams.json.corrupt-'))).toBe(true)
  })

  it('refuses a value nested past the storage limit, naming it', async () => {
    const store = await open(freshDir())
    let deep: unknown = 1
    for (let i = 0; i < 3000; i++) deep = { a: deep }
    await expect(store.set({ stream: 's', group: 'g', item: 'a' }, deep)).rejects.toMatchObject({
      code: 'VALUE_TOO_DEEP',
      message: /512/,
    })
    expect(await store.get({ stream: 's', group: 'g', item: 'a' })).toBeUndefined()
    await store.close()
  })
})
