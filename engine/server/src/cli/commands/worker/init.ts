import { readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineCommand } from 'citty'
import { ConfigEdit } from '../../../worker-control/config-edit'
import { CliError } from '../../errors'
import { checkLanguage, setupCommand, workerRun, writeWorker } from '../../templates/project'
import { langArg, sdkArg } from '../project'

/** `iii worker init <name> --lang …`: a worker skeleton in workers/<name>, added to config.yaml. */
export const workerInitCommand = defineCommand({
  meta: { name: 'init', description: 'Add a worker skeleton to the project in this directory' },
  args: {
    name: { type: 'positional', required: true, description: 'Worker name' },
    lang: langArg,
    sdk: sdkArg,
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
    const dir = join('workers', args.name)
    const files = writeWorker(dir, lang, args.sdk)
    config.addProcess({ name: args.name, ...workerRun(lang), cwd: `workers/${args.name}` })
    writeFileSync('config.yaml', config.toString())
    const setup = setupCommand(lang)
    process.stdout.write(
      `created ${files.map((f) => relative(process.cwd(), f)).join(', ')}; added ${args.name} to config.yaml\n` +
        (setup ? `next: cd ${dir} && ${setup}\n` : ''),
    )
  },
})
