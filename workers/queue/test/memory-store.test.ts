import { MemoryQueueStore } from '../src/index'
import { describeQueueStore } from './store-contract'

describeQueueStore('memory', async () => new MemoryQueueStore())
