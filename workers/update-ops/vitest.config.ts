import { defineProject } from 'vitest/config'
import { redisProject } from '../../vitest.shared.ts'

export default defineProject(redisProject)
