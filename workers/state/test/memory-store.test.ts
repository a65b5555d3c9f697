import { MemoryStateStore } from '../src/index'
import { describeStateStore } from './store-contract'

describeStateStore('memory', async () => new MemoryStateStore())
