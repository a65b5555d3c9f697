import { randomUUID } from 'node:crypto'
import type {} from '@iii/testing/redis-setup'
import { inject } from 'vitest'
import { RedisQueueStore } from '../src/index'
import { describeQueueStore } from './store-contract'
import { describeDurableStore } from './store-contract-durable'
import { describeSettleStore } from './store-contract-settle'

// Each store gets its own key prefix, so one test's leases never reach another's reaper.
const create = () =>
  RedisQueueStore.connect({ url: inject('redisUrl'), prefix: `test:${randomUUID().slice(0, 8)}:` })

describeQueueStore('redis', create)
describeDurableStore('redis', create)
describeSettleStore('redis', create)
