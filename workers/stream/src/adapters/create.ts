import type { Logger } from '@iii/core'
import type { AdapterSettings } from '../adapter-settings'
import type { StreamStore } from '../store'
import { FileStreamStore } from './file'
import { MemoryStreamStore } from './memory'
import { RedisStreamStore } from './redis'

/** Builds the configured adapter (BUILTINS.md §0.1). */
export async function createStreamStore(settings: AdapterSettings, logger: Logger): Promise<StreamStore> {
  switch (settings.kind) {
    case 'memory':
      return new MemoryStreamStore(logger)
    case 'file':
      return FileStreamStore.open({ filePath: settings.filePath, saveIntervalMs: settings.saveIntervalMs, logger })
    case 'redis':
      return RedisStreamStore.connect({ redisUrl: settings.redisUrl, logger })
  }
}
