import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeKill9Suite } from './support/kill9-suite'

const dir = mkdtempSync(join(tmpdir(), 'iii-crash-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// The state, stream and queue file adapters (write-ahead logs), killed at random moments.
describeKill9Suite('file', () => ({ kind: 'file', directory: dir }))
