import { createHash } from 'node:crypto'
import { silentLogger } from '@iii/core'
import { sleep, uniqueName, waitFor } from '@iii/testing'
import { startEngine } from 'iii-engine'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'

interface Fire {
  trigger: string
  job_id: string
  scheduled_time: string
  actual_time: string
}

const config = JSON.stringify({
  workers: [{ name: 'iii-worker-manager', config: { port: 0 } }, { name: 'cron' }],
})

describe('cron e2e (memory locks)', () => {
  let engine: TestEngine
  const workers: IIIWorker[] = []
  const worker = () => {
    const w = registerWorker(engine.url, { workerName: uniqueName('cron') })
    workers.push(w)
    return w
  }
  const fires = (w: IIIWorker, fn: string) => {
    const got: Fire[] = []
    w.registerFunction(fn, async (d: Fire) => {
      got.push(d)
      return null
    })
    return got
  }
  const registered = (fn: string) => waitFor(() => engine.core.functions.get('default', fn))
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.shutdown()
    await engine?.stop()
  })

  it('fires every second with {trigger, job_id, scheduled_time, actual_time}', async () => {
    engine = await startTestEngine({ configText: config })
    const fn = uniqueName('cron::tick')
    const w = worker()
    const got = fires(w, fn)
    await registered(fn)
    w.registerTrigger({ type: 'cron', function_id: fn, config: { expression: '* * * * * *' } })
    await waitFor(() => got.length >= 3, { timeoutMs: 10_000 })
    const jobId = createHash('sha256').update(`default\n${fn}\n* * * * * *\nUTC`).digest('hex')
    for (const f of got) {
      expect(Object.keys(f).sort()).toEqual(['actual_time', 'job_id', 'scheduled_time', 'trigger'])
      expect(f).toMatchObject({ trigger: 'cron', job_id: jobId })
      expect(f.scheduled_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
      expect(Date.parse(f.actual_time)).toBeGreaterThanOrEqual(Date.parse(f.scheduled_time))
    }
    const times = got.map((f) => Date.parse(f.scheduled_time))
    expect(new Set(times).size).toBe(times.length)
  })

  it('replicas of one binding on one engine: each instant fires once; unbinding stops it', async () => {
    engine = await startTestEngine({ configText: config })
    const fn = uniqueName('cron::replica')
    const [w1, w2] = [worker(), worker()]
    const got = fires(w1, fn)
    await registered(fn)
    const triggers = [w1, w2].map((w) =>
      w.registerTrigger({ type: 'cron', function_id: fn, config: { expression: '*/1 * * * * *' } }),
    )
    await waitFor(
      () => [...engine.core.bindings.all()].filter((b) => b.function_id === fn).length === 2,
    )
    await sleep(3500)
    const times = got.map((f) => f.scheduled_time)
    expect(times.length).toBeGreaterThanOrEqual(2)
    expect(new Set(times).size).toBe(times.length)
    for (const t of triggers) t.unregister()
    await waitFor(() => ![...engine.core.bindings.all()].some((b) => b.function_id === fn))
    const count = got.length
    await sleep(1500)
    expect(got.length).toBeLessThanOrEqual(count + 1) // at most one fire already under way
  })

  it('a condition function can skip an instant', async () => {
    engine = await startTestEngine({ configText: config })
    const [fn, cond] = [uniqueName('cron::even'), uniqueName('cron::is-even')]
    const w = worker()
    const got = fires(w, fn)
    w.registerFunction(
      cond,
      async (d: Fire) => new Date(d.scheduled_time).getUTCSeconds() % 2 === 0,
    )
    await registered(fn)
    await registered(cond)
    w.registerTrigger({
      type: 'cron',
      function_id: fn,
      config: { expression: '* * * * * *', condition_function_id: cond },
    })
    await waitFor(() => got.length >= 2, { timeoutMs: 10_000 })
    for (const f of got) expect(new Date(f.scheduled_time).getUTCSeconds() % 2).toBe(0)
  })

  it('a timezone: fires at the local wall-clock time of that zone', async () => {
    engine = await startTestEngine({ configText: config })
    const fn = uniqueName('cron::kathmandu')
    const w = worker()
    const got = fires(w, fn)
    await registered(fn)
    // Kathmandu is UTC+5:45: read the expression in UTC and it would not fire for hours.
    const target = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000)
    const local = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Kathmandu',
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
        .formatToParts(target)
        .map((p) => [p.type, p.value]),
    )
    const expression = `${local.second} ${local.minute} ${local.hour} ${local.day} ${local.month} * ${local.year}`
    w.registerTrigger({
      type: 'cron',
      function_id: fn,
      config: { expression, timezone: 'Asia/Kathmandu' },
    })
    await waitFor(() => got.length === 1, { timeoutMs: 15_000 })
    expect(got[0]?.scheduled_time).toBe(target.toISOString())
    expect(got[0]?.job_id).toBe(
      createHash('sha256').update(`default\n${fn}\n${expression}\nAsia/Kathmandu`).digest('hex'),
    )
  })

  it('refuses a bad trigger config at registration with a clear error', async () => {
    engine = await startTestEngine({ configText: config })
    const w = worker()
    const bad: [Record<string, unknown>, string][] = [
      [{}, 'Invalid cron expression: undefined: expression is required'],
      [{ expression: '' }, 'expression is required'],
      [
        { expression: 'every minute' },
        'Invalid cron expression: "every minute": expected 5, 6 or 7 fields, got 2',
      ],
      [{ expression: '0 0 12 * * 0' }, 'day-of-week 0 is out of range'],
      [{ expression: '99 * * * *' }, 'invalid expression for minute'],
      [{ expression: '* * * * *', timezone: 'Nowhere/City' }, 'unknown timezone "Nowhere/City"'],
      [{ expression: '* * * * *', timezone: 5 }, 'timezone must be a non-empty string'],
      [
        { expression: '* * * * *', condition_function_id: 3 },
        'condition_function_id must be a non-empty string',
      ],
    ]
    for (const [cfg, message] of bad) {
      const err = await w
        .trigger({
          function_id: 'engine::register_trigger',
          payload: { trigger_type: 'cron', function_id: 'f', config: cfg },
        })
        .catch((e) => e)
      expect(err.code).toBe('trigger_registration_failed')
      expect(err.message).toContain(message)
    }
  })

  it.each([
    [
      { adapter: { name: 'etcd' } },
      'workers[0].config.adapter.name: unknown cron adapter "etcd"; use memory or redis',
    ],
    [
      { adapter: { name: 'memory', config: { redis_url: 'redis://x' } } },
      'workers[0].config.adapter.config.redis_url: unknown key',
    ],
    [
      { adapter: { name: 'redis', config: { lock_ttl_ms: 10 } } },
      'adapter.config.lock_ttl_ms: must be an integer of at least 1000',
    ],
    [
      { adapter: { name: 'redis', config: { redis_url: 'tcp://x' } } },
      'adapter.config.redis_url: must be a redis:// or rediss:// URL',
    ],
    [
      { adapter: { name: 'kv', config: { store_method: 'disk' } } },
      'adapter.config.store_method: must be in_memory or file_based',
    ],
    [{ timezone: 'UTC' }, 'workers[0].config.timezone: unknown key'],
  ])('config %j fails at load', async (cron, message) => {
    const text = JSON.stringify({ workers: [{ name: 'iii-cron', config: cron }] })
    await expect(
      startEngine({ configText: text, randomPorts: true, logger: silentLogger }),
    ).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringContaining(message),
    })
  })
})
