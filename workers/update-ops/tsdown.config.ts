import { defineConfig } from 'tsdown'
import { libraryBuild } from '../../tsdown.shared.ts'

export default defineConfig(libraryBuild)
