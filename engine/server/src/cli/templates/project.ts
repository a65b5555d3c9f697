import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { CliError } from '../errors'
import { nodePackageJson, nodeWorkerSource, tsconfigJson } from './node-worker'

export const templateLanguages = ['ts', 'js'] as const
export type TemplateLanguage = (typeof templateLanguages)[number]

/** Languages whose templates are planned but not in the repository yet. */
const plannedLanguages = ['python', 'go', 'rust']

export function checkLanguage(lang: string): TemplateLanguage {
  if ((templateLanguages as readonly string[]).includes(lang)) return lang as TemplateLanguage
  if (plannedLanguages.includes(lang))
    throw new CliError(
      `--lang ${lang}: the ${lang} template is planned, not available yet; use ts or js`,
      2,
    )
  throw new CliError(`--lang must be one of ${templateLanguages.join(', ')}, got ${lang}`, 2)
}

/** The config of a new project: listeners from env (with the usual ports), the worker under iii-exec. */
export function projectConfig(worker: string): string {
  return `# iii project config. \`iii dev\` runs the engine with it; \`iii worker add\` edits it.
workers:
  - name: iii-worker-manager
    config:
      port: \${III_PORT:49134}
  - name: iii-http
    config:
      port: \${III_HTTP_PORT:3111}
  - name: iii-queue
  - name: iii-cron
  - name: iii-state
  - name: iii-exec
    config:
      processes:
${processEntry(worker)}`
}

function processEntry(worker: string): string {
  return `        - name: ${worker}
          command: node
          args: [--import, tsx, index.ts]
          cwd: workers/${worker}
          watch: ["**/*.ts", "**/*.js"]
`
}

/** Writes a worker skeleton into `dir` (which must not exist or be empty). */
export function writeWorker(dir: string, lang: TemplateLanguage, sdk: string): string[] {
  const name = basename(dir)
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
    throw new CliError(`worker name must match [A-Za-z0-9_-]{1,64}, got ${name}`, 2)
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new CliError(`${dir} exists and is not empty`)
  mkdirSync(dir, { recursive: true })
  const ts = lang === 'ts'
  const files: [string, string][] = [
    ['package.json', nodePackageJson(name, ts, sdk)],
    [ts ? 'index.ts' : 'index.js', nodeWorkerSource(name, ts)],
  ]
  if (ts) files.push(['tsconfig.json', tsconfigJson])
  for (const [file, text] of files) writeFileSync(join(dir, file), text)
  return files.map(([file]) => join(dir, file))
}

/** Writes config.yaml and one example worker (`workers/hello`) into `dir`. */
export function writeProject(dir: string, lang: TemplateLanguage, sdk: string): string[] {
  const root = resolve(dir)
  if (existsSync(join(root, 'config.yaml')))
    throw new CliError(`${join(root, 'config.yaml')} exists; not overwriting a project`)
  mkdirSync(root, { recursive: true })
  const files = writeWorker(join(root, 'workers', 'hello'), lang, sdk)
  const config = projectConfig('hello').replace(
    'args: [--import, tsx, index.ts]',
    lang === 'ts' ? 'args: [--import, tsx, index.ts]' : 'args: [index.js]',
  )
  writeFileSync(join(root, 'config.yaml'), config)
  return [join(root, 'config.yaml'), ...files]
}
