/** Fan-out baseline client: one `ws` connection holding every subscriber, like the iii worker. */
import WebSocket from 'ws'
import { onStop, readPlan, runChild } from '../../core/child-io'
import { type FanoutPlan, runFanoutPlan } from './plan'

runChild(async () => {
  const plan = readPlan<FanoutPlan & { url: string }>()
  const ws = new WebSocket(plan.url)
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  onStop(() => ws.close())
  const handlers = new Map<string, (index: number, data: unknown) => void>()
  const publishAcks: (() => void)[] = []
  let topicOf: string[] = []
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as { id?: number; data?: unknown; published?: boolean }
    if (frame.published) return publishAcks.shift()?.()
    const id = frame.id ?? 0
    handlers.get(topicOf[id] ?? '')?.(id, frame.data)
    // Answer each delivery, as a worker answers each invocation.
    ws.send(JSON.stringify({ ack: id }))
  })
  // Subscriber ids are global across topics; deliveries map back to the topic's local index.
  const offsets = new Map<string, number>()
  await runFanoutPlan(
    {
      async subscribe(topic, count, deliver) {
        const offset = topicOf.length
        offsets.set(topic, offset)
        topicOf = topicOf.concat(Array.from({ length: count }, () => topic))
        handlers.set(topic, (id, data) => deliver(id - offset, data))
        for (let i = 0; i < count; i++) ws.send(JSON.stringify({ sub: topic, id: offset + i }))
      },
      publish: (topic, data) =>
        new Promise<void>((resolve) => {
          publishAcks.push(resolve)
          ws.send(JSON.stringify({ pub: topic, data }))
        }),
    },
    plan,
  )
  ws.close()
})
