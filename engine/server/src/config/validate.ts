import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { ConfigError } from './errors'

/** `/a/0/b` → `a[0].b` under `prefix`. */
export function keyPath(prefix: string, pointer: string): string {
  let out = prefix
  for (const part of pointer.split('/').slice(1)) {
    const seg = part.replace(/~1/g, '/').replace(/~0/g, '~')
    out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg
  }
  return out
}

/**
 * Applies the schema's defaults and validates; the first problem becomes a `ConfigError`
 * naming the key. Unknown keys are rejected by `additionalProperties: false` in the schemas.
 */
export function validateConfig<T>(
  schema: TSchema,
  value: unknown,
  { file, prefix }: { file: string; prefix: string },
): T {
  const withDefaults = Value.Default(schema, Value.Clone(value ?? {}))
  const first = Value.Errors(schema, withDefaults).First()
  if (first) {
    const reason =
      first.message === 'Unexpected property' ? 'unknown key' : first.message.toLowerCase()
    throw new ConfigError(file, keyPath(prefix, first.path), reason)
  }
  return withDefaults as T
}
