import type { Logger, RemoteEngine } from '@iii/core'
import type { StateAdapterChoice } from '../config'
import type { StateStore } from '../store'
import { BridgeStateStore } from './bridge'
import { FileStateStore } from './file'
import { MemoryStateStore } from './memory'
import { RedisStateStore } from './redis'

/** Finds a running bridge's `RemoteEngine` by bridge name (`WorkerContext.use(remoteEngineSlot(name))`). */
export type RemoteLookup = (bridge: string) => RemoteEngine | undefined

/** Builds (and for file/Redis, opens) the configured store. */
export async function openStateStore(
  choice: StateAdapterChoice,
  logger?: Logger,
  remote?: RemoteLookup,
): Promise<StateStore> {
  switch (choice.kind) {
    case 'bridge': {
      if (!remote?.(choice.bridge)) {
        throw new Error(
          `iii-state: adapter.config.bridge: no iii-bridge named "${choice.bridge}" is running; list one in the config`,
        )
      }
      return new BridgeStateStore({
        bridge: choice.bridge,
        remote: () => remote(choice.bridge),
        timeoutMs: choice.timeoutMs,
      })
    }
    case 'memory':
      return new MemoryStateStore()
    case 'file':
      return FileStateStore.open({
        directory: choice.directory,
        saveIntervalMs: choice.saveIntervalMs,
        logger,
      })
    case 'redis':
      return RedisStateStore.open({ redisUrl: choice.redisUrl, logger })
  }
}
