import { LocalPubsubBackend } from '../src/index'
import { describePubsubBackend } from './backend-contract'

describePubsubBackend('local', async () => new LocalPubsubBackend())
