import { IIIError } from '@iii/protocol'
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'

export type { ValidateFunction }

// Draft-07 JSON Schema. Unknown keywords and formats are ignored rather than refused (strict:
// false), schemas with an `$id` are not kept in the instance (addUsedSchema: false), and ajv
// never logs to the console (logger: false).
const ajv = new Ajv({ strict: false, logger: false, addUsedSchema: false })
const compiled = new Map<string, ValidateFunction>()
const compiledLimit = 256

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A compiled JSON Schema; throws `SCHEMA_INVALID` for anything that is not a usable schema object. */
export function compileSchema(schema: unknown): ValidateFunction {
  if (!isObject(schema)) throw new IIIError('SCHEMA_INVALID', 'schema must be a JSON Schema object')
  const key = JSON.stringify(schema)
  const hit = compiled.get(key)
  if (hit) return hit
  // `$schema` would make ajv look for that meta-schema; every schema is read as draft-07.
  const { $schema: _draft, ...body } = schema
  let validate: ValidateFunction
  try {
    validate = ajv.compile(body)
  } catch (err) {
    throw new IIIError(
      'SCHEMA_INVALID',
      `schema is not a valid JSON Schema: ${(err as Error).message}`,
    )
  } finally {
    ajv.removeSchema(body)
  }
  compiled.set(key, validate)
  if (compiled.size > compiledLimit) compiled.delete(compiled.keys().next().value as string)
  return validate
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'invalid'
  const where = error.instancePath || '/'
  const extra =
    error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : ''
  return `${where} ${error.message ?? 'is invalid'}${extra}`
}

/** Throws `SCHEMA_INVALID` when `value` does not pass `validate`; `what` names it in the message. */
export function checkValue(validate: ValidateFunction, value: unknown, what: string): void {
  if (validate(value)) return
  throw new IIIError(
    'SCHEMA_INVALID',
    `${what} fails its schema: ${describe(validate.errors?.[0])}`,
  )
}

/** Compiles `schema` and checks `value` against it; both failures are `SCHEMA_INVALID`. */
export function validateAgainst(schema: unknown, value: unknown, what: string): void {
  checkValue(compileSchema(schema), value, what)
}

/**
 * Why an edited entry may not be applied (its schema is unusable, or its value fails it), or
 * `undefined` when it may. Used for files edited by hand (BUILTINS.md §13, file adapter).
 */
export function explainInvalidEntry(entry: {
  id: string
  schema: unknown
  value: unknown
}): string | undefined {
  try {
    const validate = compileSchema(entry.schema)
    if (entry.value !== undefined) checkValue(validate, entry.value, `the value of ${entry.id}`)
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}
