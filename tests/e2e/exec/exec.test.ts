import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sleep, waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import {
  alive,
  connect,
  execOnly,
  nodeProcess,
  type Status,
  tempDir,
  waitForStatus,
} from './support'

const forever = 'setInterval(() => {}, 1000)'

describe('iii-exec', () => {
  it('runs a process, tags its output in the engine log and serves list, status and logs', async () => {
    await using engine = await startTestEngine({
      configText: execOnly({
        processes: [
          nodeProcess('talker', `console.log('hello out'); console.error('hello err'); ${forever}`),
        ],
      }),
    })
    const client = connect(engine)
    const status = await waitForStatus(
      client,
      'talker',
      (s) => s.state === 'running' && s.pid !== undefined,
      'talker running',
    )
    expect(alive(status.pid as number)).toBe(true)
    const logs = await waitFor(async () => {
      const r = await client.call<{ lines: { stream: string; line: string }[]; next_seq: number }>(
        'exec::logs',
        { name: 'talker' },
      )
      return r.lines.length >= 2 ? r : undefined
    })
    expect(logs.lines.map((l) => [l.stream, l.line]).sort()).toEqual([
      ['stderr', 'hello err'],
      ['stdout', 'hello out'],
    ])
    const after = await client.call<{ lines: unknown[] }>('exec::logs', {
      name: 'talker',
      since: logs.next_seq,
    })
    expect(after.lines).toEqual([])
    const { processes } = await client.call<{ processes: Status[] }>('exec::list', {})
    expect(processes.map((p) => p.name)).toEqual(['talker'])
    await client.worker.shutdown()
    await engine.stop()
    expect(alive(status.pid as number)).toBe(false)
  })

  it('restarts a crashing process with backoff, then gives up on a crash loop; the engine stays up', async () => {
    await using engine = await startTestEngine({
      configText: execOnly({
        backoff_initial_ms: 20,
        max_fast_crashes: 3,
        processes: [
          nodeProcess('crasher', "console.error('boom: missing setting'); process.exit(3)"),
        ],
      }),
    })
    const client = connect(engine)
    const s = await waitForStatus(
      client,
      'crasher',
      (x) => x.state === 'crashed',
      'crash loop detected',
    )
    expect(s.restarts).toBe(2)
    expect(s.last_exit).toMatchObject({ code: 3 })
    expect(s.error).toMatch(
      /crash loop: exited 3 times .*exit code 3.*not restarting.*boom: missing setting/,
    )
    await sleep(200)
    expect((await client.call<Status>('exec::status', { name: 'crasher' })).restarts).toBe(2)
    expect(engine.records.some((r) => r.msg === 'process keeps crashing; giving up')).toBe(true)
    // exec::restart starts a given-up process over.
    const restarted = await client.call<Status>('exec::restart', { name: 'crasher' })
    expect(['running', 'backoff']).toContain(restarted.state)
    await client.worker.shutdown()
  })

  it('reports a missing binary and a bad cwd clearly and keeps running the others', async () => {
    const dir = tempDir()
    await using engine = await startTestEngine({
      configText: execOnly({
        processes: [
          { name: 'nobin', command: 'definitely-not-a-command-iii' },
          nodeProcess('nocwd', forever, { cwd: join(dir, 'missing') }),
          nodeProcess('ok', forever, { cwd: dir }),
        ],
      }),
    })
    const client = connect(engine)
    expect(
      (await waitForStatus(client, 'nobin', (s) => s.state === 'failed', 'nobin failed')).error,
    ).toMatch(/command not found: definitely-not-a-command-iii/)
    expect(
      (await waitForStatus(client, 'nocwd', (s) => s.state === 'failed', 'nocwd failed')).error,
    ).toMatch(/cwd does not exist: .*missing/)
    expect((await client.call<Status>('exec::status', { name: 'ok' })).state).toBe('running')
    await client.worker.shutdown()
  })

  it('kills a one-shot command at its timeout, caps output, and runs no shell unless asked', async () => {
    await using engine = await startTestEngine({
      configText: execOnly({
        max_line_bytes: 64,
        max_output_bytes: 2048,
        processes: [
          nodeProcess('slow', forever, { timeout_ms: 200, restart: 'never' }),
          nodeProcess(
            'loud',
            `console.log('y'.repeat(100)); for (let i = 0; i < 100; i++) console.log('x'.repeat(50)); ${forever}`,
          ),
          { name: 'literal', command: 'echo', args: ['$HOME'], restart: 'never' },
          {
            name: 'shelled',
            command: 'echo "$0:$1"',
            args: ['arg'],
            shell: true,
            restart: 'never',
          },
        ],
      }),
    })
    const client = connect(engine)
    expect(
      (await waitForStatus(client, 'slow', (s) => s.state === 'exited', 'slow timed out')).error,
    ).toBe('timed out after 200 ms')
    const logs = (name: string) =>
      client.call<{ lines: { stream: string; line: string }[] }>('exec::logs', {
        name,
        limit: 1000,
      })
    const loud = await waitFor(async () => {
      const r = await logs('loud')
      return r.lines.some((l) => l.stream === 'exec') ? r : undefined
    })
    expect(loud.lines[0]?.line).toMatch(/^y{64}… \[line truncated\]$/)
    expect(loud.lines.at(-1)?.line).toMatch(/output capped at 2048 bytes/)
    expect(loud.lines.length).toBeLessThan(60)
    await waitForStatus(client, 'literal', (s) => s.state === 'exited', 'literal exited')
    expect((await logs('literal')).lines.map((l) => l.line)).toEqual(['$HOME'])
    await waitForStatus(client, 'shelled', (s) => s.state === 'exited', 'shelled exited')
    expect((await logs('shelled')).lines.map((l) => l.line)).toEqual(['shelled:arg'])
    await client.worker.shutdown()
  })

  it('stops with SIGTERM, then SIGKILL after the grace, on engine stop', async () => {
    const stubborn = `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); ${forever}`
    const engine = await startTestEngine({
      configText: execOnly({ stop_grace_ms: 300, processes: [nodeProcess('stubborn', stubborn)] }),
    })
    const client = connect(engine)
    await waitFor(
      async () =>
        (await client.call<{ lines: unknown[] }>('exec::logs', { name: 'stubborn' })).lines.length >
        0,
    )
    const { pid } = await client.call<Status>('exec::status', { name: 'stubborn' })
    await client.worker.shutdown()
    await engine.stop()
    expect(alive(pid as number)).toBe(false)
  })

  it('restarts on exec::restart and on a watched file change; refuses bad input', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'app.js'), 'x')
    await using engine = await startTestEngine({
      configText: execOnly({
        processes: [nodeProcess('watched', forever, { cwd: dir, watch: ['**/*.js'] })],
      }),
    })
    const client = connect(engine)
    const first = await waitForStatus(
      client,
      'watched',
      (s) => s.pid !== undefined,
      'watched running',
    )
    const second = await client.call<Status>('exec::restart', { name: 'watched' })
    expect(second.pid).not.toBe(first.pid)
    expect(alive(first.pid as number)).toBe(false)
    writeFileSync(join(dir, 'notes.txt'), 'not watched')
    writeFileSync(join(dir, 'app.js'), 'y')
    const third = await waitForStatus(
      client,
      'watched',
      (s) => s.pid !== undefined && s.pid !== second.pid,
      'restart on change',
    )
    expect(third.restarts).toBe(0)
    expect((await client.fail('exec::status', { name: 'nope' })).message).toMatch(
      /no process named nope; running processes: watched/,
    )
    expect((await client.fail('exec::status', {})).code).toBe('INVALID_ARGUMENTS')
    expect((await client.fail('exec::logs', { name: 'watched', limit: 0 })).code).toBe(
      'INVALID_ARGUMENTS',
    )
    await client.worker.shutdown()
  })

  it('runs the reference exec pipeline and applies a config change in place', async () => {
    await using engine = await startTestEngine({
      configText: execOnly({
        exec: ['echo step-one', `node -e "console.log('step-two'); ${forever}"`],
        processes: [],
      }),
    })
    const client = connect(engine)
    await waitFor(async () => {
      const r = await client.call<{ lines: { line: string }[] }>('exec::logs', { name: 'pipeline' })
      return r.lines.map((l) => l.line).join(',') === 'step-one,step-two'
    })
    const before = await client.call<Status>('exec::status', { name: 'pipeline' })
    const { value } = await client.call<{ value: Record<string, unknown> }>('configuration::get', {
      id: 'iii-exec',
    })
    await client.call('configuration::set', {
      id: 'iii-exec',
      value: { ...value, processes: [nodeProcess('extra', forever)] },
    })
    await waitForStatus(client, 'extra', (s) => s.state === 'running', 'extra running')
    expect((await client.call<Status>('exec::status', { name: 'pipeline' })).pid).toBe(before.pid)
    await client.worker.shutdown()
  })

  it('refuses duplicate names and unknown keys at config load', async () => {
    const dup = execOnly({ processes: [nodeProcess('a', forever), nodeProcess('a', forever)] })
    await expect(startTestEngine({ configText: dup })).rejects.toThrow(
      /processes\[1\]\.name: duplicate process name "a"/,
    )
    await expect(
      startTestEngine({
        configText: execOnly({ processes: [{ name: 'a', command: 'x', bogus: 1 }] }),
      }),
    ).rejects.toThrow(/bogus/)
  })
})
