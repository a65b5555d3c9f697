import type { RunningEngine } from 'iii-engine'
import { type Browser, chromium } from 'playwright-core'

/** `http://` address of an engine's console. */
export function consoleUrl(engine: RunningEngine): string {
  const address = engine.address('iii-console')
  if (!address) throw new Error('iii-console is not running')
  return `http://127.0.0.1:${address.port}`
}

/** Headless Chromium, one per test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A config running the workers the console pages read, with a fast-failing queue `jobs`. */
export const consoleTestConfig = (extra = '') => `workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-console
    config: { port: 0, poll_interval_ms: 250 }
  - name: iii-queue
    config:
      queue_configs:
        jobs: { max_retries: 1, backoff_ms: 50 }
  - name: iii-state
  - name: iii-stream
    config: { port: 0 }
  - name: iii-cron
  - name: iii-http
    config: { port: 0 }
${extra}`
