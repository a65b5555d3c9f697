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

/**
 * Main-thread time Chromium spent on the page (scripts, style, layout, paint, other tasks) per
 * animation frame while `run` goes: unlike frame intervals, it does not grow when other processes
 * take the CPU, so it says what the page itself costs per frame.
 */
async function busyPerFrame(page: Page, run: () => Promise<number[]>) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]))
    return {
      task: m.TaskDuration ?? 0,
      script: m.ScriptDuration ?? 0,
      layout: m.LayoutDuration ?? 0,
    }
  }
  const system = await page.context().browser()?.newBrowserCDPSession()
  // CPU seconds of every renderer process: time on a core, which waiting for one does not add to.
  const rendererCpu = async () => {
    const info = (await system?.send('SystemInfo.getProcessInfo')) as
      | { processInfo: { type: string; cpuTime: number }[] }
      | undefined
    return (info?.processInfo ?? [])
      .filter((p) => p.type === 'renderer')
      .reduce((n, p) => n + p.cpuTime, 0)
  }
  const before = await read()
  const cpuBefore = await rendererCpu()
  const frames = await run()
  const cpuAfter = await rendererCpu()
  const after = await read()
  await cdp.detach()
  await system?.detach()
  const per = (k: 'task' | 'script' | 'layout') => ((after[k] - before[k]) * 1000) / frames.length
  return {
    frames,
    taskMs: per('task'),
    scriptMs: per('script'),
    layoutMs: per('layout'),
    cpuMs: ((cpuAfter - cpuBefore) * 1000) / frames.length,
  }
}

const busyText = (b: { taskMs: number; scriptMs: number; layoutMs: number; cpuMs: number }) =>
  `main thread busy ${fmt(b.taskMs)} ms per frame (script ${fmt(b.scriptMs)}, layout ${fmt(b.layoutMs)}), renderer CPU ${fmt(b.cpuMs)} ms per frame`

/** `III_PERF_ONLY=functions,logs` runs only those parts (paint, functions, logs, cpu). */
const only = new Set((process.env.III_PERF_ONLY ?? '').split(',').filter(Boolean))
const wanted = (part: string) => only.size === 0 || only.has(part)

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
  if (wanted('paint')) await paintFigures(base)
  if (wanted('functions') || wanted('logs')) {
    const basePage = await browser.newPage()
    await basePage.goto(baseline.url)
    const idle = await busyPerFrame(basePage, () => frameTimes(basePage, 240))
    await basePage.close()
    print(
      `baseline page, idle: frame time median ${fmt(median(idle.frames))} ms, p95 ${fmt(p95(idle.frames))} ms; ${busyText(idle)}`,
    )
  }
  if (wanted('functions')) await functionsFigures(base)
  if (wanted('logs')) await logsFigures(base)
  if (wanted('cpu')) {
    const cpu = await consoleCpu(browser)
    print(
      `engine CPU on an idle engine: ${fmt(cpu.idle)} % with no console tab, ${fmt(cpu.tabs)} % with 5 overview tabs open (console's share ≈ ${fmt(cpu.tabs - cpu.idle)} % of one core)`,
    )
  }
  print(
    `load average while measuring: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${(await import('node:os')).cpus().length} cores`,
  )
} finally {
  await browser.close()
  baseline.close()
  await engine.stop()
}

async function paintFigures(base: string) {
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
}

async function functionsFigures(base: string) {
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
  const scroll = await busyPerFrame(fnPage, () => frameTimes(fnPage, 240, '.vbody'))
  const rendered = await fnPage.locator('.vbody .vrow').count()
  print(
    `functions page, 10,000 functions: rendered in ${fmt(median(renders))} ms after navigation (${rendered} rows in the DOM); scroll frame time median ${fmt(median(scroll.frames))} ms, p95 ${fmt(p95(scroll.frames))} ms; ${busyText(scroll)}`,
  )
  await fnPage.close()
  await many.shutdown()
}

async function logsFigures(base: string) {
  const logger = registerWorker(engine.url, { workerName: 'chatty' })
  await logger.waitForConnection()
  const logPage = await browser.newPage()
  await logPage.goto(`${base}/logs`)
  await logPage.locator('h1').waitFor()
  let sent = 0
  const emitStart = Date.now()
  // Catches up to 1,000 lines per second of wall time, however late the timer fires.
  const timer = setInterval(() => {
    const due = Math.floor(Date.now() - emitStart) - sent
    for (let i = 0; i < due; i++)
      void logger.trigger({
        function_id: 'engine::log::info',
        payload: { message: `line ${sent++}` },
        action: { type: 'void' },
      })
  }, 20)
  await new Promise((r) => setTimeout(r, 2000))
  const sentBefore = sent
  const started = Date.now()
  const tail = await busyPerFrame(logPage, () => frameTimes(logPage, 600))
  const rate = ((sent - sentBefore) / (Date.now() - started)) * 1000
  clearInterval(timer)
  const shown = Number(await logPage.locator('.vtable').getAttribute('data-rowcount'))
  print(
    `logs page tailing ${fmt(rate)} lines/s: frame time median ${fmt(median(tail.frames))} ms, p95 ${fmt(p95(tail.frames))} ms over ${tail.frames.length} frames; ${busyText(tail)}; ${shown} of ${sent} lines in the table`,
  )
  await logPage.close()
  await logger.shutdown()
}
