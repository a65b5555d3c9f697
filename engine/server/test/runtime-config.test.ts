import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createLogger, type LogRecord } from '@iii/core'
import { waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import {
  defaultConfig,
  loadConfig,
  parseConfigText,
  startEngine,
  workerCatalogue,
} from '../src/index'

const manager = 'workers:\n  - name: iii-worker-manager\n    config: { port: 0 }\n'
const configurationOf = (config: { workers: { instanceName: string; config: unknown }[] }) =>
  config.workers.find((w) => w.instanceName === 'configuration')?.config

function configFile(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'iii-runtime-')), 'config.yaml')
  writeFileSync(file, text)
  return { file, write: (next: string) => writeFileSync(file, next) }
}

describe('the configuration worker’s defaults', () => {
  it('is memory without a file and for inline text, fs beside a config file on disk', () => {
    expect(configurationOf(defaultConfig(workerCatalogue))).toEqual({
      adapter: { name: 'memory' },
      ttl_seconds: 0,
    })
    const inline = parseConfigText('workers: []\n', {
      file: '<inline config>',
      version: '1',
      catalogue: workerCatalogue,
      env: {},
    })
    expect(configurationOf(inline)).toEqual({ adapter: { name: 'memory' }, ttl_seconds: 0 })
    const { file } = configFile('workers: []\n')
    expect(
      configurationOf(
        loadConfig({ path: file, version: '1', catalogue: workerCatalogue, env: {} }),
      ),
    ).toEqual({
      adapter: { name: 'fs', config: { directory: join(dirname(file), 'config') } },
      ttl_seconds: 0,
    })
    const listed = configFile('workers:\n  - name: configuration\n    config: { ttl_seconds: 3 }\n')
    expect(
      configurationOf(
        loadConfig({ path: listed.file, version: '1', catalogue: workerCatalogue, env: {} }),
      ),
    ).toMatchObject({
      adapter: { name: 'fs' },
      ttl_seconds: 3,
    })
    const chosen = configFile(
      'workers:\n  - name: configuration\n    config: { adapter: { name: memory } }\n',
    )
    expect(
      configurationOf(
        loadConfig({ path: chosen.file, version: '1', catalogue: workerCatalogue, env: {} }),
      ),
    ).toMatchObject({
      adapter: { name: 'memory' },
    })
  })
})

describe('runtime config changes and config reload', () => {
  it('keep a runtime change while its block is unchanged, and apply the file once the block changes', {
    timeout: 30_000,
  }, async () => {
    const records: LogRecord[] = []
    const logger = createLogger({
      level: 'info',
      write: () => {},
      onRecord: (r) => records.push(r),
    })
    const cfg = configFile(`${manager}  - name: iii-state\n    config: { max_value_bytes: 100 }\n`)
    const engine = await startEngine({ configPath: cfg.file, watch: true, logger })
    const stateConfig = () =>
      engine.host.configOf('iii-state') as { max_value_bytes?: number } | undefined
    try {
      const control = engine.core.slots.get('builtinConfigs')
      expect(control?.list().map((b) => b.name)).toEqual(
        expect.arrayContaining(['configuration', 'iii-state', 'iii-worker-manager']),
      )
      await control?.reconfigure('iii-state', { max_value_bytes: 555 })
      expect(stateConfig()?.max_value_bytes).toBe(555)

      cfg.write(
        `${manager}  - name: iii-state\n    config: { max_value_bytes: 100 }\n  - name: iii-pubsub\n`,
      )
      await waitFor(() => engine.host.names().includes('iii-pubsub'), {
        what: 'iii-pubsub started',
      })
      expect(stateConfig()?.max_value_bytes).toBe(555)

      cfg.write(
        `${manager}  - name: iii-state\n    config: { max_value_bytes: 200 }\n  - name: iii-pubsub\n`,
      )
      await waitFor(() => stateConfig()?.max_value_bytes === 200, { what: 'the file applied' })
      expect(records.filter((r) => r.level === 'error')).toEqual([])
    } finally {
      await engine.stop()
    }
  })

  it('refuses a bad runtime config with SCHEMA_INVALID or APPLY_FAILED and keeps the running one', async () => {
    const engine = await startEngine({
      configText: `${manager}  - name: iii-state\n`,
      log: { level: 'silent' },
    })
    try {
      const control = engine.core.slots.get('builtinConfigs')
      const before = engine.host.get('iii-state')
      await expect(
        control?.reconfigure('iii-state', { max_value_bytes: -1 }),
      ).rejects.toMatchObject({ code: 'SCHEMA_INVALID' })
      expect(engine.host.get('iii-state')).toBe(before)
      await expect(
        control?.reconfigure('iii-state', { adapter: { name: 'nope' } }),
      ).rejects.toMatchObject({ code: 'APPLY_FAILED' })
      expect(engine.host.configOf('iii-state')).toMatchObject({ adapter: { name: 'memory' } })
      await expect(control?.reconfigure('iii-cron', {})).rejects.toMatchObject({
        code: 'NOT_REGISTERED',
      })
    } finally {
      await engine.stop()
    }
  })
})
