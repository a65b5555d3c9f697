import { defineCommand } from 'citty'
import { workerAddCommand } from './add'
import { workerInitCommand } from './init'
import { workerListCommand } from './list'
import { workerLogsCommand } from './logs'
import { workerRemoveCommand } from './remove'
import { workerRestartCommand } from './restart'

/** `iii worker …`: change and inspect the workers of a running engine. */
export const workerCommand = defineCommand({
  meta: {
    name: 'worker',
    description: 'Add, remove, list, restart, read the logs of and create workers',
  },
  subCommands: {
    add: workerAddCommand,
    remove: workerRemoveCommand,
    list: workerListCommand,
    logs: workerLogsCommand,
    restart: workerRestartCommand,
    init: workerInitCommand,
  },
})
