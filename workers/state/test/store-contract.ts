import { randomUUID } from 'node:crypto'
import type { UpdateOp } from '@iii/update-ops'
import { describe, expect, it } from 'vitest'
import type { StateStore } from '../src/index'

const scopeName = () => `scope-${randomUUID().slice(0, 8)}`
const inc = (path: string, by = 1): UpdateOp => ({ type: 'increment', path, by })

/** The state adapter contract: memory, file and Redis must pass it unchanged. */
export function describeStateStore(name: string, create: () => Promise<StateStore>) {
  describe(`state store contract: ${name}`, () => {
    const withStore = async (fn: (store: StateStore) => Promise<void>) => {
      const store = await create()
      try {
        await fn(store)
      } finally {
        await store.close()
      }
    }

    it('get of an absent key is undefined; set returns the previous value', () =>
      withStore(async (store) => {
        const scope = scopeName()
        expect(await store.get(scope, 'k')).toBeUndefined()
        expect(await store.set(scope, 'k', { v: 1 })).toBeUndefined()
        expect(await store.set(scope, 'k', { v: 2 })).toEqual({ v: 1 })
        expect(await store.get(scope, 'k')).toEqual({ v: 2 })
      }))

    it('round-trips JSON faithfully: null, empty containers, floats, unicode', () =>
      withStore(async (store) => {
        const scope = scopeName()
        const value = {
          n: null,
          a: [],
          o: {},
          f: 0.1,
          pi: Math.PI,
          big: 2 ** 53,
          s: 'é/😀"\n',
          nested: [[], [{}]],
        }
        await store.set(scope, 'k', value)
        expect(await store.get(scope, 'k')).toEqual(value)
        await store.set(scope, 'null', null)
        expect(await store.get(scope, 'null')).toBeNull()
        await store.update(scope, 'k', { ops: [inc('z')] })
        expect(await store.get(scope, 'k')).toEqual({ ...value, z: 1 })
      }))

    it('keeps a __proto__ key as data and never touches Object.prototype', () =>
      withStore(async (store) => {
        const scope = scopeName()
        const value = JSON.parse('{"__proto__":{"polluted":true},"a":1}')
        await store.set(scope, 'k', value)
        const read = await store.get(scope, 'k')
        expect(JSON.stringify(read)).toBe(JSON.stringify(value))
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      }))

    it('delete returns the previous value; a second delete finds nothing', () =>
      withStore(async (store) => {
        const scope = scopeName()
        await store.set(scope, 'k', 'v')
        expect(await store.delete(scope, 'k')).toBe('v')
        expect(await store.delete(scope, 'k')).toBeUndefined()
        expect(await store.get(scope, 'k')).toBeUndefined()
      }))

    it('list returns one scope; list_groups is sorted and drops emptied scopes', () =>
      withStore(async (store) => {
        const [a, b] = [scopeName(), scopeName()].sort()
        await store.set(a as string, 'x', 1)
        await store.set(a as string, 'y', 2)
        await store.set(b as string, 'x', 3)
        expect((await store.list(a as string)).sort()).toEqual([1, 2])
        expect(await store.listKeys(a as string)).toEqual(['x', 'y'])
        expect(await store.listKeys(scopeName())).toEqual([])
        expect(await store.list(scopeName())).toEqual([])
        const groups = await store.listGroups()
        expect(groups).toEqual([...groups].sort())
        expect(groups.filter((g) => g === a || g === b)).toEqual([a, b])
        await store.delete(b as string, 'x')
        expect(await store.listGroups()).not.toContain(b)
      }))

    it('update starts an absent key at {}, reports failing ops and keeps the others', () =>
      withStore(async (store) => {
        const scope = scopeName()
        const first = await store.update(scope, 'k', {
          ops: [inc('n', 2), { type: 'append', path: 'l', value: 'a' }],
        })
        expect(first).toEqual({ old_value: undefined, new_value: { n: 2, l: 'a' }, errors: [] })
        const second = await store.update(scope, 'k', {
          ops: [{ type: 'increment', path: 'l', by: 1 }, inc('n')],
        })
        expect(second.old_value).toEqual({ n: 2, l: 'a' })
        expect(second.new_value).toEqual({ n: 3, l: 'a' })
        expect(second.errors.map((e) => [e.op_index, e.code])).toEqual([
          [0, 'increment.not_number'],
        ])
        expect(await store.get(scope, 'k')).toEqual({ n: 3, l: 'a' })
      }))

    it('update over max bytes is refused and writes nothing', () =>
      withStore(async (store) => {
        const scope = scopeName()
        await store.set(scope, 'k', { s: 'ab' })
        const grow: UpdateOp = { type: 'append', path: 's', value: 'x'.repeat(100) }
        await expect(
          store.update(scope, 'k', { ops: [grow], maxValueBytes: 50 }),
        ).rejects.toMatchObject({ code: 'VALUE_TOO_LARGE' })
        expect(await store.get(scope, 'k')).toEqual({ s: 'ab' })
        await expect(
          store.update(scope, 'k', { ops: [inc('n')], maxValueBytes: 50 }),
        ).resolves.toMatchObject({ new_value: { s: 'ab', n: 1 } })
      }))

    it('concurrent updates never lose an increment', () =>
      withStore(async (store) => {
        const scope = scopeName()
        await Promise.all(
          Array.from({ length: 200 }, () => store.update(scope, 'counter', { ops: [inc('n')] })),
        )
        expect(await store.get(scope, 'counter')).toEqual({ n: 200 })
      }))

    it('a value handed out does not change with later writes', () =>
      withStore(async (store) => {
        const scope = scopeName()
        await store.set(scope, 'k', { l: [1] })
        const before = await store.get(scope, 'k')
        await store.update(scope, 'k', { ops: [{ type: 'append', path: 'l', value: 2 }] })
        expect(before).toEqual({ l: [1] })
        expect(await store.get(scope, 'k')).toEqual({ l: [1, 2] })
      }))
  })
}
