import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startEngine } from 'iii-engine'
import type { Page } from 'playwright-core'
import { consoleUrl, launchChromium } from '../e2e/console/console-helpers'
import { demoConfig, startDemoSystem } from './demo-system'

/**
 * Writes a screenshot of every console page, light and dark, to docs/guides/console/ against a
 * real engine running a small demo system. `pnpm --filter @iii/console screenshots`
 */
const out = fileURLToPath(new URL('../../docs/guides/console/', import.meta.url))
const pages: [string, string][] = [
  ['overview', '/'],
  ['workers', '/workers'],
  ['functions', '/functions'],
  ['function', `/functions/${encodeURIComponent('orders::create')}`],
  ['triggers', '/triggers'],
  ['state', '/state?scope=orders&key=A-100'],
  ['streams', '/streams?stream=deliveries&group=today'],
  ['queues', '/queues?dlq=payments'],
  ['traces', '/traces'],
  ['trace', ''],
  ['logs', '/logs'],
  ['config', '/config?id=iii-queue'],
]

mkdirSync(out, { recursive: true })
const engine = await startEngine({ configText: demoConfig, log: { level: 'error' } })
const worker = await startDemoSystem(engine)
const browser = await launchChromium()
try {
  const base = consoleUrl(engine)
  const spans = await worker.trigger({
    function_id: 'engine::traces::list',
    payload: { name: 'call orders::create', limit: 1 },
  })
  const traceId = spans.spans[0]?.trace_id as string
  await new Promise((r) => setTimeout(r, 1500))
  for (const theme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    for (const [name, path] of pages) {
      const url = name === 'trace' ? `/traces/${traceId}` : path
      await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}theme=${theme}`)
      await page.locator('h1').waitFor()
      await page.locator('.state.loading').first().waitFor({ state: 'detached', timeout: 15_000 })
      if (name === 'trace') await page.locator('.wf-row').first().click()
      if (name === 'triggers') await sendTestRequest(page)
      if (name === 'streams') {
        await page.getByText('"eta": "14:00"').first().waitFor({ timeout: 15_000 })
        await worker.trigger({
          function_id: 'stream::set',
          payload: {
            stream_name: 'deliveries',
            group_id: 'today',
            item_id: `d-${theme}`,
            data: { eta: theme === 'dark' ? '16:30' : '15:10' },
          },
        })
        await page.getByRole('list', { name: 'changes' }).waitFor({ timeout: 15_000 })
      }
      if (name === 'config') {
        await page.getByRole('button', { name: 'Edit', exact: true }).click()
        await page.getByRole('form', { name: 'edit configuration' }).waitFor({ timeout: 15_000 })
      }
      if (name === 'function') {
        await page.locator('input[name="sku"]').fill('D-400')
        await page.locator('input[name="quantity"]').fill('3')
        await page.getByRole('button', { name: 'Invoke' }).click()
        await page.getByTestId('invoke-outcome').waitFor()
      }
      await page.waitForTimeout(400)
      await page.screenshot({ path: `${out}${name}-${theme}.png` })
      process.stdout.write(`wrote docs/guides/console/${name}-${theme}.png\n`)
    }
    await page.close()
  }
} finally {
  await browser.close()
  await worker.shutdown()
  await engine.stop()
}

/** Opens the HTTP route's test form and sends it, so the answer is in the picture. */
async function sendTestRequest(page: Page): Promise<void> {
  const row = page.locator('tr', { hasText: 'orders::http-list' })
  await row.getByRole('button', { name: 'Send a test request' }).click()
  const form = page.getByRole('form', { name: 'test request' })
  await form.getByRole('button', { name: 'Send' }).click()
  await page.getByTestId('http-answer').waitFor({ timeout: 15_000 })
  await page.locator('tr', { hasText: 'orders::nightly-report' }).getByTestId('next-runs').waitFor()
}
