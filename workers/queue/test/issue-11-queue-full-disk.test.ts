import { mountTmpfs } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { FileQueueStore } from '../src/index'
import { claimOpts, job, uniqueQueue } from './store-contract'

const mounted = mountTmpfs(1024 * 1024)
const skip = 'skip' in mounted ? mounted.skip : undefined
if (skip) process.stderr.write(`queue full-disk test skipped: ${skip}\n`)

/**
 * Issue 11, row 5: the disk fills and frees, then the engine dies. A short write used to be
 * acknowledged, the next record glued onto it, and replay dropped both. Now the write that does
 * not fit is refused (STORAGE_FULL, nothing stored, the job never runs) and every acknowledged
 * job is in the log.
 */
describe.skipIf(skip !== undefined)('file queue store on a disk that fills and frees', () => {
  const fs = mounted as Exclude<typeof mounted, { skip: string }>
  afterAll(() => fs.unmount())

  it('loses no acknowledged job and answers STORAGE_FULL for the ones it could not store', async () => {
    const store = await FileQueueStore.open({ filePath: fs.dir })
    const queue = uniqueQueue()
    const acked = new Set<string>()
    const refused = new Set<string>()
    const enqueue = async (bytes: number) => {
      const j = job(queue, { data: { pad: 'p'.repeat(bytes) } })
      await store.enqueue(j).then(
        () => acked.add(j.message_id),
        (err: { code?: string }) => {
          expect(err.code).toBe('STORAGE_FULL')
          refused.add(j.message_id)
        },
      )
    }
    try {
      for (let i = 0; i < 5; i++) await enqueue(100)
      fs.fill(8192)
      await enqueue(64 * 1024)
      await Promise.all(Array.from({ length: 10 }, () => enqueue(16 * 1024)))
      await enqueue(100)
      fs.free()
      for (let i = 0; i < 5; i++) await enqueue(100)
      expect(refused.size).toBeGreaterThan(0)
      expect((await store.stats(queue)).depth).toBe(acked.size)
      // A second store on the same files, the first never closed: as after kill -9.
      const after = await FileQueueStore.open({ filePath: `${fs.dir}` })
      const ids = new Set(
        (await after.claim(queue, { ...claimOpts(), max: 1000 })).map((j) => j.message_id),
      )
      expect([...acked].filter((id) => !ids.has(id))).toEqual([])
      expect([...refused].filter((id) => ids.has(id))).toEqual([])
      await after.close()
    } finally {
      await store.close()
      fs.free()
    }
  })
})
