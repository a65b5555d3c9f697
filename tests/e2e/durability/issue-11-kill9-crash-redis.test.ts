import { redisFixture } from '../queue/support/fixtures'
import { describeKill9Suite } from './support/kill9-suite'

const redis = redisFixture()

// The state, stream and queue Redis adapters, the engine killed at random moments.
describeKill9Suite('redis', () => ({ kind: 'redis', url: redis.url() }))
