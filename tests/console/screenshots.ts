import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startEngine } from 'iii-engine'
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
