import Redis from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applyUpdateOps,
  parseUpdateOps,
  type UpdateOpError,
  type UpdateOpsResult,
  updateOpsLua,
} from '../src/index'
import { testRedisUrl } from './redis-url'
import { updateCases } from './update-ops-cases'

const luaRunner = `${updateOpsLua}
local current = false
if ARGV[1] == '1' then current = ARGV[2] end
local value_json, errors_json = iii_update.apply(current, ARGV[3])
return { value_json, errors_json }`

let redis: Redis

/** The Lua implementation, through a real redis-server: ops are checked in JS first, as the adapters do. */
async function applyInRedis(current: unknown, ops: unknown): Promise<UpdateOpsResult> {
  const checked = JSON.stringify(parseUpdateOps(ops))
  const present = current === undefined ? '0' : '1'
  const reply = await redis.eval(luaRunner, 0, present, JSON.stringify(current ?? null), checked)
  if (!Array.isArray(reply) || typeof reply[0] !== 'string' || typeof reply[1] !== 'string')
    throw new Error('unexpected reply')
  return { value: JSON.parse(reply[0]), errors: JSON.parse(reply[1]) as UpdateOpError[] }
}

/** True when every object inside `value` is prototype-free. */
function prototypeFree(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== null) return false
  return Object.values(value).every(prototypeFree)
}

beforeAll(() => {
  redis = new Redis(testRedisUrl())
})
afterAll(async () => {
  await redis.quit()
})

describe('update ops: one table, JS and Lua', () => {
  it.each(updateCases)('$name', async (c) => {
    const js = applyUpdateOps(c.current, c.ops)
    expect(js.value).toEqual(c.value)
    expect(js.errors.map((e) => [e.op_index, e.code])).toEqual(c.errors ?? [])
    expect(prototypeFree(js.value)).toBe(true)
    const lua = await applyInRedis(c.current, c.ops)
    expect(lua.value).toEqual(c.value)
    // Same codes, indexes, messages and doc URLs: the two implementations cannot drift apart.
    expect(lua.errors).toEqual(js.errors)
  })
})

describe('update ops: JS specifics', () => {
  it('never changes the value it was given', () => {
    const current = { l: [1], o: { a: 1 }, n: 1 }
    const before = structuredClone(current)
    applyUpdateOps(current, [
      { type: 'append', path: 'l', value: 2 },
      { type: 'merge', path: 'o', value: { b: 2 } },
      { type: 'increment', path: 'n', by: 1 },
    ])
    expect(current).toEqual(before)
  })

  it('stores __proto__ inside values as a plain key, never as a prototype', () => {
    const payload = JSON.parse(
      '{"__proto__":{"polluted":true},"nested":{"__proto__":{"polluted":true}}}',
    )
    const { value, errors } = applyUpdateOps(undefined, [
      { type: 'set', path: 'v', value: payload },
    ])
    expect(errors).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(prototypeFree(value)).toBe(true)
    expect(JSON.parse(JSON.stringify(value))).toEqual({ v: payload })
  })

  it('reports every error with op_index, code, message and doc_url', () => {
    const { errors } = applyUpdateOps({ n: 'x' }, [{ type: 'increment', path: 'n', by: 1 }])
    expect(errors).toEqual([
      {
        op_index: 0,
        code: 'increment.not_number',
        message: 'increment: the value at "n" is a string, not a number',
        doc_url: 'docs/reference/errors.md#update',
      },
    ])
  })
})

describe('update ops: a malformed list is refused as a whole', () => {
  const refused: [string, unknown, string][] = [
    ['ops is not an array', { type: 'set' }, 'ops must be an array'],
    ['ops is missing', undefined, 'ops must be an array'],
    ['an op is not an object', [1], 'ops[0] must be an object with a type'],
    ['an op is an array', [[]], 'ops[0] must be an object with a type'],
    [
      'an unknown type',
      [{ type: 'set', path: 'a', value: 1 }, { type: 'frobnicate' }],
      'ops[1].type "frobnicate" is unknown',
    ],
    ['a missing type', [{ path: 'a' }], 'ops[0].type undefined is unknown'],
    ['set without a path', [{ type: 'set', value: 1 }], 'ops[0].path must be a string'],
    [
      'set with an array path',
      [{ type: 'set', path: ['a'], value: 1 }],
      'ops[0].path must be a string',
    ],
    ['set without a value', [{ type: 'set', path: 'a' }], 'ops[0].value is required'],
    [
      'increment with a string by',
      [{ type: 'increment', path: 'a', by: '1' }],
      'ops[0].by must be an integer',
    ],
    [
      'decrement with a fractional by',
      [{ type: 'decrement', path: 'a', by: 0.5 }],
      'ops[0].by must be an integer',
    ],
    ['increment without by', [{ type: 'increment', path: 'a' }], 'ops[0].by must be an integer'],
    [
      'merge with a numeric path',
      [{ type: 'merge', path: 3, value: {} }],
      'ops[0].path must be a string or an array of strings',
    ],
    [
      'merge with a non-string segment',
      [{ type: 'merge', path: ['a', 1], value: {} }],
      'ops[0].path must be a string or an array of strings',
    ],
    ['append without a value', [{ type: 'append', path: 'l' }], 'ops[0].value is required'],
    ['remove with a null path', [{ type: 'remove', path: null }], 'ops[0].path must be a string'],
  ]
  it.each(refused)('%s', (_name, ops, message) => {
    let thrown: unknown
    try {
      applyUpdateOps({ a: 1 }, ops)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toMatchObject({ code: 'INVALID_ARGUMENTS' })
    expect((thrown as Error).message).toContain(message)
  })

  it('lets the caller pick the error code', () => {
    expect(() => parseUpdateOps('nope', 'STREAM_UPDATE_ERROR')).toThrow(
      expect.objectContaining({ code: 'STREAM_UPDATE_ERROR' }),
    )
  })
})
