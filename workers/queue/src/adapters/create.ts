import type { Logger } from '@iii/core'
import type { QueueStore } from '../store'
import type { AdapterChoice } from './choose'
import { FileQueueStore } from './file'
import { MemoryQueueStore } from './memory'
import { RedisQueueStore } from './redis'

/** Builds (and for file and Redis, opens) the store an adapter choice names. */
export function createQueueStore(choice: AdapterChoice, logger?: Logger): Promise<QueueStore> {
  switch (choice.kind) {
    case 'memory':
      return Promise.resolve(new MemoryQueueStore())
    case 'file':
      return FileQueueStore.open({ filePath: choice.filePath, logger })
    case 'redis':
      return RedisQueueStore.connect({ url: choice.url, logger })
  }
}
