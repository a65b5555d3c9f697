import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { uniqueName, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import {
  bindConfiguration,
  configId,
  connect,
  recorder,
  registration,
  serviceSchema,
} from './support'

const roots: string[] = []
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'iii-configuration-e2e-'))
  roots.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true })
})

const fsOnly = (directory: string) =>
  `workers:\n  - name: configuration\n    config: { adapter: { name: fs, config: { directory: "${directory}" } } }\n`

/** An entry file as a person would write it. */
const entryYaml = (value: string, schema = JSON.stringify(serviceSchema)) =>
  `name: Hand written\ndescription: edited outside the engine\nschema: ${schema}\nvalue: ${value}\n`

async function withEngine(
  configText: string,
  fn: (engine: TestEngine, client: ReturnType<typeof connect>) => Promise<void>,
) {
  const engine = await startTestEngine({ configText })
  const client = connect(engine)
  try {
    await fn(engine, client)
  } finally {
    await client.worker.shutdown()
    await engine.stop()
  }
}

describe('configuration fs adapter', () => {
  it('keeps entries across an engine restart, one <id>.yaml each', async () => {
    const directory = freshDir()
    const id = configId()
    await withEngine(fsOnly(directory), async (_engine, client) => {
      await client.call(
        'configuration::register',
        registration(id, {
          initial_value: { host: `\${DB_HOST:localhost}`, port: 5432 },
          metadata: { team: 'data' },
        }),
      )
      await client.call('configuration::set', {
        id,
        value: { host: `\${DB_HOST:localhost}`, port: 6543 },
      })
    })
    const text = readFileSync(join(directory, `${id}.yaml`), 'utf8')
    expect(text).toContain(`name: Service ${id}`)
    expect(text).toMatch(/port: 6543/)
    await withEngine(fsOnly(directory), async (_engine, client) => {
      expect(await client.call('configuration::get', { id, raw: true })).toEqual({
        id,
        value: { host: `\${DB_HOST:localhost}`, port: 6543 },
      })
      expect(await client.call('configuration::get', { id })).toEqual({
        id,
        value: { host: 'localhost', port: 6543 },
      })
      expect(await client.call('configuration::schema', { id })).toMatchObject({
        schema: serviceSchema,
        metadata: { team: 'data' },
      })
    })
  })

  it('applies a valid external edit (configuration:updated) and refuses an invalid one with a warning', async () => {
    const directory = freshDir()
    const id = configId()
    await withEngine(fsOnly(directory), async (engine, client) => {
      const fn = uniqueName('on-edit')
      const events = recorder()
      await client.expose(fn, events.handler)
      await bindConfiguration(client, fn, { configuration_id: id })
      await client.call(
        'configuration::register',
        registration(id, { initial_value: { host: 'h', port: 1 } }),
      )
      writeFileSync(
        join(directory, `${id}.yaml`),
        entryYaml(`{ host: "\${EDITED_HOST:edited}", port: 2 }`),
      )
      await events.waitForCount(2, 'the edit')
      expect(events.seen[1]).toMatchObject({
        event_type: 'configuration:updated',
        id,
        name: 'Hand written',
        old_value: { host: 'h', port: 1 },
        new_value: { host: 'edited', port: 2 },
      })
      expect(await client.call('configuration::get', { id })).toEqual({
        id,
        value: { host: 'edited', port: 2 },
      })

      writeFileSync(join(directory, `${id}.yaml`), entryYaml('{ host: "h", port: "not a number" }'))
      const rejected = await waitFor(
        () =>
          engine.records.find(
            (r) => r.msg === 'configuration file edit rejected; the previous entry stays',
          ),
        {
          what: 'the warning',
        },
      )
      expect(rejected.fields.reason).toMatch(/\/port must be integer/)
      expect(await client.call('configuration::get', { id })).toEqual({
        id,
        value: { host: 'edited', port: 2 },
      })
      expect(events.seen).toHaveLength(2)
    })
  })

  it('SCHEMA_UNAVAILABLE: a stored schema that cannot be used refuses set until registered again', async () => {
    const directory = freshDir()
    writeFileSync(
      join(directory, 'legacy.yaml'),
      entryYaml('{ host: "h", port: 1 }', '{ type: no-such-type }'),
    )
    await withEngine(fsOnly(directory), async (engine, client) => {
      expect(engine.records.map((r) => r.msg)).toContain(
        'configuration: a stored entry does not pass its schema',
      )
      expect(await client.call('configuration::get', { id: 'legacy' })).toEqual({
        id: 'legacy',
        value: { host: 'h', port: 1 },
      })
      const err = await client.fail('configuration::set', {
        id: 'legacy',
        value: { host: 'h', port: 2 },
      })
      expect(err.code).toBe('SCHEMA_UNAVAILABLE')
      await client.call('configuration::register', registration('legacy'))
      expect(
        await client.call('configuration::set', { id: 'legacy', value: { host: 'h', port: 2 } }),
      ).toEqual({
        old_value: { host: 'h', port: 1 },
        new_value: { host: 'h', port: 2 },
      })
    })
  })

  it('STORAGE_ERROR when the directory cannot be written; nothing is half-applied', async () => {
    const directory = freshDir()
    const id = configId()
    await withEngine(fsOnly(directory), async (_engine, client) => {
      await client.call(
        'configuration::register',
        registration(id, { initial_value: { host: 'h', port: 1 } }),
      )
      rmSync(directory, { recursive: true, force: true })
      writeFileSync(directory, 'a file where the directory was')
      const err = await client.fail('configuration::set', { id, value: { host: 'h', port: 2 } })
      expect(err.code).toBe('STORAGE_ERROR')
      expect(await client.call('configuration::get', { id })).toEqual({
        id,
        value: { host: 'h', port: 1 },
      })
      const other = await client.fail('configuration::register', registration(configId()))
      expect(other.code).toBe('STORAGE_ERROR')
    })
  })

  it('with a config file on disk, defaults to fs in the config directory beside it', async () => {
    const dir = freshDir()
    const file = join(dir, 'config.yaml')
    writeFileSync(file, 'workers: []\n')
    const engine = await startTestEngine({ configPath: file })
    const client = connect(engine)
    const id = configId()
    try {
      await client.call(
        'configuration::register',
        registration(id, { initial_value: { host: 'h', port: 1 } }),
      )
      expect(existsSync(join(dir, 'config', `${id}.yaml`))).toBe(true)
    } finally {
      await client.worker.shutdown()
      await engine.stop()
    }
  })

  it('refuses an unknown adapter at startup, naming the key', async () => {
    await expect(
      startTestEngine({
        configText: 'workers:\n  - name: configuration\n    config: { adapter: { name: redis } }\n',
      }),
    ).rejects.toThrow(/workers\[0\]\.config\.adapter\.name: adapter "redis" is unknown/)
    await expect(
      startTestEngine({
        configText: 'workers:\n  - name: configuration\n    config: { ttl_seconds: -1 }\n',
      }),
    ).rejects.toThrow(/ttl_seconds/)
  })
})
