import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { iii } from './support'

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for colour codes
const ansi = /\u001b\[/

describe('iii CLI hygiene (issue 14)', () => {
  it('refuses unknown flags, commands and missing or surplus arguments with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /unknown option --bogus for iii/],
      [['frob'], /unknown command "frob" for iii; commands: .*trigger.*worker/],
      [['worker'], /iii worker needs a command: add, remove, list, logs, restart/],
      [['worker', 'add'], /iii worker add needs <target>/],
      [['worker', 'list', 'extra'], /unexpected argument extra for iii worker list/],
      [['trigger', 'a::b', '--port'], /--port needs a value/],
      [['trigger', 'a::b', '--port', 'x'], /--port must be 1\.\.65535/],
      [['--log-level', 'loud'], /--log-level must be one of/],
    ]
    for (const [args, message] of cases) {
      const r = await iii(args, { timeoutMs: 30_000 })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(message)
      expect(r.stdout).toBe('')
    }
  }, 180_000)

  it('t is trigger; -n picks the namespace; trigger FN --help shows the schema from the engine', async () => {
    await using engine = await startTestEngine()
    const port = ['--port', String(engine.port)]
    const workers = ['a', 'b'].map((namespace) => {
      const w = registerWorker(engine.url, { workerName: uniqueName(namespace), namespace })
      w.registerFunction('ns::who', async () => namespace)
      return w
    })
    try {
      await waitFor(() => engine.core.functions.get('b', 'ns::who'))
      await waitFor(() => engine.core.functions.get('a', 'ns::who'))
      const b = await iii(['t', 'ns::who', '-n', 'b', ...port])
      expect(b.stderr).toBe('')
      expect(JSON.parse(b.stdout)).toBe('b')
      const a = await iii(['trigger', 'ns::who', '--namespace', 'a', ...port])
      expect(JSON.parse(a.stdout)).toBe('a')
      const help = await iii(['trigger', 'engine::workers::add', '--help', ...port])
      expect(help.code).toBe(0)
      expect(help.stdout).toContain('engine::workers::add — Add a built-in worker')
      expect(help.stdout).toMatch(/Request schema:[\s\S]*"wait_ms"/)
      expect(help.stdout).not.toMatch(ansi)
      const usage = await iii(['--help'])
      expect(usage.code).toBe(0)
      expect(usage.stdout).toMatch(/worker/)
      expect(usage.stdout).not.toMatch(ansi)
    } finally {
      for (const w of workers) await w.shutdown()
    }
  }, 120_000)
})
