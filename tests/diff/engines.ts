import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '@iii/testing'
import { startEngine } from 'iii-engine'

/** One engine under comparison: where to reach it and how to stop it. */
export interface DiffEngine {
  name: 'ours' | 'reference'
  wsUrl: string
  httpPort: number
  wsPort: number
  /** Built-in function ids this engine registered at startup. */
  builtinIds: string[]
  /** How long a new connection's registrations are held before calls see them. */
  graceMs: number
  stop(): Promise<void>
}

/** The default location of the reference binary, relative to the repository root. */
export const defaultReferencePath = resolve(import.meta.dirname, '../../../shared/reference/iii')

export interface Ports {
  ws: number
  http: number
  stream: number
}

/** The same worker list for both engines; only the ports differ. */
export function configFor(ports: Ports): string {
  return `workers:
  - name: iii-worker-manager
    config: { port: ${ports.ws}, host: 127.0.0.1 }
  - name: iii-http
    config: { port: ${ports.http}, host: 127.0.0.1 }
  - name: iii-state
  - name: iii-stream
    config: { port: ${ports.stream}, host: 127.0.0.1 }
  - name: iii-queue
  - name: iii-pubsub
  - name: iii-cron
  - name: iii-observability
    config: { enabled: true, exporter: memory }
`
}

const freePorts = async (): Promise<Ports> => ({
  ws: await freePort(),
  http: await freePort(),
  stream: await freePort(),
})

/** Our engine, in this process. */
export async function startOurs(): Promise<DiffEngine> {
  const ports = await freePorts()
  const engine = await startEngine({ configText: configFor(ports), log: { level: 'silent' } })
  const builtinIds = [...engine.core.functions.all()]
    .filter((f) => f.target.kind === 'builtin' && f.namespace === 'default')
    .map((f) => f.id)
  return {
    name: 'ours',
    wsUrl: engine.url,
    wsPort: ports.ws,
    httpPort: ports.http,
    builtinIds,
    graceMs: 0,
    stop: () => engine.stop(),
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => done(socket.destroy() === socket))
    socket.once('error', () => done(false))
  })

async function waitForPorts(ports: number[], child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`reference engine exited (${child.exitCode})`)
    const open = await Promise.all(ports.map(portOpen))
    if (open.every(Boolean)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`reference engine did not listen on ${ports.join(', ')} within ${timeoutMs} ms`)
}

/**
 * The reference binary in a scratch directory (it rewrites its config file and keeps state
 * beside it), with telemetry and update checks off.
 */
export async function startReference(binary: string): Promise<DiffEngine> {
  if (!existsSync(binary)) throw new Error(`no reference binary at ${binary}`)
  const ports = await freePorts()
  const dir = mkdtempSync(join(tmpdir(), 'iii-reference-'))
  writeFileSync(join(dir, 'config.yaml'), configFor(ports))
  const child = spawn(binary, ['--no-update-check', '-c', 'config.yaml'], {
    cwd: dir,
    env: { ...process.env, III_TELEMETRY_ENABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout?.on('data', (d) => {
    log += d
  })
  child.stderr?.on('data', (d) => {
    log += d
  })
  try {
    await waitForPorts([ports.ws, ports.http], child, 30_000)
  } catch (err) {
    child.kill('SIGKILL')
    throw new Error(`${(err as Error).message}\n${log.slice(-2000)}`)
  }
  const builtinIds = [...log.matchAll(/\[REGISTERED\] Function (\S+) in namespace default/g)].map(
    (m) => m[1] as string,
  )
  return {
    name: 'reference',
    wsUrl: `ws://127.0.0.1:${ports.ws}`,
    wsPort: ports.ws,
    httpPort: ports.http,
    builtinIds: [...new Set(builtinIds)],
    graceMs: 5_500,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
