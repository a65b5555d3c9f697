import type { ArgsDef, CommandDef } from 'citty'
import { consoleCommand } from './console'
import { devCommand } from './dev'
import { mcpCommand } from './mcp'
import { projectCommand } from './project'
import { triggerCommand } from './trigger'
import { workerCommand } from './worker/index'

/**
 * Every `iii` verb, one file each. To add a verb: write `commands/<verb>.ts` and list it here;
 * docs/reference/cli.md must document it (engine/server/test/cli-docs.test.ts checks both ways).
 */
export const verbs: Record<string, CommandDef<ArgsDef>> = {
  console: consoleCommand as CommandDef<ArgsDef>,
  trigger: triggerCommand as CommandDef<ArgsDef>,
  worker: workerCommand as CommandDef<ArgsDef>,
  project: projectCommand as CommandDef<ArgsDef>,
  dev: devCommand as CommandDef<ArgsDef>,
  mcp: mcpCommand as CommandDef<ArgsDef>,
}

/** Short spellings of verbs. */
export const verbAliases: Record<string, string> = { t: 'trigger' }
