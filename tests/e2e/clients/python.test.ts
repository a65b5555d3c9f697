import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scenarioIds } from '../../conformance/scenario-list'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { ensurePythonVenv } from '../../src/python-venv'

/**
 * The conformance scenarios with the published Python SDK (iii-sdk 0.25.0 from PyPI) as the
 * real client: tests/python/conformance.py runs them against a real engine and reports one
 * JSON line; each scenario is asserted here on its own.
 */
const pythonDir = fileURLToPath(new URL('../../python', import.meta.url))
/** conformance.py's report names, keyed by the scenario ids of tests/conformance/scenarios.json. */
const reportNames: Record<string, string> = {
  'sync-call': 'sync call',
  'void-call': 'void call',
  'enqueue-call': 'enqueue to default',
  'enqueue-unknown-queue': 'enqueue to unknown queue',
  'handler-error': 'handler error',
  'unknown-function': 'unknown function',
  'callee-disconnect': 'callee disconnect',
  'concurrent-calls': 'concurrent calls',
  discovery: 'discovery',
  'custom-trigger-type': 'custom trigger type',
  'duplicate-function-id': 'duplicate function id',
  'engine-restart': 'engine restart',
}
const scenarioNames = Object.values(reportNames)
const runTimeoutMs = 600_000

interface ScenarioReport {
  name: string
  ok: boolean
  detail: string
}
interface PythonRun {
  code: number | null
  stdout: string
  stderr: string
}

function runPython(python: string, args: string[], timeoutMs: number): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, {
      cwd: pythonDir,
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

function parseReport(run: PythonRun): ScenarioReport[] {
  const line = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1)
  if (line === undefined)
    throw new Error(
      `conformance.py printed no JSON report (exit ${run.code}).\nstdout:\n${run.stdout}\nstderr (tail):\n${run.stderr.slice(-4000)}`,
    )
  const parsed: { scenarios?: ScenarioReport[] } = JSON.parse(line)
  if (!Array.isArray(parsed.scenarios))
    throw new Error(`conformance.py report has no scenarios: ${line}`)
  return parsed.scenarios
}

describe('conformance: iii-sdk 0.25.0 (Python, published)', () => {
  let engine: TestEngine
  let run: PythonRun
  let reports: ScenarioReport[] = []

  beforeAll(async () => {
    const python = await ensurePythonVenv({ dir: pythonDir })
    engine = await startTestEngine()
    run = await runPython(python, ['conformance.py', engine.url], runTimeoutMs)
    reports = parseReport(run)
  }, runTimeoutMs + 360_000)

  afterAll(async () => {
    await engine?.stop()
  })

  it.each(scenarioNames)('%s', (name) => {
    const report = reports.find((r) => r.name === name)
    expect(report, `scenario "${name}" missing from the report`).toBeDefined()
    expect(
      report?.ok,
      `scenario "${name}" failed: ${report?.detail}\nstderr (tail):\n${run.stderr.slice(-3000)}`,
    ).toBe(true)
  })

  it('covers every scenario scenarios.json lists for the published Python SDK', () => {
    expect(Object.keys(reportNames).sort()).toEqual(scenarioIds('iii-sdk-python-published').sort())
  })

  it('reports no scenario this suite does not know and exits 0', () => {
    expect(reports.map((r) => r.name).sort()).toEqual([...scenarioNames].sort())
    expect(run.code, run.stderr.slice(-3000)).toBe(0)
  })

  it('the engine accepted every frame the SDK sent (the duplicate is a standby, not a warning)', () => {
    expect(engine.records.map((r) => `${r.level} ${r.msg} ${JSON.stringify(r.fields)}`)).toEqual([])
  })
})
