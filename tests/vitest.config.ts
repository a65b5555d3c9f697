import { defineProject } from 'vitest/config'
import { sourceConditions } from '../vitest.shared.ts'

export default defineProject({
  ...sourceConditions,
  test: {
    include: ['architecture/**/*.test.ts', 'conformance/**/*.test.ts', 'e2e/**/*.test.ts'],
    // uWebSockets.js is a native addon: each test file gets its own process.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { OTEL_ENABLED: 'false', III_SDK_DEBUG: '' },
  },
})
