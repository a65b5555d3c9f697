/**
 * Stream fan-out driver: `subscribers` browser clients join one group; each round sets the item
 * (through the engine's `stream::set`, or a frame to the baseline relay) and times until all got it.
 */
import WebSocket from 'ws'
import { onStop, readPlan, runChild, send } from '../../core/child-io'
import { nowMs, percentile } from '../../core/stats'
import { callWhenReady, connectWorker } from '../ws-invoke/sdk'
import { openSubscribers } from './stream-clients'

interface Plan {
  mode: 'iii' | 'raw'
  /** Where browser clients connect: the stream worker's port or the relay. */
  wsUrl: string
  engineUrl?: string
  subscribers: number
  rounds: number
}

type SetItem = (seq: number) => Promise<void>

async function engineSetter(
  engineUrl: string,
  streamName: string,
  groupId: string,
): Promise<SetItem> {
  const worker = connectWorker('ours', engineUrl, 'bench-stream')
  onStop(() => worker.shutdown())
  await callWhenReady(worker, 'stream::get', {
    stream_name: streamName,
    group_id: groupId,
    item_id: 'item',
  })
  return async (seq) => {
    await worker.trigger({
      function_id: 'stream::set',
      payload: { stream_name: streamName, group_id: groupId, item_id: 'item', data: { seq } },
    })
  }
}

async function relaySetter(wsUrl: string): Promise<SetItem> {
  const ws = new WebSocket(wsUrl)
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const acks: (() => void)[] = []
  ws.on('message', () => acks.shift()?.())
  return (seq) =>
    new Promise((resolve) => {
      acks.push(resolve)
      ws.send(JSON.stringify({ type: 'set', data: { seq } }))
    })
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const streamName = `bench-${process.pid}`
  const setItem =
    plan.mode === 'iii'
      ? await engineSetter(plan.engineUrl ?? '', streamName, 'g')
      : await relaySetter(plan.wsUrl)
  const subscribers = await openSubscribers(plan.wsUrl, plan.subscribers, streamName, 'g')
  onStop(() => subscribers.close())
  const samples: number[] = []
  for (let seq = -3; seq < plan.rounds; seq++) {
    const t0 = nowMs()
    await setItem(seq)
    await subscribers.waitAll(seq, 30_000)
    if (seq >= 0) samples.push(nowMs() - t0)
  }
  send('measurement', { subscribers: plan.subscribers, p50Ms: percentile(samples, 50) })
  send('done')
  subscribers.close()
})
