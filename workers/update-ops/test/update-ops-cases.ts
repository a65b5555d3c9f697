/** One update-ops case: `current` undefined means the key is absent. */
export interface UpdateCase {
  name: string
  current?: unknown
  ops: unknown[]
  value: unknown
  /** `[op_index, code]` of every expected error, in order. */
  errors?: [number, string][]
}

const long = 'k'.repeat(257)
const deep = (levels: number): unknown => (levels === 0 ? 1 : { d: deep(levels - 1) })
const manyKeys = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))
const segments = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`)
const nestAt = (path: string[], leaf: unknown): unknown =>
  path.reduceRight((inner, key) => ({ [key]: inner }), leaf)

/** The table both implementations (JS and Lua) must satisfy exactly. */
export const updateCases: UpdateCase[] = [
  // set
  {
    name: 'set on an absent value starts from {}',
    ops: [{ type: 'set', path: 'a', value: 1 }],
    value: { a: 1 },
  },
  {
    name: 'set path "" replaces the whole value',
    current: { a: 1 },
    ops: [{ type: 'set', path: '', value: [1, 2] }],
    value: [1, 2],
  },
  {
    name: 'set never traverses dots',
    current: { a: { b: 1 } },
    ops: [{ type: 'set', path: 'a.b', value: 2 }],
    value: { a: { b: 1 }, 'a.b': 2 },
  },
  {
    name: 'set keeps nested values, empty arrays and objects',
    ops: [{ type: 'set', path: 'x', value: { e: [], o: {}, n: null, f: 0.1 } }],
    value: { x: { e: [], o: {}, n: null, f: 0.1 } },
  },
  {
    name: 'set on a number is target_not_object',
    current: 5,
    ops: [{ type: 'set', path: 'a', value: 1 }],
    value: 5,
    errors: [[0, 'set.target_not_object']],
  },
  {
    name: 'set on an array is target_not_object',
    current: [1],
    ops: [{ type: 'set', path: 'a', value: 1 }],
    value: [1],
    errors: [[0, 'set.target_not_object']],
  },
  {
    name: 'set on null starts an object',
    current: null,
    ops: [{ type: 'set', path: 'a', value: true }],
    value: { a: true },
  },
  {
    name: 'set __proto__ is refused',
    ops: [{ type: 'set', path: '__proto__', value: { polluted: 1 } }],
    value: {},
    errors: [[0, 'set.path.proto_polluted']],
  },
  {
    name: 'set constructor is refused',
    current: { a: 1 },
    ops: [{ type: 'set', path: 'constructor', value: 1 }],
    value: { a: 1 },
    errors: [[0, 'set.path.proto_polluted']],
  },
  {
    name: 'set with a 257-byte key is refused',
    ops: [{ type: 'set', path: long, value: 1 }],
    value: {},
    errors: [[0, 'set.path.segment_too_long']],
  },
  {
    name: 'set with a 256-byte key of multibyte characters',
    ops: [{ type: 'set', path: 'é'.repeat(128), value: 1 }],
    value: { ['é'.repeat(128)]: 1 },
  },
  {
    name: 'set with a 258-byte multibyte key is refused',
    ops: [{ type: 'set', path: 'é'.repeat(129), value: 1 }],
    value: {},
    errors: [[0, 'set.path.segment_too_long']],
  },
  {
    name: 'set keeps precise floats and large integers',
    current: { pi: Math.PI, big: 2 ** 53 },
    ops: [{ type: 'set', path: 'x', value: 1e-7 }],
    value: { pi: Math.PI, big: 2 ** 53, x: 1e-7 },
  },
  {
    name: 'set keeps unicode and escapes',
    ops: [{ type: 'set', path: 'k"\\/ü', value: 'line\n"tab"\t/😀' }],
    value: { 'k"\\/ü': 'line\n"tab"\t/😀' },
  },
  // increment / decrement
  {
    name: 'increment a missing key starts at by',
    ops: [{ type: 'increment', path: 'n', by: 3 }],
    value: { n: 3 },
  },
  {
    name: 'increment adds',
    current: { n: 1.5 },
    ops: [{ type: 'increment', path: 'n', by: 2 }],
    value: { n: 3.5 },
  },
  {
    name: 'decrement a missing key starts at -by',
    ops: [{ type: 'decrement', path: 'n', by: 4 }],
    value: { n: -4 },
  },
  {
    name: 'decrement subtracts',
    current: { n: 10 },
    ops: [{ type: 'decrement', path: 'n', by: 3 }],
    value: { n: 7 },
  },
  {
    name: 'increment a string is not_number',
    current: { n: 'x' },
    ops: [{ type: 'increment', path: 'n', by: 1 }],
    value: { n: 'x' },
    errors: [[0, 'increment.not_number']],
  },
  {
    name: 'decrement null is not_number',
    current: { n: null },
    ops: [{ type: 'decrement', path: 'n', by: 1 }],
    value: { n: null },
    errors: [[0, 'decrement.not_number']],
  },
  {
    name: 'increment on a string value is target_not_object',
    current: 'abc',
    ops: [{ type: 'increment', path: 'n', by: 1 }],
    value: 'abc',
    errors: [[0, 'increment.target_not_object']],
  },
  {
    name: 'decrement on an array is target_not_object',
    current: [],
    ops: [{ type: 'decrement', path: 'n', by: 1 }],
    value: [],
    errors: [[0, 'decrement.target_not_object']],
  },
  {
    name: 'increment path "" is an empty segment',
    ops: [{ type: 'increment', path: '', by: 1 }],
    value: {},
    errors: [[0, 'increment.path.empty_segment']],
  },
  {
    name: 'increment prototype is refused',
    ops: [{ type: 'increment', path: 'prototype', by: 1 }],
    value: {},
    errors: [[0, 'increment.path.proto_polluted']],
  },
  {
    name: 'decrement __proto__ is refused',
    ops: [{ type: 'decrement', path: '__proto__', by: 1 }],
    value: {},
    errors: [[0, 'decrement.path.proto_polluted']],
  },
  // remove
  {
    name: 'remove deletes a key',
    current: { a: 1, b: 2 },
    ops: [{ type: 'remove', path: 'a' }],
    value: { b: 2 },
  },
  {
    name: 'remove of a missing key is a no-op',
    current: { a: 1 },
    ops: [{ type: 'remove', path: 'zz' }],
    value: { a: 1 },
  },
  {
    name: 'remove path "" makes the value null',
    current: { a: 1 },
    ops: [{ type: 'remove', path: '' }],
    value: null,
  },
  {
    name: 'remove on null stays null',
    current: null,
    ops: [{ type: 'remove', path: 'a' }],
    value: null,
  },
  {
    name: 'remove on a number is target_not_object',
    current: 1,
    ops: [{ type: 'remove', path: 'a' }],
    value: 1,
    errors: [[0, 'remove.target_not_object']],
  },
  {
    name: 'remove constructor is refused',
    current: { a: 1 },
    ops: [{ type: 'remove', path: 'constructor' }],
    value: { a: 1 },
    errors: [[0, 'remove.path.proto_polluted']],
  },
  // merge
  {
    name: 'merge into the root is shallow',
    current: { a: { x: 1 }, b: 1 },
    ops: [{ type: 'merge', value: { a: { y: 2 }, c: 3 } }],
    value: { a: { y: 2 }, b: 1, c: 3 },
  },
  {
    name: 'merge with path "" and [] targets the root',
    ops: [
      { type: 'merge', path: '', value: { a: 1 } },
      { type: 'merge', path: [], value: { b: [] } },
    ],
    value: { a: 1, b: [] },
  },
  {
    name: 'merge at a one-key path creates the object',
    current: { s: 1 },
    ops: [{ type: 'merge', path: 'sessions', value: { a: 1 } }],
    value: { s: 1, sessions: { a: 1 } },
  },
  {
    name: 'merge at a nested path creates intermediates',
    ops: [{ type: 'merge', path: ['a', 'b.c', 'd'], value: { x: 1 } }],
    value: { a: { 'b.c': { d: { x: 1 } } } },
  },
  {
    name: 'merge replaces null and scalar intermediates',
    current: { a: null, b: 5 },
    ops: [
      { type: 'merge', path: ['a', 'x'], value: { v: 1 } },
      { type: 'merge', path: ['b'], value: { v: 2 } },
    ],
    value: { a: { x: { v: 1 } }, b: { v: 2 } },
  },
  {
    name: 'merge into a non-object root replaces it',
    current: 'text',
    ops: [{ type: 'merge', value: { a: 1 } }],
    value: { a: 1 },
  },
  {
    name: 'merge of an array is not_an_object',
    ops: [{ type: 'merge', value: [1] }],
    value: {},
    errors: [[0, 'merge.value.not_an_object']],
  },
  {
    name: 'merge of null is not_an_object',
    ops: [{ type: 'merge', path: 'a', value: null }],
    value: {},
    errors: [[0, 'merge.value.not_an_object']],
  },
  {
    name: 'merge of a __proto__ key is refused',
    ops: [{ type: 'merge', value: JSON.parse('{"ok":1,"__proto__":{"polluted":true}}') }],
    value: {},
    errors: [[0, 'merge.value.proto_polluted']],
  },
  {
    name: 'merge of a constructor key is refused',
    ops: [{ type: 'merge', value: { constructor: { prototype: 1 } } }],
    value: {},
    errors: [[0, 'merge.value.proto_polluted']],
  },
  {
    name: 'merge through a __proto__ segment is refused',
    ops: [{ type: 'merge', path: ['a', '__proto__'], value: { x: 1 } }],
    value: {},
    errors: [[0, 'merge.path.proto_polluted']],
  },
  {
    name: 'merge with a prototype segment is refused',
    ops: [{ type: 'merge', path: 'prototype', value: { x: 1 } }],
    value: {},
    errors: [[0, 'merge.path.proto_polluted']],
  },
  {
    name: 'merge with an empty segment is refused',
    ops: [{ type: 'merge', path: ['a', ''], value: { x: 1 } }],
    value: {},
    errors: [[0, 'merge.path.empty_segment']],
  },
  {
    name: 'merge with 33 segments is too deep',
    ops: [{ type: 'merge', path: segments(33), value: { x: 1 } }],
    value: {},
    errors: [[0, 'merge.path.too_deep']],
  },
  {
    name: 'merge with 32 segments is allowed',
    ops: [{ type: 'merge', path: segments(32), value: { x: 1 } }],
    value: nestAt(segments(32), { x: 1 }),
  },
  {
    name: 'merge with a long segment is refused',
    ops: [{ type: 'merge', path: ['a', long], value: { x: 1 } }],
    value: {},
    errors: [[0, 'merge.path.segment_too_long']],
  },
  {
    name: 'merge of a value 16 levels deep is allowed',
    ops: [{ type: 'merge', value: deep(16) }],
    value: deep(16),
  },
  {
    name: 'merge of a value 17 levels deep is too_deep',
    ops: [{ type: 'merge', value: deep(17) }],
    value: {},
    errors: [[0, 'merge.value.too_deep']],
  },
  {
    name: 'merge counts arrays as levels',
    ops: [{ type: 'merge', value: { a: [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]] } }],
    value: {},
    errors: [[0, 'merge.value.too_deep']],
  },
  {
    name: 'merge of 1024 keys is allowed',
    ops: [{ type: 'merge', value: manyKeys(1024) }],
    value: manyKeys(1024),
  },
  {
    name: 'merge of 1025 keys is too_many_keys',
    ops: [{ type: 'merge', value: manyKeys(1025) }],
    value: {},
    errors: [[0, 'merge.value.too_many_keys']],
  },
  // append
  {
    name: 'append pushes onto an array',
    current: { l: [1] },
    ops: [{ type: 'append', path: 'l', value: { x: 2 } }],
    value: { l: [1, { x: 2 }] },
  },
  {
    name: 'append concatenates strings',
    current: { s: 'ab' },
    ops: [{ type: 'append', path: 's', value: 'cd' }],
    value: { s: 'abcd' },
  },
  {
    name: 'append a string to a missing one-key leaf starts a string',
    ops: [{ type: 'append', path: 's', value: 'ab' }],
    value: { s: 'ab' },
  },
  {
    name: 'append a number to a missing leaf starts an array',
    ops: [{ type: 'append', path: 'l', value: 1 }],
    value: { l: [1] },
  },
  {
    name: 'append at a nested path starts an array, even for strings',
    ops: [{ type: 'append', path: ['a', 'b'], value: 'x' }],
    value: { a: { b: ['x'] } },
  },
  {
    name: 'append a one-segment array path starts an array',
    ops: [{ type: 'append', path: ['s'], value: 'x' }],
    value: { s: ['x'] },
  },
  {
    name: 'append to a null leaf starts an array',
    current: { l: null },
    ops: [{ type: 'append', path: 'l', value: null }],
    value: { l: [null] },
  },
  {
    name: 'append replaces scalar intermediates',
    current: { a: 3 },
    ops: [{ type: 'append', path: ['a', 'b'], value: 1 }],
    value: { a: { b: [1] } },
  },
  {
    name: 'append a number to a string is type_mismatch',
    current: { s: 'ab' },
    ops: [{ type: 'append', path: 's', value: 1 }],
    value: { s: 'ab' },
    errors: [[0, 'append.type_mismatch']],
  },
  {
    name: 'append to an object leaf is type_mismatch',
    current: { o: {} },
    ops: [{ type: 'append', path: 'o', value: 1 }],
    value: { o: {} },
    errors: [[0, 'append.type_mismatch']],
  },
  {
    name: 'append to a number leaf is type_mismatch',
    current: { a: { n: 1 } },
    ops: [{ type: 'append', path: ['a', 'n'], value: 1 }],
    value: { a: { n: 1 } },
    errors: [[0, 'append.type_mismatch']],
  },
  {
    name: 'append at the root of an array value',
    current: [1],
    ops: [{ type: 'append', value: 2 }],
    value: [1, 2],
  },
  {
    name: 'append at the root of a string value',
    current: 'ab',
    ops: [{ type: 'append', path: [], value: 'c' }],
    value: 'abc',
  },
  {
    name: 'append at the root of an absent value is type_mismatch',
    ops: [{ type: 'append', value: 1 }],
    value: {},
    errors: [[0, 'append.type_mismatch']],
  },
  {
    name: 'append at the root of null starts an array',
    current: null,
    ops: [{ type: 'append', value: 'x' }],
    value: ['x'],
  },
  {
    name: 'append with a key on a number is target_not_object',
    current: 7,
    ops: [{ type: 'append', path: 'l', value: 1 }],
    value: 7,
    errors: [[0, 'append.target_not_object']],
  },
  {
    name: 'append through a constructor segment is refused',
    ops: [{ type: 'append', path: ['constructor', 'x'], value: 1 }],
    value: {},
    errors: [[0, 'append.path.proto_polluted']],
  },
  {
    name: 'append with an empty segment is refused',
    ops: [{ type: 'append', path: ['', 'x'], value: 1 }],
    value: {},
    errors: [[0, 'append.path.empty_segment']],
  },
  {
    name: 'append with 33 segments is too deep',
    ops: [{ type: 'append', path: segments(33), value: 1 }],
    value: {},
    errors: [[0, 'append.path.too_deep']],
  },
  {
    name: 'append with a long segment is refused',
    ops: [{ type: 'append', path: long, value: 1 }],
    value: {},
    errors: [[0, 'append.path.segment_too_long']],
  },
  // lists
  {
    name: 'a failing op is skipped; earlier and later ops apply',
    current: { n: 'x', l: [] },
    ops: [
      { type: 'set', path: 'a', value: 1 },
      { type: 'increment', path: 'n', by: 1 },
      { type: 'append', path: 'l', value: 'v' },
      { type: 'merge', value: { __proto__: null, prototype: 1 } },
      { type: 'increment', path: 'c', by: 2 },
    ],
    value: { n: 'x', l: ['v'], a: 1, c: 2 },
    errors: [
      [1, 'increment.not_number'],
      [3, 'merge.value.proto_polluted'],
    ],
  },
  {
    name: 'ops apply in order',
    ops: [
      { type: 'set', path: 'n', value: 1 },
      { type: 'increment', path: 'n', by: 1 },
      { type: 'remove', path: '' },
      { type: 'set', path: 'x', value: 2 },
    ],
    value: { x: 2 },
  },
  { name: 'an empty list leaves the value', current: { a: [] }, ops: [], value: { a: [] } },
  { name: 'an empty list on an absent value gives {}', ops: [], value: {} },
  {
    name: 'false and 0 are values, not absence',
    current: { f: false, z: 0 },
    ops: [{ type: 'increment', path: 'z', by: 1 }],
    value: { f: false, z: 1 },
  },
  {
    name: 'set path "" to false',
    current: { a: 1 },
    ops: [{ type: 'set', path: '', value: false }],
    value: false,
  },
  {
    name: 'large and fractional numbers survive arithmetic',
    current: { n: 0.1 },
    ops: [
      { type: 'increment', path: 'n', by: 0 },
      { type: 'increment', path: 'm', by: 9007199254740991 },
    ],
    value: { n: 0.1, m: 9007199254740991 },
  },
]
