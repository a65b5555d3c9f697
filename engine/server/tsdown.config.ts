import { defineConfig } from 'tsdown'
import { libraryBuild } from '../../tsdown.shared.ts'

export default defineConfig({ ...libraryBuild, entry: ['src/index.ts', 'src/cli.ts'] })
