import { IIIError } from '@iii/protocol'

const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g

/** Where placeholders take their values from. */
export type Environment = Readonly<Record<string, string | undefined>>

function expandString(text: string, env: Environment, path: string): string {
  return text.replace(placeholder, (_match, name: string, fallback: string | undefined) => {
    const value = env[name]
    if (value !== undefined) return value
    if (fallback !== undefined) return fallback
    throw new IIIError(
      'EXPAND_FAILED',
      `${path || 'the value'}: environment variable ${name} is not set and has no default`,
    )
  })
}

function expandAt(value: unknown, env: Environment, path: string): unknown {
  if (typeof value === 'string') return expandString(value, env, path)
  if (Array.isArray(value)) return value.map((item, i) => expandAt(item, env, `${path}[${i}]`))
  if (typeof value !== 'object' || value === null) return value
  // Object.fromEntries defines keys as own data properties, so a `__proto__` key stays a plain key.
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, expandAt(v, env, path ? `${path}.${k}` : k)]),
  )
}

/**
 * Expands `${VAR}` and `${VAR:default}` in every string of a value (object keys are left alone),
 * the syntax of the config file (PROTOCOL.md §14.3). A variable that is unset and has no default
 * throws `EXPAND_FAILED` naming it and where it sits.
 */
export function expandValue(value: unknown, env: Environment): unknown {
  return expandAt(value, env, '')
}
