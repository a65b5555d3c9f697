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
import { createLogger, type LogRecord } from '@iii/core'
import { afterAll, describe, expect, it } from 'vitest'
import { AppendLog, adapterCall, encodeRecord, writeAtomic } from '../src/index'

const root = mkdtempSync(join(tmpdir(), 'iii-storage-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

type Rec = { k: string; v: number }

/** A tiny key/value store over the log, as the adapters use it. */
async function openKv(dir: string, records: LogRecord[] = [], compactMinRecords?: number) {
  const map = new Map<string, number>()
  const logger = createLogger({ level: 'warn', write: () => {}, onRecord: (r) => records.push(r) })
  const { log, recovery } = await AppendLog.open(
    {
      path: join(dir, 'kv.log'),
      kind: 'kv',
      snapshot: () => [...map].map(([k, v]) => ({ k, v })),
      logger,
      compactMinRecords,
      compactIntervalMs: 0,
    },
    { record: (r) => map.set((r as Rec).k, (r as Rec).v) },
  )
  const set = (k: string, v: number) => {
    const old = map.get(k)
    map.set(k, v)
    return log.commit({ k, v }, () => (old === undefined ? map.delete(k) : map.set(k, old)))
  }
  return { map, log, recovery, set }
}

describe('append log', () => {
  it('replays every committed record, in order, without a close', async () => {
    const dir = mkdtempSync(join(root, 'replay-'))
    const a = await openKv(dir)
    await Promise.all(Array.from({ length: 200 }, (_, i) => a.set(`k${i % 10}`, i)))
    const b = await openKv(dir)
    expect(b.map.size).toBe(10)
    expect(b.map.get('k9')).toBe(199)
    await a.log.close()
    await b.log.close()
  })

  it('drops a torn last record with a warning and appends after the last good one', async () => {
    const dir = mkdtempSync(join(root, 'torn-'))
    const a = await openKv(dir)
    await a.set('x', 1)
    await a.log.close()
    writeFileSync(join(dir, 'kv.log'), `${readFileSync(join(dir, 'kv.log'), 'utf8')}{"k":"y","v"`)
    const records: LogRecord[] = []
    const b = await openKv(dir, records)
    expect(b.recovery.tornTail).toBe(true)
    expect(records.map((r) => r.level)).toEqual(['warn'])
    await b.set('z', 3)
    await b.log.close()
    const c = await openKv(dir)
    expect([...c.map]).toEqual([
      ['x', 1],
      ['z', 3],
    ])
    expect(c.recovery.tornTail).toBe(false)
    await c.log.close()
  })

  it('quarantines a file with a bad record in the middle, replays past it and names the file in an error', async () => {
    const dir = mkdtempSync(join(root, 'corrupt-'))
    const a = await openKv(dir)
    for (let i = 0; i < 4; i++) await a.set(`k${i}`, i)
    await a.log.close()
    const file = join(dir, 'kv.log')
    const lines = readFileSync(file, 'utf8').split('\n')
    lines[2] = '\u0000\u0000garbage'
    writeFileSync(file, lines.join('\n'))
    const records: LogRecord[] = []
    const b = await openKv(dir, records)
    expect([...b.map.keys()]).toEqual(['k0', 'k2', 'k3'])
    expect(b.recovery.badLines).toEqual([3])
    const error = records.find((r) => r.level === 'error')
    expect(error?.fields).toMatchObject({
      file,
      recovered_records: 3,
      quarantined_as: expect.stringContaining('kv.log.corrupt-'),
    })
    expect(readdirSync(dir).filter((n) => n.includes('.corrupt-'))).toHaveLength(1)
    await b.log.close()
    const c = await openKv(dir)
    expect(c.map.size).toBe(3)
    expect(c.recovery.badLines).toEqual([])
    await c.log.close()
  })

  it('quarantines an emptied file instead of failing', async () => {
    const dir = mkdtempSync(join(root, 'empty-'))
    const a = await openKv(dir)
    await a.set('k', 1)
    await a.log.close()
    truncateSync(join(dir, 'kv.log'), 0)
    const records: LogRecord[] = []
    const b = await openKv(dir, records)
    expect(b.map.size).toBe(0)
    expect(records.find((r) => r.level === 'error')?.fields.reason).toMatch(/empty/)
    await b.log.close()
  })

  it('compacts into a snapshot that replays to the same state', async () => {
    const dir = mkdtempSync(join(root, 'compact-'))
    const a = await openKv(dir, [], 50)
    for (let round = 0; round < 30; round++)
      await Promise.all(Array.from({ length: 5 }, (_, i) => a.set(`k${i}`, round)))
    await a.log.close()
    expect(readFileSync(join(dir, 'kv.log'), 'utf8').trim().split('\n').length).toBeLessThan(150)
    const b = await openKv(dir)
    expect([...b.map.values()]).toEqual([29, 29, 29, 29, 29])
    await b.log.close()
  })

  it('refuses a record that cannot be encoded, before anything is queued', () => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() => encodeRecord(cycle)).toThrow(
      expect.objectContaining({ code: 'VALUE_NOT_SERIALIZABLE' }),
    )
    expect(() => encodeRecord({ big: 'x'.repeat(100) }, 50)).toThrow(/storage limit is 50 bytes/)
  })
})

describe('adapterCall', () => {
  it('passes storage and own errors through and wraps the rest under the code', async () => {
    const storage = Object.assign(new Error('x'), { code: 'ENOSPC' })
    await expect(adapterCall('SET_ERROR', () => Promise.reject(storage))).rejects.toMatchObject({
      code: 'SET_ERROR',
    })
    await expect(
      adapterCall('SET_ERROR', () => writeAtomic('/proc/version/x', 'y')),
    ).rejects.toMatchObject({ code: 'STORAGE_ERROR' })
    await expect(
      adapterCall('SET_ERROR', () => Promise.reject(new Error('boom'))),
    ).rejects.toMatchObject({
      code: 'SET_ERROR',
      message: 'boom',
    })
  })
})
