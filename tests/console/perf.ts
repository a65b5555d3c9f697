import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, tsNodeArgs, waitFor } from '@iii/testing'
import { startEngine } from 'iii-engine'
import { registerWorker } from 'iii-sdk'
import type { Browser, Page } from 'playwright-core'
import { consoleUrl, launchChromium } from '../e2e/console/console-helpers'

/**
 * The console's figures against a bare Vite build of an empty React page, in headless Chromium.
 * `pnpm --filter @iii/console perf`
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN
const fmt = (n: number) => n.toFixed(1)

function buildBaseline(): string {
  const out = mkdtempSync(join(tmpdir(), 'iii-console-baseline-'))
  const r = spawnSync(
    'pnpm',
    [
      'exec',
      'vite',
      'build',
      'perf-baseline',
      '--outDir',
      out,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: join(root, 'console'), stdio: 'inherit' },
  )
  if (r.status !== 0) throw new Error('baseline build failed')
  return out
}

async function serveDir(dir: string): Promise<{ url: string; close(): void }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  }
  const server = createServer((req, res) => {
    const path = req.url === '/' ? '/index.html' : (req.url ?? '/')
    try {
      const body = readFileSync(join(dir, path))
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
      res.end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() }
}

const fcp = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const found = performance.getEntriesByName('first-contentful-paint')[0]
        if (found) return resolve(found.startTime)
        new PerformanceObserver((list) => {
          const e = list.getEntriesByName('first-contentful-paint')[0]
          if (e) resolve(e.startTime)
        }).observe({ type: 'paint' as 'mark', buffered: true })
      }),
  )

/** rAF intervals over `frames` frames, optionally scrolling `selector` each frame. */
const frameTimes = (page: Page, frames: number, selector?: string): Promise<number[]> =>
  // A string, so the code runs in the page exactly as written (no transpiler helpers).
  page.evaluate(`new Promise((resolve) => {
    const el = ${JSON.stringify(selector ?? '')} ? document.querySelector(${JSON.stringify(selector ?? '')}) : null
    const out = []
    let last = performance.now()
    function step(t) {
      out.push(t - last)
      last = t
      if (el) el.scrollTop += 400
      if (out.length < ${frames}) requestAnimationFrame(step)
      else resolve(out.slice(1))
    }
    requestAnimationFrame(step)
  })`)

async function firstPaint(browser: Browser, url: string, ready?: (page: Page) => Promise<unknown>) {
  const fcps: number[] = []
  const readies: number[] = []
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(url)
    fcps.push(await fcp(page))
    if (ready) {
      await ready(page)
      readies.push(await page.evaluate(() => performance.now()))
    }
    await context.close()
  }
  return { fcp: median(fcps), ready: median(readies) }
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function consoleCpu(browser: Browser) {
  const dir = mkdtempSync(join(tmpdir(), 'iii-console-cpu-'))
  const [wm, con] = [await freePort(), await freePort()]
  writeFileSync(
    join(dir, 'config.yaml'),
    `workers:\n  - name: iii-worker-manager\n    config: { port: ${wm} }\n  - name: iii-console\n    config: { port: ${con} }\n  - name: iii-state\n  - name: iii-queue\n`,
  )
  const child = spawn(
    process.execPath,
    [
      ...tsNodeArgs(),
      join(root, 'engine/server/src/cli.ts'),
      '-c',
      'config.yaml',
      '--log-level',
      'error',
    ],
    { cwd: dir, stdio: 'ignore' },
  )
  const pid = child.pid as number
  try {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${con}/api/info`).catch(() => undefined))?.ok,
      { timeoutMs: 60_000, what: 'the engine' },
    )
    const windowS = 30
    const measure = async () => {
      const start = cpuSeconds(pid)
      await new Promise((r) => setTimeout(r, windowS * 1000))
      return ((cpuSeconds(pid) - start) / windowS) * 100
    }
    await new Promise((r) => setTimeout(r, 3000))
    const idle = await measure()
    const pages: Page[] = []
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage()
      await page.goto(`http://127.0.0.1:${con}/`)
      await page.getByTestId('count-workers').getByText(/^\d+$/).waitFor({ timeout: 30_000 })
      pages.push(page)
    }
    await new Promise((r) => setTimeout(r, 3000))
    const tabs = await measure()
    for (const p of pages) await p.close()
    return { idle, tabs }
  } finally {
    child.kill('SIGTERM')
  }
}

