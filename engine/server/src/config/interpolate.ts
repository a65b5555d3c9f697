import { ConfigError } from './errors'

const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g

/**
 * Expands `${VAR}` and `${VAR:default}` over the whole file text before YAML parsing
 * (PROTOCOL.md §14.3). An unset variable without a default aborts with its name.
 * The default `__III_ENGINE_VERSION__` expands to the engine version.
 */
export function interpolate(text: string, env: NodeJS.ProcessEnv, version: string, file: string): string {
  return text.replace(placeholder, (_match, name: string, fallback: string | undefined) => {
    const value = env[name]
    if (value !== undefined) return value
    if (fallback === undefined) throw new ConfigError(file, name, `environment variable ${name} is not set and has no default`)
    return fallback === '__III_ENGINE_VERSION__' ? version : fallback
  })
}
