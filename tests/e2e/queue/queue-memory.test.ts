import { memoryFixture } from './support/fixtures'
import { describeDurableTopics } from './support/scenarios-durable'
import { describeQueueJobs } from './support/scenarios-jobs'
import { describeStalls } from './support/scenarios-stall'

// One e2e contract, three adapters (STYLE.md §11): this file runs it on the memory adapter.
const fixture = memoryFixture()
describeQueueJobs(fixture)
describeDurableTopics(fixture)
describeStalls(fixture)
