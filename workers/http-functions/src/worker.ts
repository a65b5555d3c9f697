import type { BuiltinWorker, WorkerDefinition } from '@iii/core'
import { type HttpFunctionsConfig, HttpFunctionsConfigSchema } from './config'
import { createHttpFunctions, type HttpFunctions } from './invoker'

/**
 * `iii-http-functions`: lets workers register functions served by an external URL
 * (PROTOCOL.md §12). It installs the engine's `httpInvoker` and `httpFunctions` hooks while
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
        const hooks: HttpFunctions = createHttpFunctions({ security: config.security, logger: ctx.logger })
        const engine = ctx.engine
        engine.httpInvoker = hooks
        engine.httpFunctions = hooks
        uninstall = () => {
          if (engine.httpInvoker === hooks) engine.httpInvoker = undefined
          if (engine.httpFunctions === hooks) engine.httpFunctions = undefined
        }
      },
      stop() {
        uninstall?.()
        uninstall = undefined
      },
    }
  },
}
