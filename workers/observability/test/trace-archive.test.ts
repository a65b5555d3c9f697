import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, type LogRecord } from '@iii/core'
import { afterEach, describe, expect, it } from 'vitest'
import { TraceArchive } from '../src/archive/trace-archive'
import type { TraceStorageConfig } from '../src/config'
import type { SpanRecord } from '../src/span-store'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function setup(over: Partial<TraceStorageConfig> = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'iii-archive-'))
  dirs.push(directory)
  const records: LogRecord[] = []
  const logger = createLogger({ level: 'warn', write: () => {}, onRecord: (r) => records.push(r) })
  const config: TraceStorageConfig = {
    enabled: true,
    directory,
    max_disk_bytes: 1024 ** 3,
    retention_seconds: 3600,
    segment_max_bytes: 1024 ** 2,
    flush_interval_ms: 50,
    ...over,
  }
  return { directory, records, open: () => TraceArchive.open({ config, logger }) }
}

const span = (trace: string, id: string, endMs = Date.now()): SpanRecord => ({
  trace_id: trace,
  span_id: id,
  name: `op ${id}`,
  kind: 'internal',
  service_name: 'svc',
  start_time_unix_nano: (endMs - 1) * 1e6,
  end_time_unix_nano: endMs * 1e6,
  duration_ms: 1,
  status: { code: 'ok' },
  attributes: { 'iii.function.id': 'a::b' },
  events: [],
})

const segments = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.jsonl'))
const bytesOf = (dir: string) => segments(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)

describe('trace archive', () => {
  it('keeps spans across a close and reopen, found by trace id and as the newest spans', async () => {
    const { open } = setup()
    const first = await open()
    const now = Date.now()
    for (let i = 0; i < 50; i++) first.append(span(`t${i % 5}`, `s${i}`, now))
    await first.close()
    const again = await open()
    const t3 = await again.lookup(['t3', 'nope'])
    expect(t3.map((s) => s.span_id).sort()).toEqual([
      's13',
      's18',
      's23',
      's28',
      's3',
      's33',
      's38',
      's43',
      's48',
      's8',
    ])
    expect(t3[0]).toEqual(span('t3', 's3', now))
    const recent = await again.recent(10)
    expect(recent.map((s) => s.span_id)).toEqual(Array.from({ length: 10 }, (_, i) => `s${40 + i}`))
    expect(again.stats().spans).toBe(50)
    await again.close()
  })

  it('reads the spans of a time window, leaving out traces already in memory', async () => {
    const { open } = setup({ segment_max_bytes: 1024 })
    const a = await open()
    const now = Date.now()
    for (let i = 0; i < 30; i++) a.append(span(`t${i}`, `s${i}`, now - (30 - i) * 1000))
    const spans = await a.since(now - 10_500, new Set(['t29']))
    expect(spans.map((s) => s.trace_id).sort()).toEqual(
      ['t20', 't21', 't22', 't23', 't24', 't25', 't26', 't27', 't28'].sort(),
    )
    await a.close()
  })

  it('cuts a torn tail at start and keeps the whole lines before it', async () => {
    const { open, directory, records } = setup()
    const a = await open()
    a.append(span('whole', 's1'))
    a.append(span('whole', 's2'))
    await a.close()
    const [file] = segments(directory)
    const path = join(directory, file as string)
    const good = statSync(path).size
    appendFileSync(path, `torn ${Date.now()} {"trace_id":"torn","span_`)
    const b = await open()
    expect(statSync(path).size).toBe(good)
    expect(records.some((r) => r.msg.includes('torn segment tail'))).toBe(true)
    expect((await b.lookup(['whole'])).map((s) => s.span_id)).toEqual(['s1', 's2'])
    expect(await b.lookup(['torn'])).toEqual([])
    b.append(span('later', 's3'))
    await b.close()
    const c = await open()
    expect((await c.lookup(['later'])).map((s) => s.span_id)).toEqual(['s3'])
    await c.close()
  })

  it('starts on a segment of garbage and one that is not readable as text', async () => {
    const { open, directory } = setup()
    appendFileSync(join(directory, 'segment-000000000001.jsonl'), '\u0000\u0000garbage\n')
    appendFileSync(join(directory, 'segment-000000000002.jsonl'), Buffer.from([0xff, 0xfe, 0]))
    const a = await open()
    a.append(span('fine', 's1'))
    expect((await a.lookup(['fine'])).length).toBe(1)
    await a.close()
    expect(segments(directory)).toEqual(['segment-000000000003.jsonl'])
  })

  it('rotates segments and keeps the total size within max_disk_bytes', async () => {
    const { open, directory } = setup({ max_disk_bytes: 16 * 1024, segment_max_bytes: 2048 })
    const a = await open()
    // Multi-byte names: the size limit counts bytes on disk, not characters.
    for (let i = 0; i < 400; i++) a.append({ ...span(`t${i}`, `s${i}`), name: 'é'.repeat(i % 50) })
    await a.flush()
    await a.close()
    expect(segments(directory).length).toBeGreaterThan(3)
    expect(bytesOf(directory)).toBeLessThanOrEqual(16 * 1024)
    const b = await open()
    expect(await b.lookup(['t0'])).toEqual([])
    expect((await b.lookup(['t399'])).length).toBe(1)
    await b.close()
  })

  it('drops segments whose spans are older than retention_seconds', async () => {
    const { open, directory } = setup({ retention_seconds: 60, segment_max_bytes: 1024 })
    const a = await open()
    const old = Date.now() - 120_000
    for (let i = 0; i < 20; i++) a.append(span(`old${i}`, `s${i}`, old))
    for (let i = 0; i < 3; i++) a.append(span(`new${i}`, `n${i}`))
    await a.close()
    const b = await open()
    expect(await b.lookup(['old0', 'old19'])).toEqual([])
    expect((await b.lookup(['new0', 'new1', 'new2'])).length).toBe(3)
    const text = segments(directory)
      .map((f) => readFileSync(join(directory, f), 'utf8'))
      .join('')
    expect(text).not.toContain('old')
    await b.close()
  })

  it('clear deletes every archived span', async () => {
    const { open } = setup()
    const a = await open()
    a.append(span('gone', 's1'))
    await a.flush()
    await a.clear()
    expect(await a.lookup(['gone'])).toEqual([])
    a.append(span('kept', 's2'))
    await a.close()
    const b = await open()
    expect(await b.lookup(['gone'])).toEqual([])
    expect((await b.lookup(['kept'])).length).toBe(1)
    await b.close()
  })
})
