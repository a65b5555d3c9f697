import type { Logger, RemoteEngine } from '@iii/core'
import type { ConfigurationAdapterChoice } from '../config'
import type { AcceptEdit, ConfigurationStore } from '../store'
import { BridgeConfigurationStore } from './bridge'
import { FsConfigurationStore } from './fs'
import { MemoryConfigurationStore } from './memory'

export interface OpenStoreOptions {
  logger?: Logger
  /** Decides whether an external edit (fs adapter) is applied. */
  accept?: AcceptEdit
  /** Finds a running bridge's `RemoteEngine` by name, for the bridge adapter. */
  remote?: (bridge: string) => RemoteEngine | undefined
}

/** Builds (and for fs, loads and watches) the configured store. */
export async function openConfigurationStore(
  choice: ConfigurationAdapterChoice,
  options: OpenStoreOptions = {},
): Promise<ConfigurationStore> {
  if (choice.kind === 'fs')
    return FsConfigurationStore.open({
      directory: choice.directory,
      logger: options.logger,
      accept: options.accept,
    })
  if (choice.kind === 'bridge') {
    const remote = options.remote
    if (!remote?.(choice.bridge)) {
      throw new Error(
        `configuration: adapter.config.bridge: no iii-bridge named "${choice.bridge}" is running; list one in the config`,
      )
    }
    return new BridgeConfigurationStore({
      bridge: choice.bridge,
      remote: () => remote(choice.bridge),
      timeoutMs: choice.timeoutMs,
    })
  }
  return new MemoryConfigurationStore()
}
