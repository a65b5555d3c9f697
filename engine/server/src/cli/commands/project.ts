import { relative } from 'node:path'
import { defineCommand } from 'citty'
import { checkLanguage, setupCommand, writeProject } from '../templates/project'

/** The `--sdk` flag of the scaffolding commands. */
export const sdkArg = {
  type: 'string',
  description:
    'ts/js: the iii-sdk dependency (a version, a tarball or a path; default ^0.22.1); python/go/rust: the client directory (default: sdk/<lang> of this checkout)',
} as const

export const langArg = {
  type: 'string',
  default: 'ts',
  description: 'ts | js | python | go | rust',
} as const

/** `iii project init [dir] --lang ts|js|python|go|rust`: a config.yaml and one example worker. */
export const projectInitCommand = defineCommand({
  meta: { name: 'init', description: 'Create a project: config.yaml and an example worker' },
  args: {
    dir: { type: 'positional', required: false, description: 'Directory (default: .)' },
    lang: langArg,
    sdk: sdkArg,
  },
  run({ args }) {
    const lang = checkLanguage(args.lang)
    const dir = args.dir ?? '.'
    const files = writeProject(dir, lang, args.sdk)
    const setup = setupCommand(lang)
    const next = setup
      ? `cd ${dir} && (cd workers/hello && ${setup}) && iii dev`
      : `cd ${dir} && iii dev`
    process.stdout.write(
      `created ${files.map((f) => relative(process.cwd(), f)).join(', ')}\nnext: ${next}\n`,
    )
  },
})

/** `iii project …`. */
export const projectCommand = defineCommand({
  meta: { name: 'project', description: 'Create projects' },
  subCommands: { init: projectInitCommand },
})
