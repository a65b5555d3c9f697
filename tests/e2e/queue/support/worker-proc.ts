// An SDK worker run as a child process, so tests can kill it with SIGKILL (see processes.ts).
import { appendFileSync } from 'node:fs'
import { registerWorker } from 'iii-sdk'

const { III_URL, FN, MODE, HISTORY, ENGINE_LABEL } = process.env
if (!III_URL || !FN) throw new Error('III_URL and FN are required')

const record = (type: string, data: { k?: unknown }) => {
  if (HISTORY)
    appendFileSync(
      HISTORY,
      `${JSON.stringify({ type, k: data.k, pid: process.pid, engine: ENGINE_LABEL, at: Date.now() })}\n`,
    )
}

const worker = registerWorker(III_URL, {
  workerName: `proc-${process.pid}`,
  reconnectionConfig: { initialDelayMs: 50, maxDelayMs: 300 },
})
worker.registerFunction(FN, async (data: { k?: unknown }) => {
  if (MODE === 'hang') {
    process.stdout.write(`started ${JSON.stringify(data)}\n`)
    return new Promise(() => {})
  }
  record('run-start', data)
  await new Promise((r) => setTimeout(r, Math.random() * 5))
  record('run-end', data)
  return null
})
worker.onConnectionStateChange((state) => {
  if (state === 'connected') process.stdout.write('connected\n')
})
