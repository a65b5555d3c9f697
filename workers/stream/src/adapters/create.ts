import type { Logger, RemoteEngine } from '@iii/core'
import type { AdapterSettings } from '../adapter-settings'
import type { StreamStore } from '../store'
import { BridgeStreamStore } from './bridge'
import { FileStreamStore } from './file'
import { MemoryStreamStore } from './memory'
import { RedisStreamStore } from './redis'

/** Finds a running bridge's `RemoteEngine` by bridge name. */
export type RemoteLookup = (bridge: string) => RemoteEngine | undefined

/** Builds the configured adapter (BUILTINS.md §0.1). */
export async function createStreamStore(
  settings: AdapterSettings,
  logger: Logger,
  remote?: RemoteLookup,
): Promise<StreamStore> {
  switch (settings.kind) {
    case 'bridge': {
      if (!remote?.(settings.bridge)) {
        throw new Error(
          `iii-stream: adapter.config.bridge: no iii-bridge named "${settings.bridge}" is running; list one in the config`,
        )
      }
      return new BridgeStreamStore({
        bridge: settings.bridge,
        remote: () => remote(settings.bridge),
        timeoutMs: settings.timeoutMs,
        logger,
      })
    }
    case 'memory':
      return new MemoryStreamStore(logger)
    case 'file':
      return FileStreamStore.open({
        filePath: settings.filePath,
        saveIntervalMs: settings.saveIntervalMs,
        logger,
      })
    case 'redis':
      return RedisStreamStore.connect({ redisUrl: settings.redisUrl, logger })
  }
}
