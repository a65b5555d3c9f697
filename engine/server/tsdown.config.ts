import { fileURLToPath } from 'node:url'
import { defineConfig } from 'tsdown'
import { libraryBuild } from '../../tsdown.shared.ts'

const consoleDist = fileURLToPath(new URL('../../console/dist', import.meta.url))

/**
 * A self-contained engine: every workspace package (`@iii/*`, `iii-sdk`) is a devDependency, so
 * tsdown bundles it, from its TypeScript source (one copy of each module); third-party packages
 * stay `dependencies` that npm installs. The console app is copied to `dist/console/`.
 */
export default defineConfig({
  ...libraryBuild,
  entry: ['src/index.ts', 'src/cli.ts'],
  dts: true,
  alias: { '@iii/console': fileURLToPath(new URL('./src/console-bundle.ts', import.meta.url)) },
  inputOptions: { resolve: { conditionNames: ['@iii/source', 'node', 'import', 'default'] } },
  copy: [{ from: consoleDist, to: 'dist', rename: 'console' }],
})
