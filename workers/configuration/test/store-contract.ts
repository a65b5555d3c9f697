import { describe, expect, it } from 'vitest'
import type { ConfigurationStore, StoredEntry } from '../src/index'

const entry = (id: string, value: unknown, extra: Partial<StoredEntry> = {}): StoredEntry => ({
  id,
  name: `Entry ${id}`,
  description: 'a test entry',
  schema: { type: 'object', properties: { n: { type: 'integer' } } },
  value,
  ...extra,
})

/** The configuration adapter contract: memory and fs must pass it unchanged. */
export function describeConfigurationStore(
  name: string,
  create: () => Promise<ConfigurationStore>,
) {
  describe(`configuration store contract: ${name}`, () => {
    const withStore = async (fn: (store: ConfigurationStore) => Promise<void>) => {
      const store = await create()
      try {
        await fn(store)
      } finally {
        await store.close()
      }
    }

    it('get of an absent id is undefined; put returns the previous entry', () =>
      withStore(async (store) => {
        expect(await store.get('a')).toBeUndefined()
        expect(await store.put(entry('a', { n: 1 }))).toBeUndefined()
        expect(await store.put(entry('a', { n: 2 }))).toEqual(entry('a', { n: 1 }))
        expect(await store.get('a')).toEqual(entry('a', { n: 2 }))
      }))

    it('keeps metadata, null values and entries without a value apart', () =>
      withStore(async (store) => {
        await store.put(
          entry('with-meta', { n: 1 }, { metadata: { owner: 'team-a', tags: ['x'] } }),
        )
        await store.put(entry('null-value', null))
        await store.put(entry('no-value', undefined))
        expect(await store.get('with-meta')).toEqual(
          entry('with-meta', { n: 1 }, { metadata: { owner: 'team-a', tags: ['x'] } }),
        )
        expect(await store.get('null-value')).toEqual(entry('null-value', null))
        const none = await store.get('no-value')
        expect(none?.value).toBeUndefined()
        expect(none).toEqual(entry('no-value', undefined))
      }))

    it('round-trips JSON faithfully, placeholders stay raw', () =>
      withStore(async (store) => {
        const value = {
          s: 'é/😀"\n',
          url: `\${DB_URL:postgres://localhost}`,
          f: 0.1,
          big: 2 ** 53,
          a: [[], [{}]],
          o: {},
          z: null,
        }
        await store.put(entry('json', value))
        expect((await store.get('json'))?.value).toEqual(value)
      }))

    it('lists every entry sorted by id', () =>
      withStore(async (store) => {
        for (const id of ['b', 'a_1', 'c-2', 'a']) await store.put(entry(id, { n: 0 }))
        expect((await store.list()).map((e) => e.id)).toEqual(['a', 'a_1', 'b', 'c-2'])
      }))

    it('delete returns the removed entry; deleting an absent id returns undefined', () =>
      withStore(async (store) => {
        await store.put(entry('gone', { n: 3 }))
        expect(await store.delete('gone')).toEqual(entry('gone', { n: 3 }))
        expect(await store.delete('gone')).toBeUndefined()
        expect(await store.get('gone')).toBeUndefined()
        expect(await store.list()).toEqual([])
      }))

    it('never shares objects with callers', () =>
      withStore(async (store) => {
        const written = entry('copy', { n: 1 })
        await store.put(written)
        ;(written.value as { n: number }).n = 99
        const read = await store.get('copy')
        expect(read?.value).toEqual({ n: 1 })
        ;(read?.value as { n: number }).n = 42
        expect((await store.get('copy'))?.value).toEqual({ n: 1 })
      }))
  })
}
