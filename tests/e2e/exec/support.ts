import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from '@iii/testing'
import type { Client } from '../state/support'

export { type Client, connect } from '../state/support'

export interface Status {
  name: string
  state: string
  pid?: number
  restarts: number
  error?: string
  last_exit?: { code: number | null; signal: string | null }
}

/** Config text (JSON is YAML) running only iii-exec with `config`. */
export const execOnly = (config: Record<string, unknown>) =>
  JSON.stringify({ workers: [{ name: 'iii-exec', config }] })

/** A process spec running `node -e script`. */
export const nodeProcess = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  command: process.execPath,
  args: ['-e', script],
  ...extra,
})

export const tempDir = () => mkdtempSync(join(tmpdir(), 'iii-exec-'))

/** Waits until `exec::status` of `name` satisfies `check`. */
export function waitForStatus(
  client: Client,
  name: string,
  check: (s: Status) => boolean,
  what: string,
): Promise<Status> {
  return waitFor(
    async () => {
      const s = await client.call<Status>('exec::status', { name })
      return check(s) ? s : undefined
    },
    { timeoutMs: 15_000, intervalMs: 50, what },
  )
}

/** Whether a pid is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
