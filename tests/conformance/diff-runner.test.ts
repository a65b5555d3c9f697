import { describe, expect, it } from 'vitest'
import { compareOutcomes, diffValues, formatReport } from '../diff/compare'
import { configFor } from '../diff/engines'
import { messageClass, normalise, shapeOf } from '../diff/normalise'
import { scriptedSteps } from '../diff/scenarios'
import { triageOf } from '../diff/triage'

/** The differential runner's own logic (`pnpm conformance:diff`), without the reference binary. */
describe('conformance diff runner', () => {
  const uuid = '3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b'

  it('normalises ids, timestamps, ports, prose and volatile keys, and sorts keys', () => {
    const value = {
      z: 1,
      id: uuid,
      connected_at_ms: 1796680152960,
      url: 'ws://127.0.0.1:49401/ws/channels/x?key=0123456789abcdef0123456789abcdef',
      description: 'our own words',
      schema: { type: 'object', $ref: '#/definitions/X' },
      _caller_worker_id: 'w-1',
      nested: [{ at: 1796680152960 }],
    }
    const out = normalise(value, { replacements: [['127.0.0.1:49401', '127.0.0.1:<ws-port>']] })
    expect(out).toEqual({
      connected_at_ms: '<timestamp>',
      description: '<text>',
      id: '<uuid>',
      nested: [{ at: '<timestamp>' }],
      schema: '<schema>',
      url: 'ws://127.0.0.1:<ws-port>/ws/channels/x?key=<hex>',
      z: 1,
    })
    expect(Object.keys(out as object)).toEqual(Object.keys(out as object).sort())
  })

  it('finds every differing path, missing keys included, and keys lists of records by id', () => {
    expect(diffValues({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 }, d: null }, 'result')).toEqual([
      { at: 'result.b.c', ours: 2, reference: 3 },
      { at: 'result.d', ours: '<absent>', reference: null },
    ])
    const ours = [
      { function_id: 'a', x: 1 },
      { function_id: 'b', x: 2 },
    ]
    const theirs = [
      { function_id: 'b', x: 2 },
      { function_id: 'a', x: 1 },
    ]
    expect(diffValues(ours, theirs, 'r')).toEqual([])
    expect(diffValues([{ function_id: 'a' }], [], 'r')).toEqual([
      { at: 'r[function_id].a', ours: { function_id: 'a' }, reference: '<absent>' },
    ])
    expect(diffValues([1, 2], [1], 'r')).toEqual([{ at: 'r.length', ours: 2, reference: 1 }])
    // Ids that are not unique (or were normalised to one placeholder) do not key a list.
    expect(
      diffValues(
        [
          { id: 'x', n: 1 },
          { id: 'x', n: 2 },
        ],
        [{ id: 'x', n: 1 }],
        'r',
      ),
    ).toEqual([{ at: 'r.length', ours: 2, reference: 1 }])
    expect(diffValues(undefined, null, 'result')).toEqual([
      { at: 'result', ours: '<absent>', reference: null },
    ])
  })

  it('compares error code and message class, HTTP status and body, and outcome kind', () => {
    const same = compareOutcomes(
      'e',
      { kind: 'error', code: 'X', message: `Function 'a::b' not found (id ${uuid}), 3 tries` },
      { kind: 'error', code: 'X', message: `Function 'c::d' not found (id ${uuid}), 4 tries` },
    )
    expect(same).toEqual([])
    const differ = compareOutcomes(
      'e',
      { kind: 'error', code: 'INVALID_ARGUMENTS', message: 'invalid input at /key' },
      { kind: 'error', code: 'deserialization_error', message: 'missing field `key`' },
    )
    expect(differ.map((d) => d.at)).toEqual(['code', 'message'])
    const http = compareOutcomes(
      'h',
      { kind: 'http', status: 404, body: { error: { code: 'NOT_FOUND' } } },
      { kind: 'http', status: 405, body: '' },
    )
    expect(http.map((d) => d.at)).toEqual(['status', 'body'])
    const kind = compareOutcomes(
      'k',
      { kind: 'result', value: { id: uuid } },
      { kind: 'error', code: 'E', message: 'm' },
    )
    expect(kind).toEqual([
      { step: 'k', at: 'kind', ours: 'result {"id":"<uuid>"}', reference: 'error E: m' },
    ])
    expect(
      compareOutcomes('s', { kind: 'skipped', why: 'n/a' }, { kind: 'result', value: 1 }),
    ).toEqual([])
  })

  it('compares unordered listings without identity as sets, reporting order once', () => {
    const a = [{ p: '/a' }, { p: '/b' }]
    expect(diffValues(a, [...a].reverse(), 'r')).toEqual([
      { at: 'r.order', ours: 'other order', reference: '' },
    ])
    expect(diffValues([1, 2, 3], [3, 1, 4], 'r')).toEqual([
      { at: 'r.1', ours: 2, reference: 3 },
      { at: 'r.2', ours: 3, reference: 4 },
    ])
    expect(diffValues([{ p: 1 }], [{ p: 1 }], 'r')).toEqual([])
  })

  it('reduces a snapshot to its shape: numbers, list elements and function-id maps', () => {
    expect(
      shapeOf({
        total: 3,
        spans: [{ n: 1 }, { n: 2 }],
        empty: [],
        by_function: { publish: 2, 'state::get': 1 },
        status: 'healthy',
        spans_named: [{ name: 'call a', status: 'ok' }],
      }),
    ).toEqual({
      total: '<number>',
      spans: [{ n: '<number>' }],
      spans_named: [{ name: '<name>', status: 'ok' }],
      empty: [],
      by_function: { '<function-id>': '<number>' },
      status: 'healthy',
    })
  })

  it('compares metrics, health and stored telemetry probes by shape only', () => {
    const names = scriptedSteps(['engine::metrics::list', 'state::get']).map((s) => s.name)
    expect(names).toContain('engine::metrics::list with {} (shape)')
    expect(names).toContain('state::get with {}')
  })

  it('classes messages by wording, not by the names and numbers in them', () => {
    expect(messageClass("Route 'GET /a/:x' conflicts with 'GET /a/:y'")).toBe(
      'Route <q> conflicts with <q>',
    )
    expect(messageClass('took 12 ms')).toBe(messageClass('took 3400 ms'))
  })

  it('reports differences per step with a count', () => {
    const report = formatReport(
      [
        { step: 'one', at: 'code', ours: 'A', reference: 'B' },
        { step: 'one', at: 'message', ours: 'a', reference: 'b' },
        { step: 'two', at: 'status', ours: 200, reference: 404 },
      ],
      5,
    )
    expect(report).toContain('● one\n    code: ours A | reference B')
    expect(report).toContain('● two\n    status: ours 200 | reference 404')
    expect(report).toContain('5 steps compared; 2 steps differ (3 differences).')
  })

  it('names the §15 entry of each known difference and counts the untriaged', () => {
    const d = (step: string, at: string, ours: unknown, reference: unknown) => ({
      step,
      at,
      ours,
      reference,
    })
    expect(
      triageOf(d('state::get with {}', 'code', 'INVALID_ARGUMENTS', 'deserialization_error')),
    ).toBe(12)
    expect(triageOf(d('HTTP trailing slash', 'status', 200, 404))).toBe(17)
    const pointer = 'deserialization_error: invalid input at /limit: Expected union value'
    expect(triageOf(d('engine::logs::list limit', 'message', pointer, 'missing field'))).toBe(12)
    expect(triageOf(d('engine::baggage::set', 'result.note', 'ours', 'theirs'))).toBe(13)
    expect(
      triageOf(d('state::list_keys with {}', 'code', 'INVALID_ARGUMENTS', 'function_not_found')),
    ).toBe(26)
    expect(triageOf(d('engine::metrics::list with {} (shape)', 'result.x', 1, 2))).toBe(24)
    expect(triageOf(d('state::set new key', 'result.old_value', '<absent>', null))).toBeUndefined()
    const report = formatReport(
      [d('HTTP trailing slash', 'status', 200, 404), d('state::set new key', 'result.a', 1, 2)],
      2,
      triageOf,
    )
    expect(report).toContain('status: ours 200 | reference 404  [§15.17]')
    expect(report).toContain('result.a: ours 1 | reference 2  [untriaged]')
    expect(report).toContain('(2 differences; 1 untriaged)')
  })

  it('scripts every built-in function either engine has, skipping lifecycle functions', () => {
    const steps = scriptedSteps(['state::get', 'engine::shutdown', 'iii-http::on-config-change'])
    const names = steps.map((s) => s.name)
    expect(names).toContain('state::get with {}')
    expect(names).not.toContain('engine::shutdown with {}')
    expect(names).not.toContain('iii-http::on-config-change with {}')
    expect(new Set(names).size).toBe(names.length)
    expect(names.some((n) => n.startsWith('HTTP '))).toBe(true)
  })

  it('gives both engines the same worker list, differing only in ports', () => {
    const a = configFor({ ws: 1, http: 2, stream: 3 })
    const b = configFor({ ws: 4, http: 5, stream: 6 })
    expect(a.replace(/\d+/g, 'N')).toBe(b.replace(/\d+/g, 'N'))
    expect(a).toContain('iii-worker-manager')
  })
})
