import { uniqueName, waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import type { PushMessage, StreamStore } from '../src/index'

const sorted = <T>(items: T[]) =>
  [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))

function push(streamName: string, data: unknown): PushMessage {
  return {
    type: 'stream',
    timestamp: Date.now(),
    streamName,
    groupId: 'g',
    id: 'i',
    event: { type: 'create', data },
  }
}

/** The stream adapter contract: every store (memory, file, Redis) must pass it unchanged. */
export function describeStreamStore(name: string, create: () => Promise<StreamStore>) {
  describe(`stream store contract: ${name}`, () => {
    const key = (stream = uniqueName('s'), group = 'g', item = 'i') => ({ stream, group, item })

    it('sets, gets and reports the previous value', async () => {
      const store = await create()
      const k = key()
      expect(await store.get(k)).toBeUndefined()
      expect(await store.set(k, { n: 1 })).toEqual({ new_value: { n: 1 } })
      expect(await store.set(k, { n: 2 })).toEqual({ old_value: { n: 1 }, new_value: { n: 2 } })
      expect(await store.get(k)).toEqual({ n: 2 })
      await store.close()
    })

    it('round-trips JSON values faithfully', async () => {
      const store = await create()
      const values = [
        null,
        0,
        -1.5,
        0.1,
        2 ** 53 - 1,
        'héllo ✓ "quoted"',
        [],
        {},
        { a: [], b: {}, c: [1, [2, { d: null }]] },
        true,
      ]
      const stream = uniqueName('s')
      for (const [i, v] of values.entries()) await store.set(key(stream, 'g', `i${i}`), v)
      for (const [i, v] of values.entries())
        expect(await store.get(key(stream, 'g', `i${i}`))).toEqual(v)
      await store.close()
    })

    it('deletes, returning the old value; empty groups and streams disappear', async () => {
      const store = await create()
      const k = key()
      expect(await store.delete(k)).toEqual({})
      await store.set(k, 'v')
      await store.set({ ...k, group: 'other' }, 'w')
      expect(await store.delete(k)).toEqual({ old_value: 'v' })
      expect(await store.get(k)).toBeUndefined()
      expect(await store.listGroups(k.stream)).toEqual(['other'])
      await store.delete({ ...k, group: 'other' })
      expect(await store.listGroups(k.stream)).toEqual([])
      expect((await store.listAll()).map((s) => s.id)).not.toContain(k.stream)
      await store.close()
    })

    it('lists a group, the groups of a stream (sorted) and every stream', async () => {
      const store = await create()
      const stream = uniqueName('s')
      await store.set(key(stream, 'b', '1'), { id: 1 })
      await store.set(key(stream, 'b', '2'), { id: 2 })
      await store.set(key(stream, 'a', '1'), { id: 3 })
      expect(sorted(await store.list(stream, 'b'))).toEqual([{ id: 1 }, { id: 2 }])
      expect(await store.list(stream, 'missing')).toEqual([])
      expect(await store.listGroups(stream)).toEqual(['a', 'b'])
      expect((await store.listAll()).find((s) => s.id === stream)).toEqual({
        id: stream,
        groups: ['a', 'b'],
      })
      await store.close()
    })

    it('keeps names apart whatever characters they hold', async () => {
      const store = await create()
      const base = uniqueName('s')
      await store.set(key(base, 'b:c', 'x'), 1)
      await store.set(key(`${base}:b`, 'c', 'x'), 2)
      await store.set(key(base, '["q"]', 'x'), 3)
      expect(await store.get(key(base, 'b:c', 'x'))).toBe(1)
      expect(await store.get(key(`${base}:b`, 'c', 'x'))).toBe(2)
      expect(await store.listGroups(base)).toEqual(['["q"]', 'b:c'])
      await store.close()
    })

    it('updates atomically: absent starts as {}, failing ops are reported and skipped', async () => {
      const store = await create()
      const k = key()
      const first = await store.update(k, [
        { type: 'increment', path: 'n', by: 2 },
        { type: 'set', path: 'tags', value: [] },
        { type: 'append', path: 'n', value: 'x' },
        { type: 'merge', value: { m: { deep: true } } },
      ])
      expect(first.old_value).toBeUndefined()
      expect(first.new_value).toEqual({ n: 2, tags: [], m: { deep: true } })
      expect(first.errors?.map((e) => [e.op_index, e.code])).toEqual([[2, 'append.type_mismatch']])
      const second = await store.update(k, [{ type: 'decrement', path: 'n', by: 5 }])
      expect(second).toEqual({
        old_value: { n: 2, tags: [], m: { deep: true } },
        new_value: { n: -3, tags: [], m: { deep: true } },
      })
      expect(await store.get(k)).toEqual({ n: -3, tags: [], m: { deep: true } })
      expect(await store.listGroups(k.stream)).toEqual(['g'])
      await store.close()
    })

    it('refuses prototype pollution in update paths and merge values', async () => {
      const store = await create()
      const k = key()
      const result = await store.update(k, [
        { type: 'merge', value: JSON.parse('{"__proto__": {"polluted": 1}}') },
        { type: 'set', path: 'constructor', value: 1 },
        { type: 'set', path: 'ok', value: 1 },
      ])
      expect(result.errors?.map((e) => e.code)).toEqual([
        'merge.value.proto_polluted',
        'set.path.proto_polluted',
      ])
      expect(result.new_value).toEqual({ ok: 1 })
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      await store.close()
    })

    it('never loses concurrent increments', async () => {
      const store = await create()
      const k = key()
      await Promise.all(
        Array.from({ length: 100 }, () =>
          store.update(k, [{ type: 'increment', path: 'n', by: 1 }]),
        ),
      )
      expect(await store.get(k)).toEqual({ n: 100 })
      await store.close()
    })

    it('delivers published pushes to its subscribers until they unsubscribe', async () => {
      const store = await create()
      const stream = uniqueName('s')
      const got: PushMessage[] = []
      const off = store.subscribe((m) => {
        if (m.streamName === stream) got.push(m)
      })
      await store.publish(push(stream, 1))
      await waitFor(() => got.length === 1, { what: 'the push' })
      expect(got[0]).toMatchObject({
        streamName: stream,
        groupId: 'g',
        id: 'i',
        event: { type: 'create', data: 1 },
      })
      off()
      await store.publish(push(stream, 2))
      await store.publish(push(uniqueName('other'), 3))
      const marker = uniqueName('marker')
      const seen: string[] = []
      store.subscribe((m) => seen.push(m.streamName))
      await store.publish(push(marker, 4))
      await waitFor(() => seen.includes(marker), { what: 'the marker push' })
      expect(got).toHaveLength(1)
      await store.close()
    })
  })
}
