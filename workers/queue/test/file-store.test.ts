import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { FileQueueStore } from '../src/index'
import { describeQueueStore } from './store-contract'
import { describeDurableStore } from './store-contract-durable'
import { describeSettleStore } from './store-contract-settle'

const root = mkdtempSync(join(tmpdir(), 'iii-queue-file-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const create = () => FileQueueStore.open({ filePath: mkdtempSync(join(root, 's-')) })

describeQueueStore('file', create)
describeDurableStore('file', create)
describeSettleStore('file', create)
