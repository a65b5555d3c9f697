import { MemoryQueueStore } from '../src/index'
import { describeQueueStore } from './store-contract'
import { describeDurableStore } from './store-contract-durable'

describeQueueStore('memory', async () => new MemoryQueueStore())
describeDurableStore('memory', async () => new MemoryQueueStore())
