/**
 * Http bench worker: `bench::http` answers `{ok, id}`; bound to `GET bench/item/:id`, after
 * `extraRoutes` other routes (`bench/r<i>/:id`) so the target is the last one registered.
 */
import { onStop, readPlan, runChild, send } from '../../core/child-io'
import { connectWorker, type SdkName } from '../ws-invoke/sdk'

interface Plan {
  url: string
  extraRoutes: number
  /** Which iii-sdk serves the route. @default 'ours' */
  sdk?: SdkName
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const worker = connectWorker(plan.sdk ?? 'ours', plan.url, 'bench-http')
  onStop(() => worker.shutdown())
  worker.registerFunction('bench::http', async (req: { path_params?: { id?: string } }) => ({
    status_code: 200,
    body: { ok: true, id: req.path_params?.id },
  }))
  const bind = (api_path: string) =>
    worker.registerTrigger({
      type: 'http',
      function_id: 'bench::http',
      config: { api_path, http_method: 'GET' },
    })
  for (let i = 0; i < plan.extraRoutes; i++) bind(`bench/r${i}/:id`)
  bind('bench/item/:id')
  send('ready')
})
