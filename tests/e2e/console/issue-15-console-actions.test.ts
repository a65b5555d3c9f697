import { readFile } from 'node:fs/promises'
import { deferred, uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker, TriggerAction } from 'iii-sdk'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { consoleTestConfig, consoleUrl, launchChromium } from './console-helpers'

const post = async (url: string, body: unknown) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as any }
}

/** The next `count` daily 03:00:00 UTC instants after now. */
function nextThreeAm(count: number): string[] {
  const now = Date.now()
  const first = new Date(now)
  first.setUTCHours(3, 0, 0, 0)
  if (first.getTime() <= now) first.setUTCDate(first.getUTCDate() + 1)
  return Array.from({ length: count }, (_, i) =>
    new Date(first.getTime() + i * 86_400_000).toISOString(),
  )
}

/**
 * The console's actions in Chromium against a real engine (issue 15): HTTP test requests, cron
 * next fire times and run now, parked bindings, the stream group monitor, configuration edits,
 * DLQ → trace, engine uptime and listeners, worker pids.
 */
describe('console actions in Chromium', () => {
  let engine: TestEngine
  let browser: Browser
  let page: Page
  let worker: IIIWorker
  let base: string
  const workerName = uniqueName('actions')

  beforeAll(async () => {
    engine = await startTestEngine({ configText: consoleTestConfig() })
    base = consoleUrl(engine)
    worker = registerWorker(engine.url, { workerName, otel: { enabled: true } })
    await worker.waitForConnection()
    browser = await launchChromium()
    page = await browser.newPage()
    page.on('dialog', (d) => void d.accept())
  })
  afterAll(async () => {
    await browser?.close()
    await worker?.shutdown()
    await engine?.stop()
  })

  it('sends a test request to an HTTP route and shows status, headers, body and trace', async () => {
    const fn = uniqueName('probe::echo')
    const route = uniqueName('probe')
    worker.registerFunction(
      fn,
      async (req: { path_params: { id: string }; body: unknown; method: string }) => ({
        status_code: 201,
        headers: { 'x-probe': 'yes' },
        body: { id: req.path_params.id, got: req.body, method: req.method },
      }),
    )
    worker.registerTrigger({
      type: 'http',
      function_id: fn,
      config: { api_path: `${route}/:id`, http_method: 'POST' },
    })
    await page.goto(`${base}/triggers?type=http`)
    const row = page.locator('tr', { hasText: fn })
    await row.waitFor({ timeout: 15_000 })
    expect(await row.textContent()).toContain(`POST /${route}/:id`)
    await row.getByRole('button', { name: 'Send a test request' }).click()
    const form = page.getByRole('form', { name: 'test request' })
    expect(await form.getByLabel('method').inputValue()).toBe('POST')
    await form.getByLabel('path').fill(`/${route}/7`)
    await form.getByLabel('body').fill('{"qty": 3}')
    await form.getByRole('button', { name: 'Send' }).click()
    const answer = page.getByTestId('http-answer')
    await answer.waitFor({ timeout: 15_000 })
    expect(await answer.getAttribute('data-status')).toBe('201')
    expect(await answer.locator('[data-label="response headers"]').textContent()).toContain(
      'x-probe: yes',
    )
    const body = JSON.parse(
      (await answer.locator('[data-label="response body"]').textContent()) ?? '',
    )
    expect(body).toEqual({ id: '7', got: { qty: 3 }, method: 'POST' })
    // The request's trace holds the route's call.
    await answer.getByTestId('http-trace').click()
    await page.locator(`[data-span="call ${fn}"]`).waitFor({ timeout: 20_000 })
  })

  it('answers bad test requests with INVALID_ARGUMENTS and never leaves the HTTP listener', async () => {
    for (const bad of [
      'not json',
      [],
      { method: 'TRACE', path: '/x' },
      { method: 'GET', path: 'x' },
      { method: 'GET', path: '//evil.example/x' },
      { method: 'GET', path: '/a b' },
      { method: 'GET', path: '/x', headers: { 'bad name': 'v' } },
      { method: 'POST', path: '/x', body: { not: 'a string' } },
    ]) {
      const r = await post(`${base}/api/http`, bad)
      expect(r.status, JSON.stringify(bad)).toBe(400)
      expect(r.body.error.code).toBe('INVALID_ARGUMENTS')
    }
    // An unknown route is the listener's own 404, passed through.
    const missing = await post(`${base}/api/http`, { method: 'GET', path: `/${uniqueName('no')}` })
    expect(missing.body.ok).toBe(true)
    expect(missing.body.status).toBe(404)
  })

  it('shows cron next fire times and runs a cron binding now', async () => {
    const fn = uniqueName('nightly::report')
    const fired = deferred<{ trigger: string; job_id: string }>()
    worker.registerFunction(fn, async (payload: { trigger: string; job_id: string }) => {
      fired.resolve(payload)
      return { rows: 3 }
    })
    worker.registerTrigger({ type: 'cron', function_id: fn, config: { expression: '0 0 3 * * *' } })
    await page.goto(`${base}/triggers?type=cron`)
    const row = page.locator('tr', { hasText: fn })
    await row.getByTestId('next-runs').waitFor({ timeout: 15_000 })
    const times = await row
      .locator('[data-testid="next-runs"] time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')))
    expect(times).toEqual(nextThreeAm(3))
    await row.getByRole('button', { name: 'Run now' }).click()
    const payload = await fired.promise
    expect(payload.trigger).toBe('cron')
    expect(payload.job_id).toMatch(/^[0-9a-f]{64}$/)
    const outcome = row.getByTestId('run-outcome')
    await outcome.waitFor({ timeout: 15_000 })
    expect(await outcome.getAttribute('data-ok')).toBe('true')
    // Bad input to the cron functions is refused with a registry code.
    const unknown = await post(`${base}/api/call`, {
      function_id: 'iii::cron::run_now',
      payload: { trigger_id: 'no-such-binding' },
    })
    expect(unknown.body.error.code).toBe('NOT_FOUND')
    const malformed = await post(`${base}/api/call`, {
      function_id: 'iii::cron::next_runs',
      payload: { trigger_id: 5, count: 1000 },
    })
    expect(malformed.body.error.code).toBe('INVALID_ARGUMENTS')
  })

  it('shows parked bindings with the reason', async () => {
    const missingType = uniqueName('nobody-provides')
    const refusingType = uniqueName('refuses')
    const fn = uniqueName('parked::target')
    worker.registerFunction(fn, async () => ({}))
    worker.registerTriggerType(
      { id: refusingType, description: 'refuses every binding' },
      {
        registerTrigger: () => {
          throw new Error('refused on purpose')
        },
        unregisterTrigger: () => {},
      },
    )
    worker.registerTrigger({ type: missingType, function_id: fn, config: {} })
    worker.registerTrigger({ type: refusingType, function_id: fn, config: {} })
    await page.goto(`${base}/triggers`)
    const missing = page.locator('tr[data-status="parked"]', { hasText: missingType })
    await missing.waitFor({ timeout: 15_000 })
    expect(await missing.getByTestId('parked').textContent()).toContain(
      `no worker provides the trigger type ${missingType}`,
    )
    const refused = page.locator('tr[data-status="parked"]', { hasText: refusingType })
    await refused.waitFor({ timeout: 15_000 })
    expect(await refused.getByTestId('parked').textContent()).toContain('refused on purpose')
  })

  it('monitors a stream group live with pause, clear and export JSON', async () => {
    const group = uniqueName('g')
    const set = (item: string, data: unknown) =>
      worker.trigger({
        function_id: 'stream::set',
        payload: { stream_name: 'parcels', group_id: group, item_id: item, data },
      })
    await set('p1', { at: 'depot' })
    await page.goto(`${base}/streams?stream=parcels&group=${group}`)
    const monitor = page.getByTestId('group-monitor')
    await monitor.getByText('"at": "depot"').waitFor({ timeout: 15_000 })
    await set('p2', { at: 'van' })
    const changes = monitor.getByRole('list', { name: 'changes' })
    await changes.getByText('+ {"at":"van"}').waitFor({ timeout: 15_000 })

    await monitor.getByRole('button', { name: 'Pause' }).click()
    expect(await monitor.getAttribute('data-paused')).toBe('true')
    await set('p1', { at: 'door' })
    await monitor.getByTestId('missed').waitFor({ timeout: 15_000 })
    expect(await monitor.getByText('"at": "door"').count()).toBe(0)
    await monitor.getByRole('button', { name: 'Resume' }).click()
    await monitor.getByText('"at": "door"').waitFor({ timeout: 15_000 })
    await changes.getByText('+ {"at":"door"}').waitFor()
    expect(await changes.getByText('− {"at":"depot"}').count()).toBe(1)

    const download = page.waitForEvent('download')
    await monitor.getByRole('button', { name: 'Export JSON' }).click()
    const file = await (await download).path()
    const exported = JSON.parse(await readFile(file, 'utf8'))
    expect(exported.stream_name).toBe('parcels')
    expect(exported.group_id).toBe(group)
    expect(exported.items).toEqual(expect.arrayContaining([{ at: 'door' }, { at: 'van' }]))
    expect(exported.events.length).toBe(2)

    await monitor.getByRole('button', { name: 'Clear' }).click()
    await monitor.getByText('No change seen yet.').waitFor()
    await set('p3', { at: 'shelf' })
    await changes.getByText('+ {"at":"shelf"}').waitFor({ timeout: 15_000 })
    expect(await changes.locator('li').count()).toBe(1)
  })

  it('edits a configuration entry through its schema and shows validation errors', async () => {
    const id = uniqueName('limits')
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
      .slice(0, 64)
    await worker.trigger({
      function_id: 'configuration::register',
      payload: {
        id,
        name: 'Limits',
        description: 'Rate limits',
        schema: {
          type: 'object',
          properties: {
            per_minute: { type: 'integer', minimum: 1 },
            mode: { enum: ['soft', 'hard'] },
            api_key: { type: 'string' },
          },
          required: ['per_minute'],
        },
        initial_value: { per_minute: 10, mode: 'soft', api_key: 'sk-secret-1' },
      },
    })
    await page.goto(`${base}/config?id=${id}`)
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    const form = page.getByRole('form', { name: 'edit configuration' })
    const perMinute = form.locator('input[name="per_minute"]')
    await perMinute.waitFor({ timeout: 15_000 })
    expect(await perMinute.inputValue()).toBe('10')
    // The secret never reaches the page.
    expect(await form.locator('input[name="api_key"]').inputValue()).toBe('[redacted]')
    expect(await page.content()).not.toContain('sk-secret-1')
    await perMinute.fill('0')
    await form.getByRole('button', { name: 'Save' }).click()
    const error = page.getByTestId('config-error')
    await error.waitFor({ timeout: 15_000 })
    expect(await error.locator('.code').textContent()).toBe('SCHEMA_INVALID')
    expect(await error.textContent()).toContain('per_minute')
    await perMinute.fill('25')
    await form.locator('select[name="mode"]').selectOption('hard')
    await form.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('config-saved').waitFor({ timeout: 15_000 })
    // Stored: the new fields, and the secret the page only saw redacted.
    const stored = (await worker.trigger({
      function_id: 'configuration::get',
      payload: { id },
    })) as { value: unknown }
    expect(stored.value).toEqual({ per_minute: 25, mode: 'hard', api_key: 'sk-secret-1' })
    await page.getByText('"per_minute": 25').waitFor({ timeout: 15_000 })
    // The console does not restart itself.
    const self = await post(`${base}/api/call`, {
      function_id: 'configuration::set',
      payload: { id: 'iii-console', value: { port: 0 } },
    })
    expect(self.status).toBe(400)
    expect(self.body.error.code).toBe('INVALID_ARGUMENTS')
  })

  it('links a DLQ job to the trace of its failing run', async () => {
    const fn = uniqueName('jobs::always-fails')
    worker.registerFunction(fn, async () => {
      throw new Error('broken on purpose')
    })
    const order = uniqueName('o')
    await worker.trigger({
      function_id: fn,
      payload: { order },
      action: TriggerAction.Enqueue({ queue: 'jobs' }),
    })
    await page.goto(`${base}/queues?dlq=jobs`)
    const job = page.getByTestId('dlq-messages').locator('tr', { hasText: order })
    await job.waitFor({ timeout: 20_000 })
    await job.getByTestId('dlq-trace').click()
    expect(page.url()).toMatch(/\/traces\/[0-9a-f]{32}$/)
    const failing = page.locator(`[data-span="call ${fn}"]`).first()
    await failing.waitFor({ timeout: 20_000 })
  })

  it('shows engine uptime, bound listener ports, and worker pids', async () => {
    await page.goto(`${base}/`)
    await expect
      .poll(() => page.getByTestId('engine-uptime').textContent(), { timeout: 15_000 })
      .toMatch(/^\d+(s|m \d+s|h \d+m)$/)
    for (const name of ['iii-worker-manager', 'iii-http', 'iii-console']) {
      const port = engine.address(name)?.port
      expect(port).toBeGreaterThan(0)
      await page
        .locator(`[data-listener="${name}"]`, { hasText: `:${port}` })
        .waitFor({ timeout: 15_000 })
    }
    const health = await worker.trigger({ function_id: 'engine::health::check', payload: {} })
    expect((health as { uptime_ms: number }).uptime_ms).toBeGreaterThan(0)

    await page.goto(`${base}/workers?q=${workerName}`)
    const row = page.locator('.vrow', { hasText: workerName })
    await row.waitFor({ timeout: 15_000 })
    expect(await row.textContent()).toContain(String(process.pid))
  })

  it('keeps serving after every bad request above', async () => {
    await waitFor(async () => (await fetch(`${base}/api/info`)).ok, {
      what: 'the console',
      timeoutMs: 15_000,
    })
  })
})
