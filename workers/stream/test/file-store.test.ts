import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileStreamStore } from '../src/index'
import { describeStreamStore } from './store-contract'

const root = mkdtempSync(join(tmpdir(), 'iii-stream-file-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const freshDir = () => join(root, `store-${n++}`)
const open = (filePath: string, saveIntervalMs = 60_000) => FileStreamStore.open({ filePath, saveIntervalMs })

describeStreamStore('file', () => open(freshDir()))

describe('file stream store persistence', () => {
  it('keeps items across a close and reopen, with no temp file left behind', async () => {
    const dir = freshDir()
    const first = await open(dir)
    await first.set({ stream: 's', group: 'g', item: 'a' }, { n: 1, tags: [] })
    await first.update({ stream: 's', group: 'g', item: 'b' }, [{ type: 'increment', path: 'n', by: 5 }])
    await first.set({ stream: 's', group: 'h', item: 'c' }, 'gone')
    await first.delete({ stream: 's', group: 'h', item: 'c' })
    await first.close()
    expect(readdirSync(dir)).toEqual(['streams.json'])
    const second = await open(dir)
    expect(await second.get({ stream: 's', group: 'g', item: 'a' })).toEqual({ n: 1, tags: [] })
    expect(await second.get({ stream: 's', group: 'g', item: 'b' })).toEqual({ n: 5 })
    expect(await second.listGroups('s')).toEqual(['g'])
    await second.close()
  })

  it('flushes on its interval without waiting for close', async () => {
    const dir = freshDir()
    const store = await open(dir, 100)
    await store.set({ stream: 's', group: 'g', item: 'a' }, 42)
    const file = join(dir, 'streams.json')
    await expect
      .poll(() => {
        try {
          return JSON.parse(readFileSync(file, 'utf8')).items
        } catch {
          return undefined
        }
      })
      .toEqual([['s', 'g', 'a', '42']])
    await store.close()
  })

  it('refuses to start on a corrupt snapshot instead of starting empty', async () => {
    const dir = freshDir()
    const store = await open(dir)
    await store.close()
    writeFileSync(join(dir, 'streams.json'), '{"version":1,"items":[[1]]}')
    await expect(open(dir)).rejects.toThrow(/not a stream snapshot/)
    writeFileSync(join(dir, 'streams.json'), 'garbage')
    await expect(open(dir)).rejects.toThrow(/not a stream snapshot/)
  })
})
