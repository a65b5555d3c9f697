import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, parseConfigText, workerCatalogue } from '../src/index'

const base = {
  version: '9.9.9',
  catalogue: workerCatalogue,
  file: 'config.yaml',
  env: {} as NodeJS.ProcessEnv,
}
const parse = (text: string, env: NodeJS.ProcessEnv = {}) => parseConfigText(text, { ...base, env })
const names = (text: string) => parse(text).workers.map((w) => w.instanceName)

describe('config loading', () => {
  it('starts every default worker when there is no file, and adds mandatory ones to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iii-cfg-'))
    const defaults = loadConfig({ cwd: dir, version: '1', catalogue: workerCatalogue })
    expect(defaults.file).toBeNull()
    expect(defaults.workers.map((w) => w.instanceName)).toEqual(
      expect.arrayContaining(['iii-worker-manager', 'iii-engine-functions', 'iii-queue']),
    )
    expect(names('workers: []')).not.toContain('iii-queue')
    expect(names('workers: []')).toEqual(
      expect.arrayContaining(['iii-worker-manager', 'iii-engine-functions']),
    )
  })

  it('applies defaults and names repeated instances name#1, name#2', () => {
    const cfg = parse(
      'workers:\n  - name: iii-worker-manager\n  - name: iii-worker-manager\n    config: { port: 49135 }\n',
    )
    const managers = cfg.workers.filter((w) => w.definition.name === 'iii-worker-manager')
    expect(managers.map((w) => w.instanceName)).toEqual([
      'iii-worker-manager',
      'iii-worker-manager#1',
    ])
    expect(managers[0]?.config).toMatchObject({
      port: 49134,
      host: '127.0.0.1',
      max_frame_bytes: 64 * 1024 * 1024,
    })
    expect(managers[1]?.config).toMatchObject({ port: 49135 })
  })

  it('interpolates VAR placeholders with and without defaults, and the engine version placeholder', () => {
    const cfg = parse(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: config placeholders, not template literals
      'invocation_timeout_ms: ${TIMEOUT:1234}\nworkers:\n  - name: iii-worker-manager\n    config: { port: ${PORT} }\n',
      {
        PORT: '50001',
      },
    )
    expect(cfg.invocationTimeoutMs).toBe(1234)
    expect(cfg.workers.find((w) => w.instanceName === 'iii-worker-manager')?.config).toMatchObject({
      port: 50001,
    })
    // biome-ignore lint/suspicious/noTemplateCurlyInString: config placeholders
    expect(() => parse('workers: []\ninvocation_timeout_ms: ${NOPE}\n')).toThrow(/NOPE is not set/)
  })

  it.each([
    ['unknown root key', 'workerz: []', /config\.yaml: workerz: unknown key/],
    [
      'unknown worker',
      'workers:\n  - name: iii-nope',
      /workers\[0\]\.name: unknown worker "iii-nope"; known workers: /,
    ],
    [
      'unknown worker key',
      'workers:\n  - name: iii-worker-manager\n    config: { prot: 1 }',
      /workers\[0\]\.config\.prot: unknown key/,
    ],
    [
      'wrong type',
      'workers:\n  - name: iii-worker-manager\n    config: { port: "high" }',
      /workers\[0\]\.config\.port: /,
    ],
    [
      'out of range',
      'workers:\n  - name: iii-worker-manager\n    config: { port: 70000 }',
      /workers\[0\]\.config\.port: /,
    ],
    [
      'image entries',
      'workers:\n  - name: iii-queue\n    image: foo',
      /workers\[0\]\.image: images are not supported/,
    ],
    [
      'both spellings',
      'workers:\n  - name: queue\n  - name: iii-queue',
      /iii-queue and queue name the same worker/,
    ],
    [
      'single-instance twice',
      'workers:\n  - name: iii-queue\n  - name: iii-queue',
      /may appear only once/,
    ],
    ['bad YAML', 'workers: [', /parse failed/],
    ['not a mapping', '- a\n- b', /root must be a mapping/],
    [
      'bad timeout',
      'invocation_timeout_ms: -5',
      /invocation_timeout_ms: must be a non-negative integer/,
    ],
  ])('rejects %s with the file, key and reason', (_name, text, message) => {
    let error: unknown
    try {
      parse(text)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(message)
  })

  it('refuses a named config file that does not exist, and reads one that does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iii-cfg-'))
    expect(() =>
      loadConfig({ cwd: dir, path: 'missing.yaml', version: '1', catalogue: workerCatalogue }),
    ).toThrow(/config file not found/)
    writeFileSync(join(dir, 'config.yaml'), 'workers:\n  - name: queue\n')
    expect(
      loadConfig({ cwd: dir, version: '1', catalogue: workerCatalogue }).workers.map(
        (w) => w.instanceName,
      ),
    ).toContain('iii-queue')
  })
})
