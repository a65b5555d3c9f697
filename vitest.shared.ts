/**
 * Shared vitest settings: workspace packages resolve to their TypeScript sources through the
 * `@iii/source` export condition, so tests never wait on a build. Third-party packages resolve
 * as Node resolves them (no `module` field: some ship ESM builds Node cannot load).
 */
const conditions = ['@iii/source', 'node', 'import', 'default']

export const sourceConditions = {
  resolve: { conditions, mainFields: ['main'] },
  ssr: { resolve: { conditions, externalConditions: ['@iii/source'], mainFields: ['main'] } },
}

/** Packages whose adapters are tested against a private redis-server (`inject('redisUrl')`). */
export const redisProject = {
  ...sourceConditions,
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['@iii/testing/redis-setup'],
    pool: 'forks' as const,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
}

/** Packages with plain unit tests. */
export const unitProject = { ...sourceConditions, test: { include: ['test/**/*.test.ts'] } }
