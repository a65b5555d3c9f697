import { MemoryQueueStore } from '../src/index'
import { describeQueueStore } from './store-contract'
import { describeDurableStore } from './store-contract-durable'
import { describeSettleStore } from './store-contract-settle'

describeQueueStore('memory', async () => new MemoryQueueStore())
describeDurableStore('memory', async () => new MemoryQueueStore())
describeSettleStore('memory', async () => new MemoryQueueStore())
