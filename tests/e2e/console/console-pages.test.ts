import { deferred, uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker, TriggerAction } from 'iii-sdk'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { consoleTestConfig, consoleUrl, launchChromium } from './console-helpers'

/** The console in headless Chromium against a real engine with real workers (issue 15). */
describe('console pages in Chromium', () => {
  let engine: TestEngine
  let browser: Browser
  let page: Page
  let worker: IIIWorker
  let base: string
  const workerName = uniqueName('orders')
  let flakyFails = true
  const flakyRan = deferred<unknown>()

  beforeAll(async () => {
    engine = await startTestEngine({ configText: consoleTestConfig() })
    base = consoleUrl(engine)
    worker = registerWorker(engine.url, { workerName, otel: { enabled: true } })
    worker.registerFunction(
      'demo::add',
      async (x: { a: number; b: number }) => ({ sum: x.a + x.b }),
      {
        description: 'Adds a and b',
        request_format: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
        response_format: { type: 'object', properties: { sum: { type: 'number' } } },
      },
    )
    worker.registerFunction('demo::fail', async (x: { why: string }) => {
      throw new Error(`failed: ${x.why}`)
    })
    worker.registerFunction('demo::inner', async () => ({ inner: true }))
    worker.registerFunction('demo::outer', async () => {
      const inner = await worker.trigger({ function_id: 'demo::inner', payload: {} })
      return { outer: true, inner }
    })
    worker.registerFunction('demo::flaky', async (data: unknown) => {
      if (flakyFails) throw new Error('flaky failed on purpose')
      flakyRan.resolve(data)
      return { done: true }
    })
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

  it('overview shows live counts and the engine', async () => {
    await page.goto(`${base}/`)
    await page.getByTestId('count-functions').getByText(/^\d+$/).waitFor()
    const workers = Number(
      await page.getByTestId('count-workers').locator('.card-value').textContent(),
    )
    expect(workers).toBeGreaterThanOrEqual(2)
    await expect
      .poll(() => page.getByTestId('engine-facts').textContent(), { timeout: 15_000 })
      .toContain(engine.version)
    expect(await page.getByTestId('engine-facts').textContent()).toContain('iii-worker-manager')
  })

  it('workers page lists a worker and drops it live when it disconnects', async () => {
    const name = uniqueName('leaving')
    const leaving = registerWorker(engine.url, { workerName: name })
    await leaving.waitForConnection()
    await page.goto(`${base}/workers`)
    const row = page.locator('.vrow', { hasText: name })
    await row.waitFor({ timeout: 15_000 })
    expect(await page.locator('.vrow', { hasText: workerName }).count()).toBe(1)
    await leaving.shutdown()
    await row.waitFor({ state: 'detached', timeout: 15_000 })
    expect(await page.locator('.vrow', { hasText: workerName }).count()).toBe(1)
  })

  it('functions page searches, and the generated form invokes and links the trace', async () => {
    await page.goto(`${base}/functions?q=demo::`)
    await page.locator('.vrow', { hasText: 'demo::add' }).click()
    await page.getByTestId('function-id').getByText('demo::add').waitFor()
    expect(page.url()).toContain('/functions/demo%3A%3Aadd')
    await page.getByLabel('invoke').locator('input[name="a"]').fill('2')
    await page.getByLabel('invoke').locator('input[name="b"]').fill('40')
    await page.getByRole('button', { name: 'Invoke' }).click()
    const outcome = page.getByTestId('invoke-outcome')
    await outcome.waitFor()
    expect(await outcome.getAttribute('data-ok')).toBe('true')
    expect(JSON.parse((await outcome.locator('pre').textContent()) ?? '')).toEqual({ sum: 42 })
    // A missing required field is refused before anything is sent.
    await page.getByLabel('invoke').locator('input[name="a"]').fill('')
    await page.getByRole('button', { name: 'Invoke' }).click()
    await page.getByText('a is required').waitFor()
    await page.getByTestId('invoke-trace').click()
    await page.locator('[data-span="call demo::add"]').waitFor({ timeout: 15_000 })
  })

  it('an invocation error shows its code, and a trace shows parent and child spans', async () => {
    await page.goto(`${base}/functions/${encodeURIComponent('demo::outer')}`)
    await page.getByTestId('function-id').getByText('demo::outer').waitFor()
    await page.getByRole('button', { name: 'Invoke' }).click()
    await page.getByTestId('invoke-outcome').locator('pre').waitFor()
    await page.getByTestId('invoke-trace').click()
    const outer = page.locator('[data-span="call demo::outer"]')
    const inner = page.locator('[data-span="call demo::inner"]')
    await inner.waitFor({ timeout: 15_000 })
    await outer.waitFor()
    // The inner call sits deeper than the outer one once its parent span has arrived.
    const depthGap = async () =>
      Number(await inner.getAttribute('data-depth')) -
      Number(await outer.getAttribute('data-depth'))
    await expect.poll(depthGap, { timeout: 15_000 }).toBeGreaterThan(0)
    // The inner call hangs under the outer one (through the worker's execute span, which the
    // worker exports a moment later: the page follows the trace live).
    const ancestorsOfInner = () =>
      page.locator('[data-span-id]').evaluateAll((els) => {
        const parents = new Map(els.map((e) => [e.dataset.spanId, e.dataset.parent]))
        const inner = els.find((e) => e.dataset.span === 'call demo::inner')
        const outer = els.find((e) => e.dataset.span === 'call demo::outer')
        const seen: string[] = []
        let cursor = inner?.dataset.parent
        while (cursor && !seen.includes(cursor)) {
          seen.push(cursor)
          cursor = parents.get(cursor)
        }
        return seen.includes(outer?.dataset.spanId ?? '-')
      })
    await expect.poll(ancestorsOfInner, { timeout: 15_000 }).toBe(true)

    await page.goto(`${base}/functions/${encodeURIComponent('demo::fail')}`)
    await page.getByLabel('Payload (JSON)').fill('{"why": "testing"}')
    await page.getByRole('button', { name: 'Invoke' }).click()
    const outcome = page.getByTestId('invoke-outcome')
    await outcome.waitFor()
    expect(await outcome.getAttribute('data-ok')).toBe('false')
    expect(await outcome.textContent()).toContain('failed: testing')
    expect(await outcome.locator('.code').textContent()).toMatch(/\S/)
  })

  it('a failing job appears in the DLQ page and redrive runs it', async () => {
    const payload = { order: uniqueName('o') }
    await worker.trigger({
      function_id: 'demo::flaky',
      payload,
      action: TriggerAction.Enqueue({ queue: 'jobs' }),
    })
    await page.goto(`${base}/queues?dlq=jobs`)
    const job = page
      .getByTestId('dlq-messages')
      .locator('tr', { hasText: 'flaky failed on purpose' })
    await job.waitFor({ timeout: 20_000 })
    expect(await job.textContent()).toContain(payload.order)
    flakyFails = false
    await job.getByRole('button', { name: 'Redrive' }).click()
    expect(await flakyRan.promise).toEqual(payload)
    await job.waitFor({ state: 'detached', timeout: 15_000 })
  })

  it('state edits round-trip and other writers show up live', async () => {
    const scope = uniqueName('carts')
    await worker.trigger({
      function_id: 'state::set',
      payload: { scope, key: 'c1', value: { n: 1 } },
    })
    await page.goto(`${base}/state?scope=${scope}&key=c1`)
    const value = page.getByTestId('state-value')
    await value.getByText('"n": 1').waitFor({ timeout: 15_000 })
    await page.getByLabel('new value').fill('{"n": 2, "by": "console"}')
    await page.getByRole('button', { name: 'Set', exact: true }).click()
    await waitFor(
      async () =>
        JSON.stringify(
          await worker.trigger({ function_id: 'state::get', payload: { scope, key: 'c1' } }),
        ) === JSON.stringify({ n: 2, by: 'console' }),
      { what: 'the console write', timeoutMs: 15_000 },
    )
    await worker.trigger({
      function_id: 'state::set',
      payload: { scope, key: 'c1', value: { n: 3 } },
    })
    await value.getByText('"n": 3').waitFor({ timeout: 15_000 })
    // Keys are listed by name, live.
    await worker.trigger({
      function_id: 'state::set',
      payload: { scope, key: 'cart:bob', value: {} },
    })
    const keys = page.getByRole('list', { name: 'keys' })
    await keys.getByRole('button', { name: 'cart:bob' }).waitFor({ timeout: 15_000 })
    expect(await keys.getByRole('button').allTextContents()).toEqual(['c1', 'cart:bob'])
  })

  it('logs page tails new lines live and jumps to their trace', async () => {
    await page.goto(`${base}/logs`)
    await page.locator('h1').waitFor()
    const marker = uniqueName('tail-line')
    await expect
      .poll(
        async () => {
          await worker.trigger({ function_id: 'engine::log::warn', payload: { message: marker } })
          return page.locator('.vrow', { hasText: marker }).count()
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBeGreaterThan(0)
    await page.locator('.vrow', { hasText: marker }).first().locator('a').click()
    await page.locator('[data-span-id]').first().waitFor({ timeout: 15_000 })
    expect(page.url()).toMatch(/\/traces\/[0-9a-f]{32}$/)
  })

  it('triggers, streams, traces and config pages show their live data', async () => {
    const fn = uniqueName('demo::nightly')
    worker.registerFunction(fn, async () => ({ ran: true }))
    worker.registerTrigger({ type: 'cron', function_id: fn, config: { expression: '0 0 3 * * *' } })
    await page.goto(`${base}/triggers?type=cron`)
    const binding = page.locator('tr', { hasText: fn })
    await binding.waitFor({ timeout: 15_000 })
    await binding.getByRole('button', { name: 'Run now' }).click()
    await binding.getByTestId('run-outcome').getByText('ran').waitFor({ timeout: 15_000 })
    expect(await binding.getByTestId('run-outcome').getAttribute('data-ok')).toBe('true')

    const group = uniqueName('g')
    await worker.trigger({
      function_id: 'stream::set',
      payload: { stream_name: 'parcels', group_id: group, item_id: 'p1', data: { at: 'depot' } },
    })
    await page.goto(`${base}/streams?stream=parcels&group=${group}`)
    await page.getByText('"at": "depot"').waitFor({ timeout: 15_000 })
    await worker.trigger({
      function_id: 'stream::set',
      payload: { stream_name: 'parcels', group_id: group, item_id: 'p1', data: { at: 'door' } },
    })
    await page.getByText('"at": "door"').waitFor({ timeout: 15_000 })

    await page.goto(`${base}/traces?name=demo::add`)
    await page.locator('.vrow', { hasText: 'call demo::add' }).first().waitFor({ timeout: 15_000 })

    await page.goto(`${base}/config?id=iii-queue`)
    await page.getByText('"backoff_ms": 50').waitFor({ timeout: 15_000 })
  })

  it('every page renders without an error box, in both themes', async () => {
    for (const theme of ['light', 'dark']) {
      for (const path of [
        '/',
        '/workers',
        '/functions',
        '/triggers',
        '/state',
        '/streams',
        '/queues',
        '/traces',
        '/logs',
        '/config',
      ]) {
        await page.goto(`${base}${path}?theme=${theme}`)
        await page.locator('h1').waitFor()
        await page.locator('.state.loading').first().waitFor({ state: 'detached', timeout: 15_000 })
        expect(await page.locator('html').getAttribute('data-theme')).toBe(theme)
        expect(await page.locator('.state.error').count(), `${path} ${theme}`).toBe(0)
      }
    }
  })
})
