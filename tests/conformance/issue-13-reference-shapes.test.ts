import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk-published'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../src/engine'

/**
 * Answers aligned with the reference engine by issue 13 after the differential runner found them
 * (`pnpm conformance:diff`): the fields an app written against the reference reads are present,
 * next to this engine's own. Through the published iii-sdk.
 */
describe('issue 13: observability and configuration answers carry the reference fields', () => {
  let engine: TestEngine
  let w: ReturnType<typeof registerWorker>

  const call = (function_id: string, payload: unknown) =>
    w.trigger({ function_id, payload, timeoutMs: 20_000 } as never) as Promise<any>
  const fail = (function_id: string, payload: unknown) => call(function_id, payload).catch((e) => e)

  beforeAll(async () => {
    engine = await startTestEngine()
    w = registerWorker(engine.url, {
      workerName: uniqueName('shapes'),
      otel: { enabled: false },
    } as never)
    w.registerFunction('s13::ok', (async () => 1) as never)
    w.registerFunction('s13::fail', (async () => {
      throw new Error('nope')
    }) as never)
    await waitFor(() => engine.core.functions.get('default', 's13::fail'), { what: 's13::fail' })
  })

  afterAll(async () => {
    await w?.shutdown()
    await engine?.stop()
  })

  it('engine::metrics::list has invocations, performance and workers blocks', async () => {
    await call('s13::ok', {})
    await call('s13::ok', {})
    await fail('s13::fail', {})
    const { engine_metrics: m } = await call('engine::metrics::list', {})
    expect(m.invocations.by_function['s13::ok']).toBe(2)
    expect(m.invocations.by_function['s13::fail']).toBe(1)
    expect(m.invocations.total).toBe(m.invocations.success + m.invocations.error)
    expect(m.invocations.total).toBe(m['iii.invocations.total'])
    expect(m.invocations.error).toBeGreaterThanOrEqual(1)
    const p = m.performance
    expect(p.min_duration_ms).toBeLessThanOrEqual(p.avg_duration_ms)
    expect(p.avg_duration_ms).toBeLessThanOrEqual(p.max_duration_ms)
    expect(p.p50_duration_ms).toBeLessThanOrEqual(p.p95_duration_ms)
    expect(p.p95_duration_ms).toBeLessThanOrEqual(p.p99_duration_ms)
    expect(m.workers).toEqual({ active: 1, spawns: 1, deaths: 0 })
    const other = registerWorker(engine.url, { otel: { enabled: false } } as never)
    await waitFor(
      async () => (await call('engine::metrics::list', {})).engine_metrics.workers.spawns === 2,
      {
        what: 'a second worker counted',
      },
    )
    await other.shutdown()
    await waitFor(
      async () => (await call('engine::metrics::list', {})).engine_metrics.workers.deaths === 1,
      {
        what: 'the departed worker counted',
      },
    )
  })

  it('engine::health::check has otel, spans, logs and metrics components with details', async () => {
    await call('engine::log::info', { message: 'for the health count' })
    const { components: c } = await call('engine::health::check', {})
    expect(c.otel).toEqual({
      status: 'healthy',
      details: { enabled: true, exporter: 'memory', service_name: 'iii' },
    })
    expect(c.spans.details.stored_spans).toBe(c.traces.stored_spans)
    expect(c.logs.details.stored_logs).toBeGreaterThanOrEqual(1)
    expect(c.metrics).toEqual({ status: 'healthy', details: { stored_metrics: 0 } })
  })

  it('engine::sampling::rules names default_ratio, parent_based, rules and sampling_ratio', async () => {
    const rules = await call('engine::sampling::rules', {})
    expect(rules.traces).toMatchObject({
      ratio: 1,
      default_ratio: 1,
      parent_based: true,
      rules: [],
    })
    expect(rules.logs).toEqual({ ratio: 1, sampling_ratio: 1 })
  })

  it('engine::logs::list echoes every filter, null when not given', async () => {
    const { query } = await call('engine::logs::list', { limit: 5 })
    expect(query).toEqual({
      start_time: null,
      end_time: null,
      trace_id: null,
      span_id: null,
      severity_min: null,
      severity_text: null,
      offset: null,
      limit: 5,
    })
  })

  it('configuration: an unknown id is NOT_FOUND to read and NOT_REGISTERED to set', async () => {
    const id = uniqueName('nothing')
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
    expect((await fail('configuration::get', { id })).code).toBe('NOT_FOUND')
    expect((await fail('configuration::schema', { id })).code).toBe('NOT_FOUND')
    expect((await fail('configuration::set', { id, value: 1 })).code).toBe('NOT_REGISTERED')
  })
})
