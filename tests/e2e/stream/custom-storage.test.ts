import { uniqueName, waitFor } from '@iii/testing'
import * as published from 'iii-sdk-published'
import { createStream } from 'iii-sdk-published/helpers'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import {
  call,
  connectStream,
  connectWorker,
  errorCode,
  join,
  nextPush,
  registered,
} from './stream-helpers'

/** An in-memory custom store, as an application would write one with `createStream`. */
function mapStream(calls: string[]) {
  const items = new Map<string, Map<string, unknown>>()
  const group = (g: string) => {
    const found = items.get(g) ?? new Map<string, unknown>()
    items.set(g, found)
    return found
  }
  return {
    items,
    stream: {
      async get(i: any) {
        calls.push('get')
        return group(i.group_id).get(i.item_id) ?? null
      },
      async set(i: any) {
        calls.push('set')
        const old = group(i.group_id).get(i.item_id)
        group(i.group_id).set(i.item_id, i.data)
        return old === undefined ? { new_value: i.data } : { old_value: old, new_value: i.data }
      },
      async delete(i: any) {
        calls.push('delete')
        const old = group(i.group_id).get(i.item_id)
        group(i.group_id).delete(i.item_id)
        return { old_value: old }
      },
      async list(i: any) {
        calls.push('list')
        return [...group(i.group_id).values()]
      },
      async listGroups() {
        calls.push('list_groups')
        return [...items.keys()].filter((g) => group(g).size > 0)
      },
      async update() {
        throw new Error('the published SDK never registers update')
      },
    },
  }
}

/** An engine, a worker, a published-SDK app serving one custom stream, and a browser client. */
async function setup() {
  const engine = await startTestEngine()
  const worker = await connectWorker(engine)
  const app = published.registerWorker(engine.url, {
    workerName: 'custom-store',
    otel: { enabled: false },
  } as any)
  const streamName = uniqueName('custom')
  const calls: string[] = []
  const custom = mapStream(calls)
  createStream(app, streamName, custom.stream as any)
  await registered(engine, `stream::list_groups(${streamName})`)
  const browser = await connectStream(engine)
  return {
    engine,
    worker,
    app,
    browser,
    streamName,
    calls,
    custom,
    async [Symbol.asyncDispose]() {
      await browser.close()
      await app.shutdown()
      await worker.shutdown()
      await engine.stop()
    },
  }
}

describe('stream custom storage (published iii-sdk createStream)', () => {
  it('delegates every operation for that stream and still pushes to subscribers', async () => {
    await using f = await setup()
    const { worker, browser, streamName, calls, custom } = f
    const at = { stream_name: streamName, group_id: 'g', item_id: 'a' }
    custom.items.set('g', new Map([['seed', { seeded: true }]]))
    expect(
      (await join(browser, { subscriptionId: 'g', streamName, groupId: 'g' })).event.data,
    ).toEqual([{ seeded: true }])

    expect(await call(worker, 'stream::set', { ...at, data: { n: 1 } })).toEqual({
      old_value: null,
      new_value: { n: 1 },
    })
    expect((await nextPush(browser, 'g', 'create')).event.data).toEqual({ n: 1 })
    expect(custom.items.get('g')?.get('a')).toEqual({ n: 1 })
    expect(await call(worker, 'stream::get', at)).toEqual({ n: 1 })

    const updated = await call(worker, 'stream::update', {
      ...at,
      ops: [{ type: 'increment', path: 'n', by: 4 }],
    })
    expect(updated).toEqual({ old_value: { n: 1 }, new_value: { n: 5 } })
    expect((await nextPush(browser, 'g', 'update')).event.data).toEqual({ n: 5 })
    expect(custom.items.get('g')?.get('a')).toEqual({ n: 5 })

    expect(await call(worker, 'stream::list', { stream_name: streamName, group_id: 'g' })).toEqual([
      { seeded: true },
      { n: 5 },
    ])
    expect(await call(worker, 'stream::list_groups', { stream_name: streamName })).toEqual(['g'])
    expect((await call(worker, 'stream::list_all', {})).stream).toContainEqual({
      id: streamName,
      groups: ['g'],
    })

    expect(await call(worker, 'stream::delete', at)).toEqual({ old_value: { n: 5 } })
    expect((await nextPush(browser, 'g', 'delete')).event.data).toEqual({ n: 5 })
    expect(calls).toEqual(expect.arrayContaining(['get', 'set', 'delete', 'list', 'list_groups']))
  })

  it('uses a registered stream::update(<name>) and reports a failing custom function under the stream code', async () => {
    await using f = await setup()
    const { engine, worker } = f
    const name = uniqueName('own-update')
    const seen: any[] = []
    worker.registerFunction(`stream::update(${name})`, async (input: any) => {
      seen.push(input)
      return { new_value: { custom: true } }
    })
    worker.registerFunction(`stream::get(${name})`, async () => {
      throw new Error('backend down')
    })
    await registered(engine, `stream::get(${name})`)
    const ops = [{ type: 'set', path: 'x', value: 1 }]
    const result = await call(worker, 'stream::update', {
      stream_name: name,
      group_id: 'g',
      item_id: 'i',
      ops,
    })
    expect(result).toEqual({ old_value: null, new_value: { custom: true } })
    expect(seen).toEqual([{ stream_name: name, group_id: 'g', item_id: 'i', ops }])
    expect(
      await errorCode(
        call(worker, 'stream::get', { stream_name: name, group_id: 'g', item_id: 'i' }),
      ),
    ).toBe('STREAM_GET_ERROR')
  })

  it('falls back to the adapter once the custom functions are gone', async () => {
    await using f = await setup()
    const { engine, worker, app, streamName, calls, custom } = f
    await app.shutdown()
    await waitFor(() => !engine.core.functions.get('default', `stream::set(${streamName})`), {
      what: 'custom functions removed',
    })
    const at = { stream_name: streamName, group_id: 'g', item_id: 'z' }
    await call(worker, 'stream::set', { ...at, data: 'adapter' })
    expect(await call(worker, 'stream::get', at)).toBe('adapter')
    // The custom store was never asked: nothing was written there.
    expect(calls).not.toContain('set')
    expect([...custom.items.values()].some((group) => group.has('z'))).toBe(false)
  })
})
