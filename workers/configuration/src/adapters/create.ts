import type { Logger } from '@iii/core'
import type { ConfigurationAdapterChoice } from '../config'
import type { AcceptEdit, ConfigurationStore } from '../store'
import { FsConfigurationStore } from './fs'
import { MemoryConfigurationStore } from './memory'

export interface OpenStoreOptions {
  logger?: Logger
  /** Decides whether an external edit (fs adapter) is applied. */
  accept?: AcceptEdit
}

/** Builds (and for fs, loads and watches) the configured store. */
export async function openConfigurationStore(
  choice: ConfigurationAdapterChoice,
  options: OpenStoreOptions = {},
): Promise<ConfigurationStore> {
  if (choice.kind === 'fs') return FsConfigurationStore.open({ directory: choice.directory, ...options })
  return new MemoryConfigurationStore()
}
