/**
 * Shared vitest settings: workspace packages resolve to their TypeScript sources through the
 * `@iii/source` export condition, so tests never wait on a build.
 */
const conditions = ['@iii/source', 'import', 'module', 'node', 'default']

export const sourceConditions = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@iii/source'] } },
}
