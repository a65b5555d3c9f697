import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@iii/core'
import { waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { type RunningEngine, startEngine } from '../src/index'

const manager = 'workers:\n  - name: iii-worker-manager\n    config: { port: 0 }\n'

/** A config file in a fresh directory, rewritten by the test while the engine runs. */
function configFile(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'iii-reload-')), 'config.yaml')
  writeFileSync(file, text)
  return { file, write: (next: string) => writeFileSync(file, next) }
}

describe('config reload', () => {
  it('starts, re-applies and stops only the workers whose entries changed', {
    timeout: 30_000,
  }, async () => {
    const cfg = configFile(manager)
    const engine: RunningEngine = await startEngine({
      configPath: cfg.file,
      watch: true,
      log: { level: 'silent' },
    })
    try {
      const listener = engine.host.get('iii-worker-manager')
      expect(engine.host.names()).not.toContain('iii-state')

      cfg.write(
        `${manager}  - name: state\n    config: { max_value_bytes: 100 }\ninvocation_timeout_ms: 1234\n`,
      )
      await waitFor(() => engine.host.names().includes('iii-state'), { what: 'iii-state started' })
      expect(engine.core.invocationTimeoutMs).toBe(1234)
      expect(engine.host.get('iii-worker-manager')).toBe(listener)

      cfg.write(
        `${manager}  - name: state\n    config: { max_value_bytes: 200 }\ninvocation_timeout_ms: 1234\n`,
      )
      await waitFor(
        () =>
          (engine.host.configOf('iii-state') as { max_value_bytes?: number })?.max_value_bytes ===
          200,
        {
          what: 'iii-state re-applied',
        },
      )
      expect(engine.host.get('iii-worker-manager')).toBe(listener)

      cfg.write(manager)
      await waitFor(() => !engine.host.names().includes('iii-state'), { what: 'iii-state stopped' })
      expect(engine.core.functions.get('default', 'state::set')).toBeUndefined()
      expect(engine.host.names()).toEqual(
        expect.arrayContaining(['iii-worker-manager', 'iii-engine-functions', 'iii-observability']),
      )
      expect(engine.core.invocationTimeoutMs).toBe(300_000)
    } finally {
      await engine.stop()
    }
  })

  it('ignores a change of key order; rejects a file that does not parse and applies the next valid save', {
    timeout: 30_000,
  }, async () => {
    const records: { msg: string; fields: Record<string, unknown> }[] = []
    const logger = createLogger({
      level: 'info',
      write: () => {},
      onRecord: (r) => records.push(r),
    })
    const seen = (msg: string) => records.filter((r) => r.msg === msg).length
    const cfg = configFile(
      `${manager}  - name: iii-state\n    config: { max_value_bytes: 100, triggers_enabled: true }\n`,
    )
    const engine = await startEngine({ configPath: cfg.file, watch: true, logger })
    try {
      const state = engine.host.get('iii-state')
      cfg.write(
        `${manager}  - name: iii-state\n    config: { triggers_enabled: true, max_value_bytes: 100 }\n`,
      )
      await waitFor(() => seen('config reloaded') === 1, { what: 'the reload' })
      expect(engine.host.get('iii-state')).toBe(state)

      cfg.write('workers: [\n')
      await waitFor(() => seen('config reload rejected; the running config stays') === 1, {
        what: 'the rejection',
      })
      const rejected = records.find(
        (r) => r.msg === 'config reload rejected; the running config stays',
      )
      expect(rejected?.fields).toMatchObject({
        file: cfg.file,
        reason: expect.stringMatching(/parse failed/),
      })
      expect(engine.host.get('iii-state')).toBe(state)
      expect(seen('engine stopped')).toBe(0)

      cfg.write(`${manager}  - name: iii-state\n    config: { unknown_key: 1 }\n`)
      await waitFor(() => seen('config reload rejected; the running config stays') === 2, {
        what: 'the second rejection',
      })
      expect(
        records.filter((r) => r.msg === 'config reload rejected; the running config stays')[1]
          ?.fields,
      ).toMatchObject({
        key: expect.stringMatching(/workers\[1\]\.config/),
      })

      cfg.write(`${manager}  - name: iii-state\n    config: { max_value_bytes: 300 }\n`)
      await waitFor(
        () =>
          (engine.host.configOf('iii-state') as { max_value_bytes?: number })?.max_value_bytes ===
          300,
        {
          what: 'the next valid save applied',
        },
      )
    } finally {
      await engine.stop()
    }
  })

  it('keeps the old config of a worker whose new config cannot start', {
    timeout: 30_000,
  }, async () => {
    const records: string[] = []
    const logger = createLogger({
      level: 'info',
      write: () => {},
      onRecord: (r) => records.push(r.msg),
    })
    const cfg = configFile(`${manager}  - name: iii-http\n    config: { port: 0 }\n`)
    const engine = await startEngine({ configPath: cfg.file, watch: true, logger })
    try {
      const taken = engine.port
      const before = engine.host.get('iii-http')
      cfg.write(`${manager}  - name: iii-http\n    config: { port: ${taken} }\n`)
      await waitFor(() => records.includes('config reloaded'), {
        what: 'the reload',
        timeoutMs: 10_000,
      })
      expect(records).toContain('config reload: worker failed to start')
      const after = engine.host.get('iii-http')
      expect(after).toBeDefined()
      expect(after).not.toBe(before)
      expect(engine.address('iii-http')?.port).not.toBe(taken)
      expect(
        engine.config.workers.find((w) => w.instanceName === 'iii-http')?.config,
      ).toMatchObject({ port: 0 })
    } finally {
      await engine.stop()
    }
  })
})
