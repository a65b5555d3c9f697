import type { Logger } from '@iii/core'
import type { PubsubBackend } from '../backend'
import type { PubsubAdapterChoice } from '../config'
import { LocalPubsubBackend } from './local'
import { RedisPubsubBackend } from './redis'

/** Builds (and for Redis, connects) the configured backend. */
export async function openPubsubBackend(
  choice: PubsubAdapterChoice,
  logger?: Logger,
): Promise<PubsubBackend> {
  if (choice.kind === 'redis') return RedisPubsubBackend.open({ redisUrl: choice.redisUrl, logger })
  return new LocalPubsubBackend()
}
