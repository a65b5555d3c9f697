import { readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineCommand } from 'citty'
import { ConfigEdit } from '../../../worker-control/config-edit'
import { CliError } from '../../errors'
import { checkLanguage, writeWorker } from '../../templates/project'

/** `iii worker init <name> --lang ts|js`: a worker skeleton in workers/<name>, added to config.yaml. */
export const workerInitCommand = defineCommand({
  meta: { name: 'init', description: 'Add a worker skeleton to the project in this directory' },
  args: {
    name: { type: 'positional', required: true, description: 'Worker name' },
    lang: { type: 'string', default: 'ts', description: 'ts | js (python, go, rust: planned)' },
    sdk: { type: 'string', default: '^0.22.1', description: 'iii-sdk dependency spec' },
  },
  run({ args }) {
    const lang = checkLanguage(args.lang)
    let text: string
    try {
      text = readFileSync('config.yaml', 'utf8')
    } catch {
      throw new CliError('no config.yaml here: run it in a project (iii project init)')
    }
    const config = new ConfigEdit(text)
    if (config.processNames().includes(args.name))
      throw new CliError(`config.yaml already runs a process named ${args.name}`)
    const files = writeWorker(join('workers', args.name), lang, args.sdk)
    config.addProcess({
      name: args.name,
      command: 'node',
      args: lang === 'ts' ? ['--import', 'tsx', 'index.ts'] : ['index.js'],
      cwd: `workers/${args.name}`,
      watch: ['**/*.ts', '**/*.js'],
    })
    writeFileSync('config.yaml', config.toString())
    process.stdout.write(
      `created ${files.map((f) => relative(process.cwd(), f)).join(', ')}; added ${args.name} to config.yaml\n`,
    )
  },
})
