import { dirname } from 'node:path'
import type { BuiltinWorker, WorkerDefinition } from '@iii/core'
import { type ExecConfig, ExecConfigSchema, validateExecConfig } from './config'
import { execFunctions, execSchemas } from './functions'
import { limitsOf, resolveSpecs } from './process-spec'
import { Supervisor } from './supervisor'

/**
 * `iii-exec` (alias `exec`): runs and supervises project processes next to the engine
 * (BUILTINS.md §12). A changed config is applied in place: only the processes whose spec
 * changed are restarted.
 */
export const execWorker: WorkerDefinition<ExecConfig> = {
  name: 'iii-exec',
  aliases: ['exec'],
  configSchema: ExecConfigSchema,
  validate: validateExecConfig,
  // Relative paths in a config file resolve against the file's directory.
  fileDefaults: (file) => ({ base_dir: dirname(file) }),
  create(config): BuiltinWorker {
    let supervisor: Supervisor | undefined
    return {
      async start(ctx) {
        supervisor = new Supervisor(limitsOf(config), ctx.logger)
        for (const [id, description, handler] of execFunctions(supervisor))
          ctx.registerFunction({ id, description, ...execSchemas[id] }, handler)
        await supervisor.apply(resolveSpecs(config, process.cwd()), limitsOf(config))
      },
      async reconfigure(next) {
        const c = next as ExecConfig
        await supervisor?.apply(resolveSpecs(c, process.cwd()), limitsOf(c))
      },
      async stop() {
        await supervisor?.stopAll()
      },
    }
  },
}
