import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { validateExecConfig } from '../src/config'
import { globToRegExp } from '../src/glob'
import { type ExecConfig, ExecConfigSchema } from '../src/index'

const configOf = (raw: Record<string, unknown>): ExecConfig =>
  Value.Default(ExecConfigSchema, structuredClone(raw)) as ExecConfig

describe('exec config', () => {
  it('accepts processes and the reference exec form with defaults', () => {
    const config = configOf({ processes: [{ name: 'api', command: 'node', args: ['server.js'] }] })
    expect(Value.Check(ExecConfigSchema, config)).toBe(true)
    expect(config).toMatchObject({ stop_grace_ms: 3000, max_fast_crashes: 5 })
    expect(validateExecConfig(config)).toBeUndefined()
    expect(
      validateExecConfig(
        configOf({ exec: ['npm run build', 'node dist/main.js'], watch: ['src/**'] }),
      ),
    ).toBeUndefined()
  })

  it('names the key of what the schema cannot check', () => {
    const dup = configOf({
      processes: [
        { name: 'a', command: 'x' },
        { name: 'a', command: 'y' },
      ],
    })
    expect(validateExecConfig(dup)).toMatchObject({ key: 'processes[1].name' })
    const clash = configOf({ processes: [{ name: 'pipeline', command: 'x' }], exec: ['y'] })
    expect(validateExecConfig(clash)).toMatchObject({ key: 'exec' })
    expect(validateExecConfig(configOf({ watch: ['src/**'] }))).toMatchObject({ key: 'watch' })
    expect(
      Value.Check(ExecConfigSchema, configOf({ processes: [{ name: 'bad name', command: 'x' }] })),
    ).toBe(false)
  })

  it('matches watch globs by segment', () => {
    expect(globToRegExp('src/**/*.ts').test('src/a/b/c.ts')).toBe(true)
    expect(globToRegExp('src/*.ts').test('src/a/c.ts')).toBe(false)
    expect(globToRegExp('*.{ts,js}').test('x.js')).toBe(true)
    expect(globToRegExp('a?.txt').test('ab.txt')).toBe(true)
  })
})
