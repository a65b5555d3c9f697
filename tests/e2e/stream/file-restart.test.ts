import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { uniqueName } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { call, connectStream, connectWorker, join } from './stream-helpers'

describe('stream file adapter', () => {
  const dir = mkdtempSync(joinPath(tmpdir(), 'iii-stream-e2e-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  // A long interval: compaction never runs; every write is in the log when it is acknowledged.
  const configText = `workers:\n  - name: iii-stream\n    config:\n      adapter: { name: file, config: { file_path: "${dir}", save_interval_ms: 3600000 } }\n`

  it('keeps items across an engine restart', async () => {
    const streamName = uniqueName('durable')
    const first = await startTestEngine({ configText })
    const w1 = await connectWorker(first)
    await call(w1, 'stream::set', {
      stream_name: streamName,
      group_id: 'g',
      item_id: 'a',
      data: { n: 1, list: [] },
    })
    await call(w1, 'stream::update', {
      stream_name: streamName,
      group_id: 'g',
      item_id: 'b',
      ops: [{ type: 'increment', path: 'n', by: 7 }],
    })
    await call(w1, 'stream::set', {
      stream_name: streamName,
      group_id: 'h',
      item_id: 'c',
      data: 'gone',
    })
    await call(w1, 'stream::delete', { stream_name: streamName, group_id: 'h', item_id: 'c' })
    await w1.shutdown()
    await first.stop()
    expect(readdirSync(dir)).toEqual(['streams.log'])

    const second = await startTestEngine({ configText })
    const w2 = await connectWorker(second)
    expect(
      await call(w2, 'stream::get', { stream_name: streamName, group_id: 'g', item_id: 'b' }),
    ).toEqual({ n: 7 })
    expect(await call(w2, 'stream::list_groups', { stream_name: streamName })).toEqual(['g'])
    const browser = await connectStream(second)
    const sync = await join(browser, { subscriptionId: 's', streamName, groupId: 'g', id: 'a' })
    expect(sync.event).toEqual({ type: 'sync', data: { n: 1, list: [] } })
    await browser.close()
    await w2.shutdown()
    await second.stop()
  })
})
