import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, type LogRecord } from '@iii/core'
import { sleep, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { type ExternalChange, FsConfigurationStore, type StoredEntry } from '../src/index'
import { describeConfigurationStore } from './store-contract'

const dirs: string[] = []
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'iii-configuration-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }
const entry = (id: string, value: unknown): StoredEntry => ({
  id,
  name: id,
  description: 'd',
  schema,
  value,
})

/** Accepts an edit only when its value is an object with an integer n (a stand-in for the schema check). */
const acceptIntegerN = (e: StoredEntry) =>
  Number.isInteger((e.value as { n?: unknown } | null)?.n)
    ? undefined
    : `the value of ${e.id} needs an integer n`

/** An fs store on a fresh directory that records warnings and external changes. */
async function openWatched(directory = freshDir()) {
  const warnings: LogRecord[] = []
  const logger = createLogger({ level: 'warn', write: () => {}, onRecord: (r) => warnings.push(r) })
  const store = await FsConfigurationStore.open({
    directory,
    debounceMs: 50,
    accept: acceptIntegerN,
    logger,
  })
  const changes: ExternalChange[] = []
  store.watch((change) => changes.push(change))
  return { store, directory, warnings, changes }
}

describeConfigurationStore('fs', () => FsConfigurationStore.open({ directory: freshDir() }))

describe('fs configuration store', () => {
  it('writes one <id>.yaml per entry, leaves no temp files, and reloads them', async () => {
    const directory = freshDir()
    const first = await FsConfigurationStore.open({ directory })
    await first.put({ ...entry('flags', { n: 1 }), metadata: { team: 'core' } })
    await first.put(entry('limits', { n: `\${LIMIT:5}` }))
    await first.put(entry('empty', undefined))
    await first.put(entry('gone', { n: 0 }))
    await first.delete('gone')
    await first.close()
    expect(readdirSync(directory).sort()).toEqual(['empty.yaml', 'flags.yaml', 'limits.yaml'])
    expect(parse(readFileSync(join(directory, 'flags.yaml'), 'utf8'))).toEqual({
      name: 'flags',
      description: 'd',
      schema,
      value: { n: 1 },
      metadata: { team: 'core' },
    })
    const second = await FsConfigurationStore.open({ directory })
    expect(await second.list()).toEqual([
      entry('empty', undefined),
      { ...entry('flags', { n: 1 }), metadata: { team: 'core' } },
      entry('limits', { n: `\${LIMIT:5}` }),
    ])
    await second.close()
  })

  it('skips files that are not entries, with a warning, and ignores other file names', async () => {
    const directory = freshDir()
    writeFileSync(join(directory, 'broken.yaml'), 'name: [unclosed\n')
    writeFileSync(join(directory, 'no-schema.yaml'), 'name: x\nvalue: 1\n')
    writeFileSync(join(directory, 'Upper.yaml'), 'name: x\nschema: {}\n')
    writeFileSync(join(directory, 'notes.txt'), 'hello')
    writeFileSync(join(directory, 'ok.yaml'), 'name: ok\nschema: { type: integer }\nvalue: 3\n')
    const { store, warnings } = await openWatched(directory)
    expect(await store.list()).toEqual([
      { id: 'ok', name: 'ok', description: '', schema: { type: 'integer' }, value: 3 },
    ])
    expect(warnings.map((w) => [w.msg, String(w.fields.file).split('/').pop()])).toEqual([
      ['configuration file skipped', 'broken.yaml'],
      ['configuration file skipped', 'no-schema.yaml'],
    ])
    await store.close()
  })

  it('applies a valid external edit and reports it; its own writes are not reported', async () => {
    const { store, directory, changes } = await openWatched()
    await store.put(entry('app', { n: 1 }))
    writeFileSync(
      join(directory, 'app.yaml'),
      'name: app\ndescription: d\nschema: { type: object }\nvalue: { n: 2 }\n',
    )
    await waitFor(() => changes.length === 1, { what: 'the edit' })
    expect(changes[0]).toEqual({
      id: 'app',
      previous: entry('app', { n: 1 }),
      next: { ...entry('app', { n: 2 }), schema: { type: 'object' } },
    })
    expect((await store.get('app'))?.value).toEqual({ n: 2 })
    await store.put(entry('app', { n: 3 }))
    await store.delete('app')
    // Own writes would be reported within a few debounce periods.
    await sleep(300)
    expect(changes).toHaveLength(1)
    await store.close()
  })

  it('refuses an edit that fails the check or does not parse: warning, the entry stays', async () => {
    const { store, directory, changes, warnings } = await openWatched()
    await store.put(entry('app', { n: 1 }))
    writeFileSync(
      join(directory, 'app.yaml'),
      'name: app\nschema: { type: object }\nvalue: { n: "two" }\n',
    )
    await waitFor(() => warnings.length === 1, { what: 'the refusal' })
    writeFileSync(join(directory, 'app.yaml'), 'name: app\nschema: [\n')
    await waitFor(() => warnings.length === 2, { what: 'the second refusal' })
    expect(warnings.map((w) => w.msg)).toEqual([
      'configuration file edit rejected; the previous entry stays',
      'configuration file edit rejected; the previous entry stays',
    ])
    expect(warnings[0]?.fields.reason).toMatch(/integer n/)
    expect(changes).toEqual([])
    expect(await store.get('app')).toEqual(entry('app', { n: 1 }))
    await store.close()
  })

  it('reports a file added or removed by hand', async () => {
    const { store, directory, changes } = await openWatched()
    writeFileSync(
      join(directory, 'added.yaml'),
      'name: added\ndescription: d\nschema: { type: object }\nvalue: { n: 7 }\n',
    )
    await waitFor(() => changes.length === 1, { what: 'the new file' })
    expect(changes[0]).toEqual({
      id: 'added',
      next: { ...entry('added', { n: 7 }), schema: { type: 'object' } },
    })
    rmSync(join(directory, 'added.yaml'))
    await waitFor(() => changes.length === 2, { what: 'the removal' })
    expect(changes[1]).toMatchObject({ id: 'added', previous: { value: { n: 7 } } })
    expect(changes[1]?.next).toBeUndefined()
    expect(await store.get('added')).toBeUndefined()
    await store.close()
  })

  it('refuses writes after close', async () => {
    const store = await FsConfigurationStore.open({ directory: freshDir() })
    await store.close()
    await expect(store.put(entry('late', { n: 1 }))).rejects.toThrow(/closed/)
  })
})
