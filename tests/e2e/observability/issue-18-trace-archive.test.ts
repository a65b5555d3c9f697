import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { type Child, spawnEngine } from '../queue/support/processes'

interface Span {
  trace_id: string
  span_id: string
  attributes: Record<string, unknown>
  children?: Span[]
}
type Worker = ReturnType<typeof registerWorker>

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iii-trace-archive-'))
  dirs.push(dir)
  return dir
}

const archiveConfig = (directory: string, extra = '') => `
workers:
  - name: iii-observability
    config:
      ${extra}
      trace_storage: { enabled: true, directory: ${JSON.stringify(directory)}, flush_interval_ms: 20 }
`
const segments = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.jsonl'))
const archiveText = (dir: string) =>
  segments(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('')

/** Calls `fn` `count` times and returns the trace id of each call, as listed by the engine. */
async function tracedCalls(w: Worker, fn: string, count: number): Promise<string[]> {
  for (let i = 0; i < count; i++) await w.trigger({ function_id: fn, payload: { i } })
  return waitFor(
    async () => {
      const { spans } = await w.trigger<unknown, { spans: Span[] }>({
        function_id: 'engine::traces::list',
        payload: { attributes: [['iii.function.id', fn]], limit: 1000 },
      })
      const ids = [...new Set(spans.map((s) => s.trace_id))]
      return ids.length >= count ? ids : undefined
    },
    { what: `${count} traces of ${fn}`, timeoutMs: 30_000 },
  )
}

const treeOf = (w: Worker, trace_id: string) =>
  w.trigger<unknown, { roots: Span[]; storage: string }>({
    function_id: 'engine::traces::tree',
    payload: { trace_id },
  })

describe('issue 18: the trace archive on disk', () => {
  it('survives a restart, serves trace ids memory no longer holds, and cuts a torn tail', async () => {
    const dir = tempDir()
    const fn = uniqueName('archived').replace(/-/g, '_')
    let ids: string[]
    const startedMs = Date.now()
    {
      await using engine = await startTestEngine({ configText: archiveConfig(dir) })
      const w = registerWorker(engine.url, { workerName: uniqueName('arch-w') })
      w.registerFunction(fn, async () => ({ ok: true }))
      ids = await tracedCalls(w, fn, 5)
      await w.shutdown()
    }
    for (const id of ids) expect(archiveText(dir)).toContain(id)
    const newest = segments(dir).sort().at(-1) as string
    appendFileSync(join(dir, newest), `${'f'.repeat(32)} 1 {"trace_id":"${'f'.repeat(32)}","spa`)

    // One span in memory: the first traces can only come from the archive.
    await using engine = await startTestEngine({
      configText: archiveConfig(dir, 'memory_max_spans: 1'),
    })
    expect(engine.records.some((r) => r.msg.includes('torn segment tail'))).toBe(true)
    expect(readFileSync(join(dir, newest), 'utf8').endsWith('\n')).toBe(true)
    const w = registerWorker(engine.url, { workerName: uniqueName('arch-r') })
    try {
      for (const id of ids) {
        const tree = await treeOf(w, id)
        expect(tree.storage).toBe('archive')
        expect(tree.roots.length).toBeGreaterThan(0)
        expect(JSON.stringify(tree.roots)).toContain(fn)
      }
      const listed = await w.trigger<unknown, { spans: Span[]; storage: string }>({
        function_id: 'engine::traces::list',
        payload: { trace_ids: ids, include_internal: true, limit: 1000 },
      })
      expect(new Set(listed.spans.map((s) => s.trace_id))).toEqual(new Set(ids))
      // A time window older than memory reaches the archive.
      const since = await w.trigger<unknown, { spans: Span[] }>({
        function_id: 'engine::traces::list',
        payload: { start_time: startedMs, attributes: [['iii.function.id', fn]], limit: 100 },
      })
      expect(new Set(since.spans.map((s) => s.trace_id))).toEqual(new Set(ids))
      const grouped = await w.trigger<unknown, { groups: { value: string; span_count: number }[] }>(
        { function_id: 'engine::traces::group_by', payload: { since_ms: startedMs } },
      )
      expect(grouped.groups.find((g) => g.value === fn)?.span_count).toBe(5)
      const torn = await treeOf(w, 'f'.repeat(32))
      expect(torn.roots).toEqual([])
      // bad input is refused with a clear error
      await expect(
        w.trigger({ function_id: 'engine::traces::tree', payload: { trace_id: 42 } }),
      ).rejects.toMatchObject({ code: 'deserialization_error' })
    } finally {
      await w.shutdown()
    }
  })

  it('starts with traces in memory when the archive directory cannot be used', async () => {
    const dir = tempDir()
    const blocker = join(dir, 'a-file')
    appendFileSync(blocker, 'not a directory')
    await using engine = await startTestEngine({
      configText: archiveConfig(join(blocker, 'traces')),
    })
    expect(engine.records.some((r) => r.msg.includes('trace archive cannot be opened'))).toBe(true)
    const fn = uniqueName('unarchived').replace(/-/g, '_')
    const w = registerWorker(engine.url, { workerName: uniqueName('arch-x') })
    try {
      w.registerFunction(fn, async () => ({ ok: true }))
      const [id] = await tracedCalls(w, fn, 1)
      const tree = await treeOf(w, id as string)
      expect(tree.storage).toBe('memory')
      expect(JSON.stringify(tree.roots)).toContain(fn)
    } finally {
      await w.shutdown()
    }
  })

  it('keeps within max_disk_bytes by dropping the oldest segments', async () => {
    const dir = tempDir()
    const fn = uniqueName('bounded').replace(/-/g, '_')
    await using engine = await startTestEngine({
      configText: archiveConfig(dir).replace(
        'flush_interval_ms: 20',
        'flush_interval_ms: 20, max_disk_bytes: 16384, segment_max_bytes: 2048',
      ),
    })
    const w = registerWorker(engine.url, { workerName: uniqueName('arch-b') })
    try {
      w.registerFunction(fn, async () => ({ ok: true }))
      const ids = await tracedCalls(w, fn, 80)
      const [newest, oldest] = [ids[0] as string, ids.at(-1) as string]
      await waitFor(() => archiveText(dir).includes(newest), { what: 'the newest trace on disk' })
      const bytes = segments(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)
      expect(bytes).toBeLessThanOrEqual(16384 + 2048)
      expect(segments(dir).length).toBeGreaterThan(2)
      expect(archiveText(dir)).not.toContain(oldest)
    } finally {
      await w.shutdown()
    }
  })

  it('starts after kill -9 in the middle of writing and keeps what reached the disk', async () => {
    const dir = tempDir()
    const fn = uniqueName('crash').replace(/-/g, '_')
    const config = `
workers:
  - name: iii-worker-manager
    config: { port: PORT }
  - name: iii-observability
    config:
      logs_console_output: false
      trace_storage: { enabled: true, directory: ${JSON.stringify(dir)}, flush_interval_ms: 5 }
`
    const listen = await freePort()
    const configPath = join(dir, 'config.yaml')
    const text = config.replace('PORT', String(listen))
    let engine: Child = await spawnEngine('engine', configPath, text)
    const url = `ws://127.0.0.1:${listen}`
    const w = registerWorker(url, { workerName: uniqueName('crash-w') })
    let stop = false
    let load: Promise<void> = Promise.resolve()
    const readers: Worker[] = []
    try {
      w.registerFunction(fn, async () => ({ ok: true }))
      const before = await tracedCalls(w, fn, 3)
      await waitFor(() => before.every((id) => archiveText(dir).includes(id)), {
        what: 'the first traces on disk',
        timeoutMs: 30_000,
      })
      // Keep calling while the engine is killed, so a write is likely under way.
      load = (async () => {
        while (!stop) await w.trigger({ function_id: fn, payload: {} }).catch(() => {})
      })()
      const size = statSync(join(dir, segments(dir).sort().at(-1) as string)).size
      await waitFor(
        () => statSync(join(dir, segments(dir).sort().at(-1) as string)).size > size + 4096,
        { what: 'writes under way', timeoutMs: 30_000 },
      )
      await engine.kill9()
      stop = true
      engine = await spawnEngine('engine (restarted)', configPath, text)
      // A fresh connection: the old worker's reconnect backoff is not what is tested.
      const r = registerWorker(url, { workerName: uniqueName('crash-r') })
      readers.push(r)
      for (const f of segments(dir)) {
        const body = readFileSync(join(dir, f), 'utf8')
        if (body.length > 0) expect(body.endsWith('\n')).toBe(true)
        for (const line of body.split('\n').filter(Boolean))
          expect(() => JSON.parse(line.slice(line.indexOf('{')))).not.toThrow()
      }
      for (const id of before) {
        const tree = await waitFor(
          async () => {
            const t = await treeOf(r, id)
            return t.roots.length > 0 ? t : undefined
          },
          { what: `trace ${id} after the restart`, timeoutMs: 30_000 },
        )
        expect(JSON.stringify(tree.roots)).toContain(fn)
      }
    } finally {
      stop = true
      for (const r of readers) await r.shutdown()
      await engine.stop()
      await w.shutdown()
      await load
    }
  }, 180_000)
})
