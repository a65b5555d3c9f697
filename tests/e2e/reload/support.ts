import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, type LogRecord } from '@iii/core'
import { waitFor } from '@iii/testing'
import { type RunningEngine, startEngine } from 'iii-engine'

export interface WatchedEngine {
  engine: RunningEngine
  file: string
  records: LogRecord[]
  /** Replaces the config file's text. */
  write(text: string): void
  /** Records with this message so far. */
  count(msg: string): number
  /** Waits until `msg` was logged `n` times in all. */
  waitForLog(msg: string, n: number): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/** An engine in this process that watches its config file (as the `iii` CLI does). */
export async function startWatchedEngine(text: string): Promise<WatchedEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'iii-reload-'))
  const file = join(dir, 'config.yaml')
  writeFileSync(file, text)
  const records: LogRecord[] = []
  const logger = createLogger({ level: 'info', write: () => {}, onRecord: (r) => records.push(r) })
  const engine = await startEngine({ configPath: file, watch: true, randomPorts: true, logger })
  const count = (msg: string) => records.filter((r) => r.msg === msg).length
  return {
    engine,
    file,
    records,
    write: (next) => writeFileSync(file, next),
    count,
    async waitForLog(msg, n) {
      await waitFor(() => count(msg) >= n, { timeoutMs: 15_000, what: `${n} × "${msg}"` })
    },
    async [Symbol.asyncDispose]() {
      await engine.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Config text: the worker listener plus `workers` (YAML list items). */
export const withListener = (workers: string) =>
  `workers:\n  - name: iii-worker-manager\n    config: { port: 0 }\n${workers}`
