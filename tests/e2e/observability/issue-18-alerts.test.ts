import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'

interface AlertEvent {
  name: string
  status: 'firing' | 'resolved'
  metric: string
  value: number
  threshold: number
}
interface AlertState {
  name: string
  firing: boolean
  pending: boolean
  current_value: number | null
}
type Worker = ReturnType<typeof registerWorker>

const evaluate = (w: Worker) =>
  w.trigger<unknown, { evaluated: boolean; triggered_alerts: AlertEvent[] }>({
    function_id: 'engine::alerts::evaluate',
    payload: {},
  })
const list = (w: Worker) =>
  w.trigger<unknown, { alerts: AlertState[]; firing_count: number }>({
    function_id: 'engine::alerts::list',
    payload: {},
  })
const transitions = (events: AlertEvent[]) => events.map((e) => `${e.name}:${e.status}`).sort()

/** A local webhook receiver: the JSON bodies it was sent. */
async function startReceiver() {
  const bodies: AlertEvent[] = []
  const server = createServer((req: IncomingMessage, res) => {
    let text = ''
    req.on('data', (c) => {
      text += c
    })
    req.on('end', () => {
      bodies.push(JSON.parse(text))
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    bodies,
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise((r) => server.close(r)),
  }
}

/** Errors of `fn` above half its calls, over the last minute. */
const errorRule = (
  name: string,
  fn: string,
  action: string,
  extra = '\n          cooldown_seconds: 0',
) => `
        - name: ${name}
          metric: iii.invocation.error_rate
          function_id: ${fn}
          operator: ">"
          threshold: 0.5${extra}
          action: ${action}`

describe('issue 18: alerts on rollups', () => {
  it('fires and clears with a function action, a webhook and an alert trigger', async () => {
    const hook = await startReceiver()
    const ns = uniqueName('al').replace(/-/g, '_')
    const flaky = `${ns}::flaky`
    const configText = `
workers:
  - name: iii-http-functions
    config: { security: { block_private_ips: false, require_https: false } }
  - name: iii-observability
    config:
      alert_interval_ms: 3600000
      alerts:${errorRule('errors-fn', flaky, `{ type: function, path: "${ns}::sink" }`)}${errorRule('errors-hook', flaky, `{ type: webhook, url: "${hook.url}" }`)}
`
    await using engine = await startTestEngine({ configText })
    const w = registerWorker(engine.url, { workerName: uniqueName('alerts') })
    const sunk: AlertEvent[] = []
    const triggered: AlertEvent[] = []
    try {
      w.registerFunction(flaky, async (input: { fail?: boolean }) => {
        if (input.fail) throw new Error('planned failure')
        return { ok: true }
      })
      w.registerFunction(`${ns}::sink`, async (e: AlertEvent) => {
        sunk.push(e)
        return null
      })
      w.registerFunction(`${ns}::on_alert`, async (e: AlertEvent) => {
        triggered.push(e)
        return null
      })
      w.registerTrigger({
        type: 'alert',
        function_id: `${ns}::on_alert`,
        config: { name: 'errors-hook' },
      })
      await waitFor(() => engine.core.functions.get('default', `${ns}::on_alert`))
      const call = (fail: boolean) =>
        w.trigger({ function_id: flaky, payload: { fail } }).catch(() => 'failed')

      expect(transitions((await evaluate(w)).triggered_alerts)).toEqual([])
      for (let i = 0; i < 3; i++) await call(true)
      const fired = await evaluate(w)
      expect(transitions(fired.triggered_alerts)).toEqual([
        'errors-fn:firing',
        'errors-hook:firing',
      ])
      expect(fired.triggered_alerts[0]).toMatchObject({ value: 1, threshold: 0.5 })
      expect(sunk.map((e) => e.status)).toEqual(['firing'])
      await waitFor(() => hook.bodies.length === 1 && triggered.length === 1, {
        what: 'the webhook and the alert trigger',
      })
      expect(hook.bodies[0]).toMatchObject({ name: 'errors-hook', status: 'firing', value: 1 })
      expect(triggered[0]).toMatchObject({ name: 'errors-hook', status: 'firing' })
      const firing = await list(w)
      expect(firing.firing_count).toBe(2)
      expect(firing.alerts.find((a) => a.name === 'errors-fn')).toMatchObject({
        firing: true,
        current_value: 1,
      })
      // Still failing: no second action.
      expect((await evaluate(w)).triggered_alerts).toEqual([])

      for (let i = 0; i < 10; i++) await call(false)
      const cleared = await evaluate(w)
      expect(transitions(cleared.triggered_alerts)).toEqual([
        'errors-fn:resolved',
        'errors-hook:resolved',
      ])
      expect(sunk.map((e) => e.status)).toEqual(['firing', 'resolved'])
      await waitFor(() => hook.bodies.length === 2 && triggered.length === 2, {
        what: 'the resolved webhook and trigger',
      })
      expect(hook.bodies[1]).toMatchObject({ name: 'errors-hook', status: 'resolved' })
      expect((await list(w)).firing_count).toBe(0)
    } finally {
      await w.shutdown()
      await hook.close()
    }
  })

  it('waits for for_seconds, keeps the cooldown, follows the SSRF rules, refuses bad input', async () => {
    const hook = await startReceiver()
    const ns = uniqueName('al').replace(/-/g, '_')
    const flaky = `${ns}::flaky`
    const configText = `
workers:
  - name: iii-observability
    config:
      alert_interval_ms: 3600000
      alerts:${errorRule('slow-to-fire', flaky, 'log', '\n          for_seconds: 1')}${errorRule('cooled', flaky, 'log', '\n          cooldown_seconds: 3600')}${errorRule('private-hook', flaky, `{ type: webhook, url: "${hook.url}" }`)}
        - name: workers
          metric: iii.workers.active
          operator: ">="
          threshold: 1
`
    await using engine = await startTestEngine({ configText })
    const w = registerWorker(engine.url, { workerName: uniqueName('alerts2') })
    try {
      w.registerFunction(flaky, async (input: { fail?: boolean }) => {
        if (input.fail) throw new Error('planned failure')
        return { ok: true }
      })
      await waitFor(() => engine.core.functions.get('default', flaky))
      const call = (fail: boolean) =>
        w.trigger({ function_id: flaky, payload: { fail } }).catch(() => 'failed')
      for (let i = 0; i < 2; i++) await call(true)
      const first = await evaluate(w)
      expect(transitions(first.triggered_alerts)).toEqual([
        'cooled:firing',
        'private-hook:firing',
        'workers:firing',
      ])
      expect((await list(w)).alerts.find((a) => a.name === 'slow-to-fire')).toMatchObject({
        firing: false,
        pending: true,
      })
      await waitFor(
        async () =>
          transitions((await evaluate(w)).triggered_alerts).includes('slow-to-fire:firing'),
        { what: 'slow-to-fire after for_seconds', timeoutMs: 20_000, intervalMs: 250 },
      )
      // The webhook to a private address is refused by iii-http-functions' default rules.
      await waitFor(
        () =>
          engine.records.some(
            (r) => r.msg === 'alert action failed' && r.fields.alert === 'private-hook',
          ),
        {
          what: 'the refused webhook',
        },
      )
      expect(hook.bodies).toEqual([])

      for (let i = 0; i < 10; i++) await call(false)
      expect(transitions((await evaluate(w)).triggered_alerts)).toEqual([
        'cooled:resolved',
        'private-hook:resolved',
        'slow-to-fire:resolved',
      ])
      for (let i = 0; i < 20; i++) await call(true)
      const again = transitions((await evaluate(w)).triggered_alerts)
      expect(again).toContain('private-hook:firing')
      expect(again).not.toContain('cooled:firing')
      expect((await list(w)).alerts.find((a) => a.name === 'cooled')).toMatchObject({
        firing: false,
        pending: true,
      })

      await expect(
        w.trigger({ function_id: 'engine::alerts::evaluate', payload: [1] }),
      ).rejects.toMatchObject({ code: 'deserialization_error' })
      await expect(
        w.trigger({ function_id: 'engine::alerts::list', payload: 'nope' }),
      ).rejects.toMatchObject({ code: 'deserialization_error' })
      for (const config of [{ status: 'maybe' }, { name: '' }, 'nope'])
        await expect(
          w.trigger({
            function_id: 'engine::register_trigger',
            payload: { trigger_type: 'alert', function_id: flaky, config },
          }),
        ).rejects.toMatchObject({ code: 'trigger_registration_failed' })
    } finally {
      await w.shutdown()
      await hook.close()
    }
  })

  it('watches queue depth, DLQ growth and p99 latency', async () => {
    const ns = uniqueName('alq').replace(/-/g, '_')
    const configText = `
workers:
  - name: iii-queue
    config:
      queue_configs:
        slowq: { concurrency: 1 }
        badq: { max_retries: 1, backoff_ms: 10 }
  - name: iii-observability
    config:
      alert_interval_ms: 3600000
      alerts:
        - { name: backlog, metric: iii.queue.depth, queue: slowq, operator: ">=", threshold: 3, cooldown_seconds: 0 }
        - { name: dlq, metric: iii.queue.dlq.growth, queue: badq, operator: ">", threshold: 0, window_seconds: 3600 }
        - { name: slow, metric: iii.invocation.p99_ms, function_id: "${ns}::sleepy", threshold: 50 }
`
    await using engine = await startTestEngine({ configText })
    const w = registerWorker(engine.url, { workerName: uniqueName('alq') })
    let release: () => void = () => {}
    const released = new Promise<void>((r) => {
      release = r
    })
    const seen = new Set<string>()
    const until = (transition: string) =>
      waitFor(
        async () => {
          for (const t of transitions((await evaluate(w)).triggered_alerts)) seen.add(t)
          return seen.has(transition)
        },
        { what: transition, timeoutMs: 30_000, intervalMs: 100 },
      )
    try {
      w.registerFunction(`${ns}::hold`, async () => {
        await released
        return null
      })
      w.registerFunction(`${ns}::fail`, async () => {
        throw new Error('planned failure')
      })
      w.registerFunction(`${ns}::sleepy`, async () => {
        await new Promise((r) => setTimeout(r, 120))
        return null
      })
      await waitFor(() => engine.core.functions.get('default', `${ns}::sleepy`))
      expect(transitions((await evaluate(w)).triggered_alerts)).toEqual([])
      const enqueue = (queue: string, fn: string) =>
        w.trigger({
          function_id: 'engine::queue::enqueue',
          payload: { queue, function_id: `${ns}::${fn}`, data: {} },
        })
      for (let i = 0; i < 5; i++) await enqueue('slowq', 'hold')
      await until('backlog:firing')
      await enqueue('badq', 'fail')
      await until('dlq:firing')
      for (let i = 0; i < 3; i++) await w.trigger({ function_id: `${ns}::sleepy`, payload: {} })
      await until('slow:firing')
      const states = (await list(w)).alerts
      expect(states.find((a) => a.name === 'slow')?.current_value).toBeGreaterThan(50)
      release()
      await until('backlog:resolved')
      expect(seen.has('dlq:resolved')).toBe(false)
    } finally {
      release()
      await w.shutdown()
    }
  })

  it('refuses an unknown alert metric at startup with a clear error', async () => {
    await expect(
      startTestEngine({
        configText: `
workers:
  - name: iii-observability
    config:
      alerts:
        - { name: x, metric: iii.made.up, threshold: 1 }
`,
      }),
    ).rejects.toThrow(/alerts/)
  })
})
