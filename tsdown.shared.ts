/** The build every library package shares: ESM for Node 20 with type declarations. */
export const libraryBuild = {
  entry: ['src/index.ts'],
  format: 'esm' as const,
  dts: true,
  platform: 'node' as const,
  target: 'node20',
}
