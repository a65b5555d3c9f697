import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { uniqueName, waitFor } from '@iii/testing'
import { trace } from '@opentelemetry/api'
import * as ours from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../src/engine'

/**
 * The scenario `cross-language-chain` of scenarios.json: Python calls Go calls Rust calls
 * TypeScript, each a real client process on a real engine, and the whole chain is one trace.
 */
const sdkDir = (lang: string) => fileURLToPath(new URL(`../../sdk/${lang}`, import.meta.url))
const list = JSON.parse(readFileSync(new URL('./scenarios.json', import.meta.url), 'utf8'))
const scenario = list.scenarios.find((s: { id: string }) => s.id === 'cross-language-chain')
const ids: Record<'python' | 'go' | 'rust' | 'iii-sdk', string> = scenario.functions
/** Go and Rust compile their hop on a cold machine; bounded, not timed. */
const startTimeoutMs = 15 * 60_000

interface Span {
  trace_id: string
  span_id: string
  parent_span_id?: string
  name: string
  pending?: boolean
}
interface TreeNode extends Span {
  children: TreeNode[]
}

function startHop(command: string, args: string[], options: { cwd: string; env?: object }) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const ready = new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('ready')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${stderr}`)))
  })
  return { child, ready }
}

function flatten(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])])
}

describe('conformance: cross-language chain (Python → Go → Rust → TypeScript)', () => {
  let engine: TestEngine
  const hops: ChildProcess[] = []
  const workers: { shutdown(): Promise<void> }[] = []

  beforeAll(async () => {
    engine = await startTestEngine()
    const url = engine.url
    const { stdout } = await promisify(execFile)('bash', [`${sdkDir('python')}/scripts/venv.sh`], {
      timeout: startTimeoutMs,
    })
    const started = [
      startHop(stdout.trim(), ['examples/chain.py', url, ids.python, ids.go], {
        cwd: sdkDir('python'),
        env: { PYTHONPATH: sdkDir('python') },
      }),
      startHop('go', ['run', './examples/chain', url, ids.go, ids.rust], { cwd: sdkDir('go') }),
      startHop(
        'cargo',
        ['run', '--quiet', '--locked', '--example', 'chain', '--', url, ids.rust, ids['iii-sdk']],
        { cwd: sdkDir('rust'), env: { CARGO_INCREMENTAL: '0' } },
      ),
    ]
    hops.push(...started.map((s) => s.child))
    await Promise.all(started.map((s) => s.ready))
    const ts = ours.registerWorker(url, {
      workerName: uniqueName('chain-ts'),
      otel: { enabled: true },
    })
    workers.push(ts)
    ts.registerFunction(ids['iii-sdk'], async (data: { path: unknown[] }) => ({
      path: [
        ...data.path,
        { lang: 'ts', trace_id: trace.getActiveSpan()?.spanContext().traceId ?? null },
      ],
    }))
    await waitFor(
      () => Object.values(ids).every((id) => engine.core.functions.get('default', id)),
      {
        what: 'every hop registered',
      },
    )
  }, startTimeoutMs + 120_000)

  afterAll(async () => {
    for (const w of workers.splice(0)) await w.shutdown()
    for (const hop of hops.splice(0)) {
      hop.stdin?.end()
      hop.kill('SIGTERM')
    }
    await engine?.stop()
  })

  it('every hop runs, in order, on one trace id that engine::traces::tree shows as one tree', async () => {
    const caller = ours.registerWorker(engine.url, {
      workerName: uniqueName('chain-caller'),
      otel: { enabled: true },
    })
    workers.push(caller)
    const result = (await caller.trigger({
      function_id: ids.python,
      payload: { path: [] },
      timeoutMs: 60_000,
    })) as { path: { lang: string; trace_id: string | null }[] }
    expect(result.path.map((h) => h.lang)).toEqual(['python', 'go', 'rust', 'ts'])
    const traceId = result.path[0]?.trace_id
    expect(traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(result.path.map((h) => h.trace_id))).toEqual(new Set([traceId]))

    const tree = await waitFor(
      async () => {
        const { roots } = (await caller.trigger({
          function_id: 'engine::traces::tree',
          payload: { trace_id: traceId },
        })) as { roots: TreeNode[] }
        const names = flatten(roots).map((s) => s.name)
        return Object.values(ids).every((id) => names.some((n) => n.includes(id)))
          ? roots
          : undefined
      },
      { what: 'a span for every hop in the trace tree', timeoutMs: 30_000 },
    )
    const spans = flatten(tree)
    expect(new Set(spans.map((s) => s.trace_id))).toEqual(new Set([traceId]))
    expect(tree.map((r) => r.name)).toHaveLength(1)
  })
})
