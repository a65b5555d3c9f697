/**
 * A worker process for ws-invoke: the callee registers `bench::echo`; the caller runs the plan
 * against it through the engine. Run by the bench, not by hand.
 */
import { onStop, readPlan, runChild, send } from '../../core/child-io'
import { type InvokePlan, servePlan } from './plan'
import { callWhenReady, connectWorker, type SdkName } from './sdk'

interface PeerPlan {
  role: 'callee' | 'caller'
  sdk: SdkName
  url: string
  plan: InvokePlan
}

runChild(async () => {
  const { role, sdk, url, plan } = readPlan<PeerPlan>()
  const worker = connectWorker(sdk, url, `bench-${role}`)
  onStop(() => worker.shutdown())
  if (role === 'callee') {
    worker.registerFunction('bench::echo', async (data) => data)
    send('ready')
    return
  }
  await callWhenReady(worker, 'bench::echo', { seq: -2, blob: '' })
  await servePlan(
    (payload) => worker.trigger({ function_id: 'bench::echo', payload, timeoutMs: 60_000 }),
    plan,
  )
  await worker.shutdown()
})
