import { relative } from 'node:path'
import { defineCommand } from 'citty'
import { checkLanguage, writeProject } from '../templates/project'

const sdkDefault = '^0.22.1'

/** `iii project init [dir] --lang ts|js`: a config.yaml and one example worker. */
export const projectInitCommand = defineCommand({
  meta: { name: 'init', description: 'Create a project: config.yaml and an example worker' },
  args: {
    dir: { type: 'positional', required: false, description: 'Directory (default: .)' },
    lang: { type: 'string', default: 'ts', description: 'ts | js (python, go, rust: planned)' },
    sdk: {
      type: 'string',
      default: sdkDefault,
      description: 'iii-sdk dependency spec (a version, a tarball or a path)',
    },
  },
  run({ args }) {
    const lang = checkLanguage(args.lang)
    const files = writeProject(args.dir ?? '.', lang, args.sdk)
    const dir = args.dir ?? '.'
    process.stdout.write(
      `created ${files.map((f) => relative(process.cwd(), f)).join(', ')}\n` +
        `next: cd ${dir}/workers/hello && npm install && cd ../.. && iii dev\n`,
    )
  },
})

/** `iii project …`. */
export const projectCommand = defineCommand({
  meta: { name: 'project', description: 'Create projects' },
  subCommands: { init: projectInitCommand },
})
