import { defineConfig } from 'tsdown'

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: 'esm',
    // Members tagged `@internal` (what the inbound handler uses) stay out of the public types.
    dts: { compilerOptions: { stripInternal: true } },
    platform: 'node',
    target: 'node20',
  },
  {
    // `iii-sdk/browser`: browser platform, so any Node built-in fails the build.
    entry: { browser: 'src/browser/index.ts' },
    format: 'esm',
    dts: true,
    platform: 'browser',
    target: 'es2022',
    clean: false,
  },
])
