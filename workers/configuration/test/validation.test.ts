import { describe, expect, it } from 'vitest'
import { checkValue, compileSchema, explainInvalidEntry } from '../src/validation'

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (err) {
    return (err as { code?: string }).code
  }
  return undefined
}

describe('JSON Schema validation', () => {
  it('validates values against draft-07 schemas, ignoring $schema and unknown keywords', () => {
    const validate = compileSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { port: { type: 'integer', minimum: 1 }, mode: { enum: ['a', 'b'] } },
      required: ['port'],
      additionalProperties: false,
      'x-ui': { widget: 'slider' },
    })
    expect(() => checkValue(validate, { port: 8080, mode: 'a' }, 'v')).not.toThrow()
    expect(() => checkValue(validate, { port: 0 }, 'v')).toThrow(
      /v fails its schema: \/port must be >= 1/,
    )
    expect(() => checkValue(validate, { port: 1, extra: true }, 'v')).toThrow(
      /additional properties \(extra\)/,
    )
    expect(codeOf(() => checkValue(validate, {}, 'v'))).toBe('SCHEMA_INVALID')
  })

  it('refuses schemas that are not usable JSON Schema objects', () => {
    for (const schema of [
      null,
      'string',
      7,
      [],
      { type: 'not-a-type' },
      { properties: 5 },
      { $ref: '#/definitions/missing' },
    ]) {
      expect(
        codeOf(() => compileSchema(schema)),
        JSON.stringify(schema),
      ).toBe('SCHEMA_INVALID')
    }
  })

  it('compiles two schemas with the same $id independently', () => {
    const a = compileSchema({ $id: 'https://example.test/s', type: 'string' })
    const b = compileSchema({ $id: 'https://example.test/s', type: 'integer' })
    expect(a('x')).toBe(true)
    expect(b(1)).toBe(true)
    expect(b('x')).toBe(false)
  })

  it('explains why an edited entry cannot be applied', () => {
    expect(explainInvalidEntry({ id: 'a', schema: { type: 'integer' }, value: 1 })).toBeUndefined()
    expect(
      explainInvalidEntry({ id: 'a', schema: { type: 'integer' }, value: undefined }),
    ).toBeUndefined()
    expect(explainInvalidEntry({ id: 'a', schema: { type: 'integer' }, value: 'x' })).toMatch(
      /must be integer/,
    )
    expect(explainInvalidEntry({ id: 'a', schema: { type: 7 }, value: 1 })).toMatch(
      /not a valid JSON Schema/,
    )
  })
})
