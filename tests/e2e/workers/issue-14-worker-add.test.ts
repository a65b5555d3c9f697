import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sleep, waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { startTestEngine } from '../../src/engine'
import { connect } from '../state/support'
import { iii, sourceNodeOptions } from './support'

interface ConfigFile {
  workers: { name: string; config?: { processes?: { name: string; env?: object }[] } }[]
}

const baseConfig = `# workers of this test engine
workers:
  - name: iii-worker-manager
  - name: iii-exec   # fast crash-loop detection for the test
    config: { backoff_initial_ms: 50, max_fast_crashes: 3, processes: [] }
`

function configFile() {
  const dir = mkdtempSync(join(tmpdir(), 'iii-worker-add-'))
  const file = join(dir, 'config.yaml')
  writeFileSync(file, baseConfig)
  const read = () => parse(readFileSync(file, 'utf8')) as ConfigFile
  const names = () => read().workers.map((w) => w.name)
  const processes = () =>
    (read().workers.find((w) => w.name === 'iii-exec')?.config?.processes ?? []).map((p) => p.name)
  return { file, read, names, processes, text: () => readFileSync(file, 'utf8') }
}

const functionIds = (engine: { core: { functions: { all(): Iterable<{ id: string }> } } }) =>
  [...engine.core.functions.all()].map((f) => f.id)

describe('iii worker (issue 14)', () => {
  it('adds a built-in and a local worker to a live engine, then removes them; the file follows', async () => {
    const config = configFile()
    await using engine = await startTestEngine({ configPath: config.file })
    const port = ['--port', String(engine.port)]
    expect(functionIds(engine).some((id) => id.startsWith('engine::queue::'))).toBe(false)

    const queue = await iii(['worker', 'add', 'queue', ...port])
    expect(queue.stderr).toBe('')
    expect(queue.code).toBe(0)
    expect(queue.stdout).toMatch(/builtin worker iii-queue .*added to .*config\.yaml/)
    expect(functionIds(engine)).toContain('engine::queue::enqueue')
    expect(config.names()).toContain('iii-queue')
    expect(config.text()).toContain('# workers of this test engine')

    const other = connect(engine)
    const add = await iii([
      'worker',
      'add',
      './fixtures/ts-worker',
      '--env',
      sourceNodeOptions,
      '--expect',
      'fixture::greet',
      ...port,
    ])
    expect(add.stderr).toBe('')
    expect(add.code).toBe(0)
    expect(add.stdout).toMatch(/local worker ts-worker \(pid \d+\) ready/)
    expect(add.stdout).toContain('functions: fixture::greet')
    // Callable from another worker at once, within 10 s of running the command.
    const reply = await other.call<{ message: string }>('fixture::greet', { name: 'iii' })
    expect(reply.message).toBe('Hello, iii!')
    expect(add.elapsedMs).toBeLessThan(10_000)
    expect(config.processes()).toEqual(['ts-worker'])

    const list = await iii(['worker', 'list', '--json', ...port])
    expect(list.code).toBe(0)
    const rows = JSON.parse(list.stdout).workers as { name: string; kind: string }[]
    expect(rows).toContainEqual(
      expect.objectContaining({
        name: 'ts-worker',
        kind: 'local',
        status: 'running',
        functions: 1,
      }),
    )
    expect(rows).toContainEqual(expect.objectContaining({ name: 'iii-queue', kind: 'builtin' }))
    const table = await iii(['worker', 'list', ...port])
    expect(table.stdout).toMatch(/^NAME\s+KIND\s+STATUS\s+PID\s+FUNCTIONS$/m)
    expect(table.stdout).not.toContain('\u001b[')

    const logs = await iii(['worker', 'logs', 'ts-worker', ...port])
    expect(logs.code).toBe(0)
    expect(logs.stdout).toContain('ts-worker ready')

    const before = engine.core.functions.get('default', 'fixture::greet')?.owner.meta.pid
    const restarted = await iii(['worker', 'restart', 'ts-worker', ...port])
    expect(restarted.code).toBe(0)
    await waitFor(
      () => {
        const pid = engine.core.functions.get('default', 'fixture::greet')?.owner.meta.pid
        return pid !== undefined && pid !== before
      },
      { timeoutMs: 20_000, what: 'ts-worker back after restart' },
    )

    const removed = await iii(['worker', 'remove', 'ts-worker', ...port])
    expect(removed.code).toBe(0)
    await waitFor(() => !functionIds(engine).includes('fixture::greet'), {
      timeoutMs: 15_000,
      what: 'fixture::greet gone',
    })
    expect(config.processes()).toEqual([])
    const unqueued = await iii(['worker', 'remove', 'queue', ...port])
    expect(unqueued.code).toBe(0)
    expect(functionIds(engine).some((id) => id.startsWith('engine::queue::'))).toBe(false)
    expect(config.names()).not.toContain('iii-queue')
    await other.worker.shutdown()
  }, 180_000)

  it('reports a crash loop of a local worker, which then stops restarting', async () => {
    const config = configFile()
    await using engine = await startTestEngine({ configPath: config.file })
    const r = await iii(['worker', 'add', './fixtures/crash-worker', '--port', String(engine.port)])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/WORKER_NOT_READY: crash-worker crashed: crash loop: exited 3 times/)
    expect(r.stderr).toContain('boom: DATABASE_URL is not set')
    const client = connect(engine)
    const first = await client.call<{ state: string; restarts: number }>('exec::status', {
      name: 'crash-worker',
    })
    expect(first).toMatchObject({ state: 'crashed', restarts: 2 })
    await sleep(500)
    expect(
      (await client.call<{ restarts: number }>('exec::status', { name: 'crash-worker' })).restarts,
    ).toBe(2)
    // It stays configured, to be fixed and restarted, or removed.
    expect(config.processes()).toEqual(['crash-worker'])
    await client.worker.shutdown()
  }, 120_000)

  it('refuses bad input with a clear error and changes nothing', async () => {
    const config = configFile()
    await using engine = await startTestEngine({ configPath: config.file })
    const port = ['--port', String(engine.port)]
    const unknown = await iii(['worker', 'add', 'nosuch', ...port])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(
      /NOT_FOUND: no built-in worker nosuch; built-ins you can add: .*queue/,
    )
    const missing = await iii(['worker', 'add', './fixtures/missing', ...port])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no such directory: .*fixtures\/missing/)
    const flags = await iii(['worker', 'add', 'queue', '--bogus', ...port])
    expect(flags.code).toBe(2)
    expect(flags.stderr).toMatch(/unknown option --bogus/)
    const gone = await iii(['worker', 'remove', 'nope', ...port])
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/NOT_FOUND: no worker nope in the config/)
    const core = await iii(['worker', 'remove', 'iii-worker-manager', ...port])
    expect(core.code).toBe(1)
    expect(core.stderr).toMatch(/part of the engine and cannot be removed/)
    const client = connect(engine)
    const both = await client.fail('engine::workers::add', { worker: 'queue', path: '/tmp' })
    expect(both.code).toBe('INVALID_ARGUMENTS')
    const relative = await client.fail('engine::workers::add', { path: 'fixtures/ts-worker' })
    expect(relative.message).toMatch(/path must be absolute/)
    const badConfig = await client.fail('engine::workers::add', {
      worker: 'queue',
      config: { bogus: 1 },
    })
    expect(badConfig.code).toBe('SCHEMA_INVALID')
    expect(functionIds(engine).some((id) => id.startsWith('engine::queue::'))).toBe(false)
    expect(config.text()).toBe(baseConfig)
    await client.worker.shutdown()
  }, 120_000)
})
