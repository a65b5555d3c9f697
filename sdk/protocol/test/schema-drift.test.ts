import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderGeneratedFiles } from '../src/emit'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

describe('generated schema files', () => {
  const files = renderGeneratedFiles()

  it.each([...files.keys()])(
    '%s matches the TypeBox source (run `pnpm schema` after a change)',
    (rel) => {
      expect(readFileSync(join(root, rel), 'utf8')).toBe(files.get(rel))
    },
  )

  it('has no stale schema file', () => {
    for (const sub of ['frames', 'shapes']) {
      for (const f of readdirSync(join(root, 'sdk/protocol/schema', sub))) {
        expect(files.has(`sdk/protocol/schema/${sub}/${f}`)).toBe(true)
      }
    }
  })
})
