import { IIIError } from '@iii/protocol'
import { describe, expect, it } from 'vitest'
import { expandValue } from '../src/index'

const env = { HOST: 'db.internal', EMPTY: '' }
const placeholderKey = `\${HOST}`

describe('expandValue', () => {
  it(`expands \${VAR} and \${VAR:default} in every string, leaving keys and other values alone`, () => {
    const value = {
      url: `postgres://\${HOST}:\${PORT:5432}/app`,
      list: [`\${HOST}`, 3, null, true, { deep: `\${MISSING:fallback}` }],
      [placeholderKey]: 'key stays',
      empty: `\${EMPTY:unused}`,
      blankDefault: `\${MISSING:}`,
      notPlaceholder: `$HOST \${1BAD} \${}`,
    }
    expect(expandValue(value, env)).toEqual({
      url: 'postgres://db.internal:5432/app',
      list: ['db.internal', 3, null, true, { deep: 'fallback' }],
      [placeholderKey]: 'key stays',
      empty: '',
      blankDefault: '',
      notPlaceholder: `$HOST \${1BAD} \${}`,
    })
    expect(expandValue(`\${HOST}`, env)).toBe('db.internal')
    expect(expandValue(42, env)).toBe(42)
  })

  it('throws EXPAND_FAILED naming the variable and where it sits', () => {
    const run = () => expandValue({ db: { urls: ['ok', `x\${NOPE}`] } }, env)
    expect(run).toThrow(IIIError)
    expect(run).toThrow(/db\.urls\[1\]: environment variable NOPE is not set/)
    try {
      run()
    } catch (err) {
      expect((err as IIIError).code).toBe('EXPAND_FAILED')
    }
  })

  it('keeps a __proto__ key as a plain key', () => {
    const value = JSON.parse(`{"__proto__": {"polluted": "\${HOST}"}}`)
    const out = expandValue(value, env) as Record<string, unknown>
    expect(Object.keys(out)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
