import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { mountTmpfs } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { AppendLog } from '../src/index'

const mounted = mountTmpfs(1024 * 1024)
const skip = 'skip' in mounted ? mounted.skip : undefined
if (skip) process.stderr.write(`full-disk tests skipped: ${skip}\n`)

/** ENOSPC on a real (tmpfs) disk: the write is refused, cut off, and the log recovers by itself. */
describe.skipIf(skip !== undefined)('append log on a full disk', () => {
  const fs = mounted as Exclude<typeof mounted, { skip: string }>
  afterAll(() => fs.unmount())

  it('refuses with STORAGE_FULL, leaves nothing half-written, loops on short writes, recovers when space returns', async () => {
    const path = join(fs.dir, 'kv.log')
    const live = new Map<number, string>()
    const { log } = await AppendLog.open(
      { path, kind: 'kv', snapshot: () => [] },
      { record: () => {} },
    )
    try {
      const acked: number[] = []
      const refused: number[] = []
      const put = (i: number, bytes: number) => {
        live.set(i, 'x')
        return log
          .commit({ i, pad: 'p'.repeat(bytes) }, () => live.delete(i))
          .then(
            () => acked.push(i),
            (err: { code?: string }) => {
              expect(err.code).toBe('STORAGE_FULL')
              refused.push(i)
            },
          )
      }
      for (let i = 0; i < 10; i++) await put(i, 100)
      // 8 KiB left: a 64 KiB record gets a short write, then ENOSPC.
      fs.fill(8192)
      await put(100, 64 * 1024)
      await Promise.all(Array.from({ length: 20 }, (_, i) => put(200 + i, 64 * 1024)))
      expect(refused).toContain(100)
      expect(live.has(100)).toBe(false)
      fs.free()
      await put(300, 100)
      await Promise.all(Array.from({ length: 5 }, (_, i) => put(400 + i, 100)))
      expect(acked).toEqual(expect.arrayContaining([300, 400, 404]))
      const lines = readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
      const onDisk = lines.slice(1).map((l) => (JSON.parse(l) as { i: number }).i)
      expect(onDisk.sort((a, b) => a - b)).toEqual([...acked].sort((a, b) => a - b))
    } finally {
      await log.close()
      fs.free()
    }
  })
})
