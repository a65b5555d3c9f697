import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, uniqueName, waitFor } from '@iii/testing'
import type { IIIWorker } from 'iii-sdk'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { type BrowserBundleServer, serveBrowserClient } from './browser-bundle'
import { call, connectWorker } from './stream-helpers'

type Seen = { sub: string; kind: string; data?: unknown; id?: string }

describe('iii-sdk/browser stream client in headless Chromium', () => {
  let bundle: BrowserBundleServer
  let browser: Browser
  let page: Page
  let engine: TestEngine
  let worker: IIIWorker
  let port: number
  const dir = mkdtempSync(join(tmpdir(), 'iii-stream-browser-'))
  const streamName = uniqueName('live')

  const start = async () => {
    const configText = `workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-stream
    config:
      port: ${port}
      adapter: { name: file, config: { file_path: "${dir}" } }
`
    engine = await startTestEngine({ configText, randomPorts: false })
    worker = await connectWorker(engine)
  }
  const seen = (): Promise<Seen[]> => page.evaluate(() => (globalThis as any).seen)
  const waitSeen = (match: (s: Seen) => boolean, what: string) =>
    waitFor(async () => (await seen()).find(match), { what, timeoutMs: 15_000 })
  const set = (item_id: string, data: unknown, group_id = 'g') =>
    call(worker, 'stream::set', { stream_name: streamName, group_id, item_id, data })

  beforeAll(async () => {
    port = await freePort()
    await start()
    bundle = await serveBrowserClient()
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    page = await browser.newPage()
    await page.goto(bundle.url)
    await page.waitForFunction(() => (globalThis as any).ready === true)
  })
  afterAll(async () => {
    await page?.evaluate(() => (globalThis as any).client?.close())
    await browser?.close()
    await bundle?.close()
    await worker?.shutdown()
    await engine?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('joins, receives sync, create, update, delete and events through callbacks', async () => {
    await set('a', { n: 1 })
    await page.evaluate(
      ({ url, streamName }) => {
        const w = globalThis as any
        w.seen = []
        w.statuses = []
        const log = (sub: string, kind: string) => (data?: unknown, id?: string) =>
          w.seen.push({ sub, kind, data, id })
        const handlers = (sub: string) => ({
          onSync: log(sub, 'sync'),
          onCreate: log(sub, 'create'),
          onUpdate: log(sub, 'update'),
          onDelete: log(sub, 'delete'),
          onEvent: log(sub, 'event'),
          onUnauthorized: log(sub, 'unauthorized'),
        })
        w.client = w.iii.createStreamClient(url, {
          reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
          onStatus: (s: string) => w.statuses.push(s),
        })
        w.group = w.client.subscribe({ streamName, groupId: 'g' }, handlers('group'))
        w.item = w.client.subscribe({ streamName, groupId: 'g', id: 'a' }, handlers('item'))
        w.other = w.client.subscribe({ streamName, groupId: 'h' }, handlers('other'))
      },
      { url: `ws://127.0.0.1:${port}`, streamName },
    )
    await waitSeen((s) => s.sub === 'group' && s.kind === 'sync', 'group sync')
    await waitSeen((s) => s.sub === 'item' && s.kind === 'sync', 'item sync')
    await waitSeen((s) => s.sub === 'other' && s.kind === 'sync', 'other sync')
    await set('b', { n: 2 })
    await set('a', { n: 3 })
    await call(worker, 'stream::send', {
      stream_name: streamName,
      group_id: 'g',
      type: 'ping',
      data: 'p',
    })
    await call(worker, 'stream::delete', { stream_name: streamName, group_id: 'g', item_id: 'b' })
    await waitSeen((s) => s.sub === 'group' && s.kind === 'delete', 'group delete')
    await waitSeen((s) => s.sub === 'item' && s.kind === 'update', 'item update')
    const byGroup = (await seen()).filter((s) => s.sub === 'group')
    expect(byGroup).toEqual([
      { sub: 'group', kind: 'sync', data: [{ n: 1 }] },
      { sub: 'group', kind: 'create', data: { n: 2 }, id: 'b' },
      { sub: 'group', kind: 'update', data: { n: 3 }, id: 'a' },
      { sub: 'group', kind: 'event', data: { type: 'ping', data: 'p' } },
      { sub: 'group', kind: 'delete', data: { n: 2 }, id: 'b' },
    ])
    expect((await seen()).filter((s) => s.sub === 'item')).toEqual([
      { sub: 'item', kind: 'sync', data: { n: 1 } },
      { sub: 'item', kind: 'update', data: { n: 3 }, id: 'a' },
    ])
  })

  it('stops calling back after unsubscribe', async () => {
    await page.evaluate(() => (globalThis as any).item.unsubscribe())
    await set('a', { n: 4 })
    await set('x', 'barrier', 'h')
    await waitSeen(
      (s) => s.sub === 'other' && s.kind === 'create',
      'barrier on the other subscription',
    )
    await waitSeen(
      (s) => s.sub === 'group' && s.kind === 'update' && (s.data as any)?.n === 4,
      'group still live',
    )
    expect((await seen()).filter((s) => s.sub === 'item' && (s.data as any)?.n === 4)).toEqual([])
  })

  it('reconnects after an engine restart and joins every subscription again', async () => {
    await page.evaluate(() => {
      ;(globalThis as any).seen = []
    })
    await worker.shutdown()
    await engine.stop()
    await waitFor(
      async () =>
        (await page.evaluate(() => (globalThis as any).statuses)).includes('reconnecting'),
      { what: 'reconnecting' },
    )
    await start()
    // The file adapter kept the items, so the fresh syncs carry them.
    const groupSync = await waitSeen(
      (s) => s.sub === 'group' && s.kind === 'sync',
      'group sync after reconnect',
    )
    expect(groupSync.data).toEqual([{ n: 4 }])
    await waitSeen((s) => s.sub === 'other' && s.kind === 'sync', 'other sync after reconnect')
    await set('c', 'after')
    await waitSeen(
      (s) => s.sub === 'group' && s.kind === 'create' && s.id === 'c',
      'push after reconnect',
    )
    expect((await seen()).filter((s) => s.sub === 'item')).toEqual([])
    expect(await page.evaluate(() => (globalThis as any).client.status)).toBe('open')
  })
})
