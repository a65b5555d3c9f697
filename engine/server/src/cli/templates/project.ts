import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { CliError } from '../errors'
import { clientDir } from './client-dir'
import { goMod, goWorkerSource } from './go-worker'
import { nodePackageJson, nodeWorkerSource, tsconfigJson } from './node-worker'
import { pythonRequirements, pythonWorkerSource } from './python-worker'
import { cargoToml, rustWorkerSource } from './rust-worker'

export const templateLanguages = ['ts', 'js', 'python', 'go', 'rust'] as const
export type TemplateLanguage = (typeof templateLanguages)[number]

/** The `iii-sdk` a TypeScript or JavaScript worker depends on unless `--sdk` says otherwise. */
export const defaultNodeSdk = '^0.22.1'

export function checkLanguage(lang: string): TemplateLanguage {
  if ((templateLanguages as readonly string[]).includes(lang)) return lang as TemplateLanguage
  throw new CliError(`--lang must be one of ${templateLanguages.join(', ')}, got ${lang}`, 2)
}

/** How iii-exec runs a worker of a language, from the worker's directory. */
export interface WorkerRun {
  command: string
  args: string[]
  watch: string[]
}

const runs: Record<TemplateLanguage, WorkerRun> = {
  ts: { command: 'node', args: ['--import', 'tsx', 'index.ts'], watch: ['**/*.ts', '**/*.js'] },
  js: { command: 'node', args: ['index.js'], watch: ['**/*.ts', '**/*.js'] },
  python: { command: '.venv/bin/python', args: ['main.py'], watch: ['**/*.py'] },
  go: { command: 'go', args: ['run', '.'], watch: ['**/*.go', 'go.mod'] },
  rust: { command: 'cargo', args: ['run', '--quiet'], watch: ['src/**/*.rs', 'Cargo.toml'] },
}

export const workerRun = (lang: TemplateLanguage): WorkerRun => runs[lang]

/** What to run once in a new worker's directory before `iii dev` (empty for Go and Rust). */
export function setupCommand(lang: TemplateLanguage): string | undefined {
  if (lang === 'ts' || lang === 'js') return 'npm install'
  if (lang === 'python') return 'python3 -m venv .venv && .venv/bin/pip install -r requirements.txt'
  return undefined
}

/** The config of a new project: listeners from env (with the usual ports), the worker under iii-exec. */
export function projectConfig(worker: string, lang: TemplateLanguage): string {
  const run = workerRun(lang)
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
        - name: ${worker}
          command: ${run.command}
          args: ${JSON.stringify(run.args)}
          cwd: workers/${worker}
          watch: ${JSON.stringify(run.watch)}
`
}

function workerFiles(name: string, lang: TemplateLanguage, sdk: string | undefined) {
  switch (lang) {
    case 'ts':
    case 'js': {
      const ts = lang === 'ts'
      const files: [string, string][] = [
        ['package.json', nodePackageJson(name, ts, sdk ?? defaultNodeSdk)],
        [ts ? 'index.ts' : 'index.js', nodeWorkerSource(name, ts)],
      ]
      if (ts) files.push(['tsconfig.json', tsconfigJson])
      return { files, copies: [] as [string, string][] }
    }
    case 'python': {
      const client = clientDir('python', sdk)
      const files: [string, string][] = [
        ['main.py', pythonWorkerSource(name)],
        ['requirements.txt', pythonRequirements(client)],
      ]
      return { files, copies: [] as [string, string][] }
    }
    case 'go': {
      const client = clientDir('go', sdk)
      const files: [string, string][] = [
        ['go.mod', goMod(name, client, goRequires(client))],
        ['main.go', goWorkerSource(name)],
      ]
      return { files, copies: [[join(client, 'go.sum'), 'go.sum']] as [string, string][] }
    }
    case 'rust': {
      const client = clientDir('rust', sdk)
      const files: [string, string][] = [
        ['Cargo.toml', cargoToml(name, client)],
        [join('src', 'main.rs'), rustWorkerSource(name)],
      ]
      // The client's lock file pins the same dependency versions the client is tested with.
      return { files, copies: [[join(client, 'Cargo.lock'), 'Cargo.lock']] as [string, string][] }
    }
  }
}

/** The `require` lines of the Go client's go.mod (`module version`). */
function goRequires(client: string): string[] {
  const text = readFileSync(join(client, 'go.mod'), 'utf8')
  const block = /require\s*\(([\s\S]*?)\)/.exec(text)?.[1] ?? ''
  const single = [...text.matchAll(/^require\s+([^\s(]+\s+\S+)/gm)].map((m) => m[1] as string)
  const lines = block
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trim())
    .filter(Boolean)
  return [...single, ...lines]
}

/** Writes a worker skeleton into `dir` (which must not exist or be empty). */
export function writeWorker(
  dir: string,
  lang: TemplateLanguage,
  sdk: string | undefined,
): string[] {
  const name = basename(dir)
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
    throw new CliError(`worker name must match [A-Za-z0-9_-]{1,64}, got ${name}`, 2)
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new CliError(`${dir} exists and is not empty`)
  const { files, copies } = workerFiles(name, lang, sdk)
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  const copied = copies.filter(([from]) => existsSync(from))
  for (const [from, to] of copied) copyFileSync(from, join(dir, to))
  return [...files, ...copied.map(([, to]) => [to])].map(([file]) => join(dir, file as string))
}

/** Writes config.yaml and one example worker (`workers/hello`) into `dir`. */
export function writeProject(
  dir: string,
  lang: TemplateLanguage,
  sdk: string | undefined,
): string[] {
  const root = resolve(dir)
  if (existsSync(join(root, 'config.yaml')))
    throw new CliError(`${join(root, 'config.yaml')} exists; not overwriting a project`)
  mkdirSync(root, { recursive: true })
  const files = writeWorker(join(root, 'workers', 'hello'), lang, sdk)
  writeFileSync(join(root, 'config.yaml'), projectConfig('hello', lang))
  return [join(root, 'config.yaml'), ...files]
}
