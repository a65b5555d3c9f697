import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderGeneratedFiles } from '../src/emit'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const schemaDir = join(root, 'sdk/protocol/schema')

// Stale files from removed frames must not survive a regeneration.
for (const sub of ['frames', 'shapes']) {
  const dir = join(schemaDir, sub)
  try {
    for (const f of readdirSync(dir)) rmSync(join(dir, f))
  } catch {}
}
const files = renderGeneratedFiles()
for (const [rel, content] of files) {
  const path = join(root, rel)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
}
process.stdout.write(`wrote ${files.size} files\n`)
