import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CliError } from '../errors'

/** The file that marks each language's client directory in the iii repository. */
const clientMarkers = {
  python: 'pyproject.toml',
  go: 'go.mod',
  rust: 'Cargo.toml',
} as const

export type ClientLanguage = keyof typeof clientMarkers

/**
 * The directory of a language's client: `--sdk` when given (it must hold the client), else the
 * client of the iii checkout this CLI runs from (found by walking up from this module).
 */
export function clientDir(lang: ClientLanguage, sdk: string | undefined): string {
  const file = clientMarkers[lang]
  if (sdk !== undefined) {
    const dir = resolve(sdk)
    if (!existsSync(join(dir, file)))
      throw new CliError(`--sdk ${sdk}: no ${file} there; pass the ${lang} client's directory`, 2)
    return dir
  }
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const client = join(dir, 'sdk', lang)
    if (existsSync(join(client, file))) return client
    if (dirname(dir) === dir) break
  }
  throw new CliError(
    `the ${lang} template needs the iii ${lang} client: pass --sdk <path to sdk/${lang} of the iii repository>`,
    2,
  )
}
