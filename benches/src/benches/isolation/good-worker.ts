/**
 * The well-behaved worker of the isolation benches: `good::echo` and `GET /good/:id`. With
 * `bulkFunctions`, it also registers that many functions with 1 KB descriptions, so that
 * `engine::functions::list` answers with a reply of about that many KB; with `hangRoute`, a
 * second connection serves `GET /hang` and never answers.
 */
import { registerWorker } from 'iii-sdk'
import { onStop, readPlan, runChild, send } from '../../core/child-io'

interface Plan {
  url: string
  bulkFunctions: number
  hangRoute: boolean
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const good = registerWorker(plan.url, { workerName: 'bench-good' })
  const others = [good]
  onStop(async () => {
    for (const w of others) await w.shutdown()
  })
  good.registerFunction('good::echo', async (x: unknown) => x)
  good.registerFunction('good::http', async (req: { path_params?: { id?: string } }) => ({
    status_code: 200,
    body: { ok: true, id: req.path_params?.id },
  }))
  good.registerTrigger({
    type: 'http',
    function_id: 'good::http',
    config: { api_path: 'good/:id', http_method: 'GET' },
  })
  if (plan.bulkFunctions > 0) {
    const bulk = registerWorker(plan.url, { workerName: 'bench-bulk' })
    others.push(bulk)
    const description = 'd'.repeat(1000)
    for (let i = 0; i < plan.bulkFunctions; i++)
      bulk.registerFunction(`bulk::f${i}`, async () => i, { description })
  }
  if (plan.hangRoute) {
    const hang = registerWorker(plan.url, { workerName: 'bench-hang' })
    others.push(hang)
    hang.registerFunction('hang::never', () => new Promise(() => {}))
    hang.registerTrigger({
      type: 'http',
      function_id: 'hang::never',
      config: { api_path: 'hang', http_method: 'GET' },
    })
  }
  send('ready')
})
