// Builds the engine and its workspace dependencies before `pnpm start` / `pnpm iii`. Build output
// goes to stderr, so stdout stays the command's own. The first build (no dist yet) shows its
// progress; later ones print only errors.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const first = !existsSync(join(root, 'engine/server/dist/cli.mjs'))
if (first)
  process.stderr.write(
    'iii: first run — building the engine and its workers (this takes a while)…\n',
  )
const startedMs = Date.now()
const turbo = spawnSync(
  'pnpm',
  [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=iii-engine...',
    `--output-logs=${first ? 'new-only' : 'errors-only'}`,
  ],
  { cwd: root, stdio: ['ignore', 2, 2] },
)
if (turbo.status !== 0) {
  process.stderr.write(`iii: the engine build failed (exit ${turbo.status ?? turbo.signal})\n`)
  process.exit(1)
}
if (first) process.stderr.write(`iii: built in ${((Date.now() - startedMs) / 1000).toFixed(1)} s\n`)
