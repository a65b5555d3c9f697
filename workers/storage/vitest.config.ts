import { defineProject } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared.ts'

export default defineProject({
  ...sourceConditions,
  test: { include: ['test/**/*.test.ts'], pool: 'forks', testTimeout: 60_000 },
})
