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
