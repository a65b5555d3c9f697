import { MemoryStreamStore } from '../src/index'
import { describeStreamStore } from './store-contract'

describeStreamStore('memory', async () => new MemoryStreamStore())