const browser = await launchChromium()
const baselineDir = buildBaseline()
const baseline = await serveDir(baselineDir)
const engine = await startEngine({ defaults: true, randomPorts: true, log: { level: 'error' } })
const lines: string[] = []
const print = (line: string) => {
  lines.push(line)
  process.stdout.write(`${line}\n`)
}
try {
  const base = consoleUrl(engine)
  const b = await firstPaint(browser, baseline.url)
  const c = await firstPaint(browser, `${base}/`, (page) =>
    page.getByTestId('count-functions').getByText(/^\d+$/).waitFor({ timeout: 30_000 }),
  )
  print(
    `first contentful paint: console ${fmt(c.fcp)} ms, baseline ${fmt(b.fcp)} ms (×${(c.fcp / b.fcp).toFixed(2)})`,
  )
  print(
    `overview live data: ${fmt(c.ready)} ms after navigation (×${(c.ready / b.fcp).toFixed(2)} the baseline's first paint)`,
  )

  const basePage = await browser.newPage()
  await basePage.goto(baseline.url)
  const idleFrames = await frameTimes(basePage, 240)
  await basePage.close()

  const many = registerWorker(engine.url, { workerName: 'many' })
  for (let i = 0; i < 10_000; i++)
    many.registerFunction(`bulk::fn-${String(i).padStart(5, '0')}`, async () => i)
  await many.waitForConnection()
  await waitFor(
    async () => {
      const r = await many.trigger({
        function_id: 'engine::functions::list',
        payload: { prefix: 'bulk::' },
      })
      return r.functions.length === 10_000
    },
    { timeoutMs: 120_000, what: '10,000 functions' },
  )
  const fnPage = await browser.newPage()
  const renders: number[] = []
  for (let i = 0; i < 3; i++) {
    await fnPage.goto(`${base}/functions`)
    await fnPage
      .getByTestId('function-count')
      .getByText(/^1\d{4} functions$/)
      .waitFor({ timeout: 60_000 })
    await fnPage.locator('.vrow', { hasText: 'bulk::fn-' }).first().waitFor()
    renders.push(await fnPage.evaluate(() => performance.now()))
  }
  const scroll = await frameTimes(fnPage, 240, '.vbody')
  const rendered = await fnPage.locator('.vbody .vrow').count()
  print(
    `functions page, 10,000 functions: rendered in ${fmt(median(renders))} ms after navigation (${rendered} rows in the DOM); scroll frame time median ${fmt(median(scroll))} ms, p95 ${fmt(p95(scroll))} ms (baseline idle frames: median ${fmt(median(idleFrames))} ms, p95 ${fmt(p95(idleFrames))} ms)`,
  )
  await fnPage.close()
  await many.shutdown()

  const logger = registerWorker(engine.url, { workerName: 'chatty' })
  await logger.waitForConnection()
  const logPage = await browser.newPage()
  await logPage.goto(`${base}/logs`)
  await logPage.locator('h1').waitFor()
  let sent = 0
  const timer = setInterval(() => {
    for (let i = 0; i < 20; i++)
      void logger.trigger({
        function_id: 'engine::log::info',
        payload: { message: `line ${sent++}` },
        action: { type: 'void' },
      })
  }, 20)
  await new Promise((r) => setTimeout(r, 2000))
  const sentBefore = sent
  const started = Date.now()
  const tailFrames = await frameTimes(logPage, 600)
  const rate = ((sent - sentBefore) / (Date.now() - started)) * 1000
  clearInterval(timer)
  const shown = Number(await logPage.locator('.vtable').getAttribute('data-rowcount'))
  print(
    `logs page tailing ${fmt(rate)} lines/s: frame time median ${fmt(median(tailFrames))} ms, p95 ${fmt(p95(tailFrames))} ms over ${tailFrames.length} frames; ${shown} of ${sent} lines in the table`,
  )
  await logPage.close()
  await logger.shutdown()

  const cpu = await consoleCpu(browser)
  print(
    `engine CPU on an idle engine: ${fmt(cpu.idle)} % with no console tab, ${fmt(cpu.tabs)} % with 5 overview tabs open (console's share ≈ ${fmt(cpu.tabs - cpu.idle)} % of one core)`,
  )
  print(
    `load average while measuring: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${(await import('node:os')).cpus().length} cores`,
  )
} finally {
  await browser.close()
  baseline.close()
  await engine.stop()
}
