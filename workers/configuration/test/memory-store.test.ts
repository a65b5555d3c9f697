import { MemoryConfigurationStore } from '../src/index'
import { describeConfigurationStore } from './store-contract'

describeConfigurationStore('memory', async () => new MemoryConfigurationStore())
