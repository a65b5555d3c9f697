import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, type LogRecord } from '@iii/core'
import { afterAll, describe, expect, it } from 'vitest'
import { FileQueueStore, type Job } from '../src/index'
import { claimOpts, job, uniqueQueue } from './store-contract'

const root = mkdtempSync(join(tmpdir(), 'iii-queue-durable-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('file queue store: durability', () => {
  it('a second process reading the log sees every acknowledged change (no close, as after kill -9)', async () => {
    const dir = mkdtempSync(join(root, 'crash-'))
    const first = await FileQueueStore.open({ filePath: dir })
    const queue = uniqueQueue()
    const [waiting, leased, dead] = [job(queue), job(queue), job(queue)]
    for (const j of [leased, dead, waiting]) await first.enqueue(j)
    const now = Date.now()
    const [l, d] = await first.claim(queue, { ...claimOpts(now), max: 2, leaseMs: 200 })
    await first.deadLetter({ ...(d as Job), attempts_made: 3 }, 'boom', now)
    const idem = await first.enqueue(job(queue), { key: 'once', ttlMs: 60_000 })
    // `first` is never closed: everything above was fsynced before its promise resolved.
    const second = await FileQueueStore.open({ filePath: dir })
    expect(await second.stats(queue)).toEqual({ depth: 2, active: 1, dlq_depth: 1 })
    expect((await second.dlq(queue, 0, 10))[0]).toMatchObject({
      error: 'boom',
      job: { message_id: dead.message_id, attempts_made: 3 },
    })
    expect((await second.enqueue(job(queue), { key: 'once', ttlMs: 60_000 })).messageId).toBe(
      idem.messageId,
    )
    expect((await second.reapExpired(now + 100, 3)).requeued).toEqual([])
    expect((await second.reapExpired(now + 300, 3)).requeued).toEqual([
      { queue, message_id: l?.message_id, stalls: 1 },
    ])
    const order = (await second.claim(queue, claimOpts(now + 300))).map((j) => j.message_id)
    expect(order).toEqual([leased.message_id, waiting.message_id, idem.messageId])
    await second.close()
    await first.close()
  })

  it('drops a torn last record with a warning and keeps the rest', async () => {
    const dir = mkdtempSync(join(root, 'torn-'))
    const store = await FileQueueStore.open({ filePath: dir })
    const queue = uniqueQueue()
    await store.enqueue(job(queue))
    await store.close()
    appendFileSync(join(dir, 'queue.log'), '{"p":{"job":{"message_id":"half')
    const records: LogRecord[] = []
    const logger = createLogger({
      level: 'warn',
      write: () => {},
      onRecord: (r) => records.push(r),
    })
    const again = await FileQueueStore.open({ filePath: dir, logger })
    expect((await again.stats(queue)).depth).toBe(1)
    expect(records.map((r) => r.fields.dropped)).toEqual([1])
    await again.close()
  })

  it('compacts the log and keeps the same state', async () => {
    const dir = mkdtempSync(join(root, 'compact-'))
    const store = await FileQueueStore.open({ filePath: dir, compactMinRecords: 50 })
    const queue = uniqueQueue()
    const keep = job(queue, { process_at: Date.now() + 60_000 })
    await store.enqueue(keep)
    for (let i = 0; i < 100; i++) {
      await store.enqueue(job(queue, { data: { i } }))
      const [claimed] = await store.claim(queue, claimOpts())
      await store.ack(claimed as Job)
    }
    await store.close()
    const lines = readFileSync(join(dir, 'queue.log'), 'utf8').trim().split('\n')
    expect(lines.length).toBeLessThan(60)
    const again = await FileQueueStore.open({ filePath: dir })
    expect(await again.stats(queue)).toEqual({ depth: 1, active: 0, dlq_depth: 0 })
    expect(await again.nextDueAt(queue, Date.now())).toBe(keep.process_at)
    await again.close()
  })

  it('a closed store refuses changes', async () => {
    const store = await FileQueueStore.open({ filePath: mkdtempSync(join(root, 'closed-')) })
    await store.close()
    await expect(store.enqueue(job(uniqueQueue()))).rejects.toThrow('closed')
  })
})
