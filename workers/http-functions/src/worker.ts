import type { BuiltinWorker, WorkerDefinition } from '@iii/core'
import { type HttpFunctionsConfig, HttpFunctionsConfigSchema } from './config'
import { createHttpFunctions, type HttpFunctions } from './invoker'

/**
 * `iii-http-functions`: lets workers register functions served by an external URL
 * (PROTOCOL.md §12). It provides the engine's `httpInvoker` and `httpFunctions` slots while
 * running; without it such registrations are logged and ignored.
 */
export const httpFunctionsWorker: WorkerDefinition<HttpFunctionsConfig> = {
  name: 'iii-http-functions',
  defaultOn: true,
  configSchema: HttpFunctionsConfigSchema,
  create(config): BuiltinWorker {
    let uninstall: (() => void) | undefined
    return {
      start(ctx) {
        const hooks: HttpFunctions = createHttpFunctions({
          security: config.security,
          logger: ctx.logger,
        })
        const disposers = [ctx.provide('httpInvoker', hooks), ctx.provide('httpFunctions', hooks)]
        uninstall = () => {
          for (const dispose of disposers) dispose()
        }
      },
      stop() {
        uninstall?.()
        uninstall = undefined
      },
    }
  },
}
