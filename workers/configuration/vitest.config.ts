import { defineProject } from 'vitest/config'
import { unitProject } from '../../vitest.shared.ts'

// No Redis adapter here: plain unit tests, without the private redis-server of redisProject.
export default defineProject(unitProject)
