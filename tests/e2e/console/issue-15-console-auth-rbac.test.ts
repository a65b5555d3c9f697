import { uniqueName } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { consoleUrl, launchChromium } from './console-helpers'

const browserToken = 'open-sesame-0123456789'
const listenerKey = 'console-listener-key'

/**
 * The console behind an auth function, connected to the engine through a listener whose RBAC
 * grant limits what it may call: the grant's refusal shows in the UI as FORBIDDEN (issue 15).
 */
const config = `workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      rbac:
        auth_function_id: gate::console-listener
        expose_functions:
          - match("engine::*")
          - match("gate::*")
          - match("shop::*")
  - name: iii-console
    config:
      port: 0
      poll_interval_ms: 250
      listener: "iii-worker-manager#1"
      auth_function_id: gate::console-browser
      engine_headers: { x-console-key: ${listenerKey} }
`

interface BrowserAuthInput {
  headers: Record<string, string>
  ip_address: string
  path: string
}

describe('console with an auth function, through an RBAC-limited listener', () => {
  let engine: TestEngine
  let browser: Browser
  let gate: IIIWorker
  let base: string
  const browserChecks: BrowserAuthInput[] = []
  const listenerLogins: Record<string, string>[] = []

  beforeAll(async () => {
    engine = await startTestEngine({ configText: config })
    base = consoleUrl(engine)
    gate = registerWorker(engine.url, { workerName: uniqueName('gate') })
    gate.registerFunction('gate::console-browser', async (input: BrowserAuthInput) => {
      browserChecks.push(input)
      return (input.headers.cookie ?? '').includes(`iii_console_token=${browserToken}`)
    })
    gate.registerFunction('gate::console-listener', async (input: { headers: any }) => {
      listenerLogins.push(input.headers)
      if (input.headers['x-console-key'] !== listenerKey) throw new Error('unknown console')
      return { forbidden_functions: ['shop::refund'] }
    })
    gate.registerFunction('shop::price', async (x: { sku: string }) => ({ sku: x.sku, eur: 9.5 }))
    gate.registerFunction('shop::refund', async () => ({ refunded: true }))
    await gate.waitForConnection()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await gate?.shutdown()
    await engine?.stop()
  })

  it('refuses a browser the auth function refuses, with AUTH_ERROR on the page', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${base}/`)
    const error = page.locator('.state.error').first()
    await error.waitFor({ timeout: 15_000 })
    expect(await error.locator('.code').textContent()).toBe('AUTH_ERROR')
    expect(await page.getByTestId('count-functions').locator('.card-value').textContent()).toBe('…')
    const api = await fetch(`${base}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'iii_console_token=wrong' },
      body: JSON.stringify({ function_id: 'engine::health::check' }),
    })
    expect(api.status).toBe(401)
    expect(browserChecks.some((c) => c.path === '/api/info' && c.ip_address !== '')).toBe(true)
    await context.close()
  })

  it('serves a browser the auth function accepts; the grant forbids what it forbids', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${base}/?token=${browserToken}`)
    expect(new URL(page.url()).search).toBe('')
    await page.getByTestId('count-functions').getByText(/^\d+$/).waitFor({ timeout: 15_000 })
    // The console's own connection logged in to the limited listener with its configured header.
    expect(listenerLogins.some((h) => h['x-console-key'] === listenerKey)).toBe(true)

    await page.goto(`${base}/functions/${encodeURIComponent('shop::price')}`)
    await page.getByLabel('Payload (JSON)').fill('{"sku": "A-1"}')
    await page.getByRole('button', { name: 'Invoke' }).click()
    const ok = page.getByTestId('invoke-outcome')
    await ok.waitFor({ timeout: 15_000 })
    expect(await ok.getAttribute('data-ok')).toBe('true')
    expect(JSON.parse((await ok.locator('pre').textContent()) ?? '')).toEqual({
      sku: 'A-1',
      eur: 9.5,
    })

    // The grant forbids shop::refund: the listener hides it from the console's connection, and
    // its page says so with the code.
    await page.goto(`${base}/functions/${encodeURIComponent('shop::refund')}`)
    const refused = page.locator('.state.error')
    await refused.waitFor({ timeout: 15_000 })
    expect(await refused.locator('.code').textContent()).toBe('FORBIDDEN')
    expect(await refused.textContent()).toContain('shop::refund')
    expect(await page.getByRole('button', { name: 'Invoke' }).count()).toBe(0)
    expect(await page.getByTestId('function-id').textContent()).toBe('shop::refund')

    // Calling it, or a function outside the listener's expose list, is refused with FORBIDDEN.
    const call = (functionId: string) =>
      page.evaluate(async (id) => {
        const r = await fetch('/api/call', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ function_id: id, payload: {} }),
        })
        return (await r.json()) as { ok: boolean; error?: { code: string } }
      }, functionId)
    for (const id of ['shop::refund', 'configuration::list']) {
      const outcome = await call(id)
      expect(outcome.ok, id).toBe(false)
      expect(outcome.error?.code, id).toBe('FORBIDDEN')
    }
    await context.close()
  })
})
