import { describe, expect, it } from 'vitest'
import { LogStore } from '../src/log-store'
import { decodeId, parseLogs, parseMetrics, parseTraces } from '../src/otlp-json'
import { queryTraces, traceTree } from '../src/queries'
import { type SpanRecord, SpanStore } from '../src/span-store'

const span = (trace: string, id: string, over: Partial<SpanRecord> = {}): SpanRecord => ({
  trace_id: trace,
  span_id: id,
  name: `op-${id}`,
  kind: 'internal',
  service_name: 'svc',
  start_time_unix_nano: Number(id.replace(/\D/g, '') || 0) * 1e6,
  status: { code: 'ok' },
  attributes: {},
  events: [],
  ...over,
})

describe('span store', () => {
  it('evicts the oldest traces past memory_max_spans and replaces a pending span', () => {
    const store = new SpanStore(3)
    store.upsert(span('t1', 's1', { pending: true }))
    store.upsert(span('t1', 's1'))
    store.upsert(span('t1', 's2'))
    store.upsert(span('t2', 's3'))
    expect(store.size).toBe(3)
    expect(store.trace('t1').find((s) => s.span_id === 's1')?.pending).toBeUndefined()
    store.upsert(span('t3', 's4'))
    expect(store.trace('t1')).toEqual([])
    expect(store.size).toBe(2)
  })

  it('filters, sorts, pages and nests spans', () => {
    const spans = [
      span('t', 's1', { duration_ms: 5, attributes: { k: 'v' } }),
      span('t', 's2', {
        parent_span_id: 's1',
        duration_ms: 50,
        status: { code: 'error', message: 'x' },
      }),
      span('t', 's3', { parent_span_id: 's2', duration_ms: 1, service_name: 'other' }),
      span('t', 's4', { attributes: { 'iii.function.id': 'engine::functions::list' } }),
    ]
    expect(queryTraces(spans, { status: 'ERR' }).spans.map((s) => s.span_id)).toEqual(['s2'])
    expect(
      queryTraces(spans, { min_duration_ms: 2, sort_by: 'duration', sort_order: 'desc' }).spans.map(
        (s) => s.span_id,
      ),
    ).toEqual(['s2', 's1'])
    expect(queryTraces(spans, { attributes: [['k', 'v']] }).spans.map((s) => s.span_id)).toEqual([
      's1',
    ])
    expect(queryTraces(spans, {}).total).toBe(3)
    expect(queryTraces(spans, { include_internal: true, offset: 1, limit: 2 })).toMatchObject({
      total: 4,
      offset: 1,
      limit: 2,
    })
    const [root] = traceTree(spans.slice(0, 3))
    expect(root?.span_id).toBe('s1')
    expect(root?.children[0]?.children[0]?.span_id).toBe('s3')
  })
})

describe('OTLP JSON', () => {
  it('parses spans with hex or base64 ids, attributes and status', () => {
    const traceHex = '0af7651916cd43dd8448eb211c80319c'
    const spanB64 = Buffer.from('b7ad6b7169203331', 'hex').toString('base64')
    const [s] = parseTraces(
      {
        resourceSpans: [
          {
            resource: {
              attributes: [{ key: 'service.name', value: { stringValue: 'node-worker' } }],
            },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: traceHex,
                    spanId: spanB64,
                    parentSpanId: '',
                    name: 'execute x',
                    kind: 1,
                    startTimeUnixNano: '1000000',
                    endTimeUnixNano: '3000000',
                    status: { code: 2, message: 'bad' },
                    attributes: [
                      { key: 'n', value: { intValue: '3' } },
                      { key: 'l', value: { arrayValue: { values: [{ boolValue: true }] } } },
                    ],
                  },
                  { name: 'no ids' },
                ],
              },
            ],
          },
        ],
      },
      'fallback',
    )
    expect(s).toMatchObject({
      trace_id: traceHex,
      span_id: 'b7ad6b7169203331',
      service_name: 'node-worker',
      duration_ms: 2,
      status: { code: 'error', message: 'bad' },
      attributes: { n: 3, l: [true] },
    })
    expect(s?.parent_span_id).toBeUndefined()
    expect(decodeId(42)).toBeUndefined()
    expect(parseTraces('garbage', 'x')).toEqual([])
  })

  it('parses logs and metrics', () => {
    const [log] = parseLogs(
      {
        resourceLogs: [
          {
            scopeLogs: [
              {
                scope: { name: 'sc' },
                logRecords: [
                  { timeUnixNano: '5', severityNumber: 17, body: { stringValue: 'oops' } },
                ],
              },
            ],
          },
        ],
      },
      'w1',
    )
    expect(log).toMatchObject({
      severity_text: 'ERROR',
      body: 'oops',
      service_name: 'w1',
      instrumentation_scope_name: 'sc',
    })
    const metrics = parseMetrics({
      resourceMetrics: [
        {
          scopeMetrics: [
            { metrics: [{ name: 'heap', gauge: { dataPoints: [{ asDouble: 12.5 }] } }] },
          ],
        },
      ],
    })
    expect(metrics).toEqual([{ name: 'heap', value: 12.5, attributes: {} }])
  })

  it('bounds and ages the log store', () => {
    const store = new LogStore(2, 1000)
    const entry = (t: number) => ({
      timestamp_unix_nano: t * 1e6,
      observed_timestamp_unix_nano: t * 1e6,
      severity_number: 9,
      severity_text: 'INFO',
      body: t,
      attributes: {},
      resource: {},
      service_name: 's',
    })
    const now = Date.now()
    store.add(entry(now - 5000))
    store.add(entry(now))
    store.add(entry(now + 1))
    expect(store.list(now).map((e) => e.body)).toEqual([now, now + 1])
    store.add(entry(now - 5000))
    expect(store.list(now).map((e) => e.body)).toEqual([now + 1])
  })
})
