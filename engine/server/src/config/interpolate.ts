import { randomBytes } from 'node:crypto'
import { parseDocument, Scalar, visit } from 'yaml'
import { ConfigError } from './errors'

const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g

interface Placeholder {
  name: string
  fallback: string | undefined
}

/** YAML 1.2 core-schema scalars a plain `${VAR}` may stand for; anything else stays a string. */
function typedScalar(text: string): unknown {
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text)
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text)
  if (/^(true|True|TRUE)$/.test(text)) return true
  if (/^(false|False|FALSE)$/.test(text)) return false
  if (/^(null|Null|NULL|~)$/.test(text)) return null
  return text
}

/**
 * Parses config YAML with `${VAR}` and `${VAR:default}` expanded inside scalars (PROTOCOL.md
 * §14.3). Each placeholder is swapped for an inert token before parsing and the variable's value
 * put in place of the token afterwards, so a value is text inside one scalar and never YAML:
 * newlines, `:`, `#` or `{` in it stay part of that one string. A plain (unquoted) scalar that is
 * exactly one placeholder takes the value's scalar type (`port: ${PORT:3111}` is a number;
 * `true`, `null` likewise); a quoted one stays a string. A placeholder in a comment is ignored.
 * An unset variable without a default (outside comments) aborts with its name.
 */
export function parseInterpolated(
  text: string,
  file: string,
  { env, version }: { env: NodeJS.ProcessEnv; version: string },
): unknown {
  const prefix = `iii${randomBytes(6).toString('hex')}v`
  const found: Placeholder[] = []
  const tokenized = text.replace(placeholder, (_m, name: string, fallback: string | undefined) => {
    found.push({ name, fallback })
    return `${prefix}${found.length - 1}x`
  })
  const doc = parseDocument(tokenized, { prettyErrors: false })
  const first = doc.errors[0]
  const token = new RegExp(`${prefix}(\\d+)x`, 'g')
  if (first)
    throw new ConfigError(
      file,
      '',
      `parse failed: ${first.message.replace(token, 'a placeholder').split('\n')[0]}`,
    )
  const resolveValue = (index: string): string => {
    const p = found[Number(index)] as Placeholder
    const value = env[p.name]
    if (value !== undefined) return value
    if (p.fallback === undefined)
      throw new ConfigError(
        file,
        p.name,
        `environment variable ${p.name} is not set and has no default`,
      )
    return p.fallback === '__III_ENGINE_VERSION__' ? version : p.fallback
  }
  visit(doc, {
    Scalar(key, node) {
      if (typeof node.value !== 'string' || !node.value.includes(prefix)) return
      const raw = node.value
      const expanded = raw.replace(token, (_m, index: string) => resolveValue(index))
      const whole = new RegExp(`^${prefix}\\d+x$`).test(raw)
      node.value =
        key !== 'key' && node.type === Scalar.PLAIN && whole ? typedScalar(expanded) : expanded
    },
  })
  return doc.toJS() ?? {}
}
