import type { Logger } from '@iii/core'
import type { StateAdapterChoice } from '../config'
import type { StateStore } from '../store'
import { FileStateStore } from './file'
import { MemoryStateStore } from './memory'
import { RedisStateStore } from './redis'

/** Builds (and for file/Redis, opens) the configured store. */
export async function openStateStore(choice: StateAdapterChoice, logger?: Logger): Promise<StateStore> {
  switch (choice.kind) {
    case 'memory':
      return new MemoryStateStore()
    case 'file':
      return FileStateStore.open({ directory: choice.directory, saveIntervalMs: choice.saveIntervalMs, logger })
    case 'redis':
      return RedisStateStore.open({ redisUrl: choice.redisUrl, logger })
  }
}
