/**
 * A real engine for the Python, Go and Rust conformance suites, driven over stdin/stdout with
 * one JSON line per message, so each language's own test runner can start, restart and stop
 * the same engine the TypeScript suite uses.
 *
 * Out: `{"event":"ready","url":"ws://…","port":N}` after each start,
 *      `{"event":"stopped","unhandled":[…]}` before exiting.
 * In:  `restart` (stop, then start again on the same port) or `stop` (also on stdin EOF).
 *
 * `--restartable` runs only the worker listener, on an explicit free port (uWS sets
 * SO_REUSEADDR only then, so a restart can rebind at once); otherwise the default workers run
 * on random ports.
 */
import { createInterface } from 'node:readline'
import { freePort } from '@iii/testing'
import { startTestEngine, type TestEngine } from '../src/engine'

const restartable = process.argv.includes('--restartable')
const port = restartable ? await freePort() : 0
const configText = restartable
  ? `workers:\n  - name: iii-worker-manager\n    config: { port: ${port} }\n`
  : undefined

const start = () =>
  startTestEngine(configText === undefined ? {} : { configText, randomPorts: false })

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)

let engine: TestEngine = await start()
const unhandled: string[] = []
say({ event: 'ready', url: engine.url, port: engine.port })

async function stopEngine(): Promise<void> {
  await engine.stop().catch((err: Error) => unhandled.push(err.message))
}

let queue = Promise.resolve()
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  queue = queue.then(async () => {
    if (line.trim() === 'restart') {
      await stopEngine()
      engine = await start()
      say({ event: 'ready', url: engine.url, port: engine.port })
    } else if (line.trim() === 'stop') {
      lines.close()
    }
  })
})
lines.on('close', () => {
  queue = queue.then(async () => {
    await stopEngine()
    say({ event: 'stopped', unhandled })
    process.exit(0)
  })
})
