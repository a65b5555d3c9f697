/**
 * The ws-invoke baseline peers: plain `ws` clients of the relay, JSON frames with an id and a
 * pending map, the same work an SDK does per call minus the engine.
 */
import WebSocket from 'ws'
import { onStop, readPlan, runChild, send } from '../../core/child-io'
import { type EchoPayload, type InvokePlan, servePlan } from './plan'

interface PeerPlan {
  role: 'callee' | 'caller'
  url: string
  plan: InvokePlan
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { maxPayload: 128 * 1024 * 1024 })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function serveEcho(ws: WebSocket): void {
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { id: number; data: unknown }
    ws.send(JSON.stringify({ id: frame.id, result: frame.data }))
  })
}

function caller(ws: WebSocket): (payload: EchoPayload) => Promise<unknown> {
  const pending = new Map<number, (value: unknown) => void>()
  let nextId = 0
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { id: number; result: unknown }
    pending.get(frame.id)?.(frame.result)
    pending.delete(frame.id)
  })
  return (payload) =>
    new Promise((resolve) => {
      const id = nextId++
      pending.set(id, resolve)
      ws.send(JSON.stringify({ id, data: payload }))
    })
}

runChild(async () => {
  const { role, url, plan } = readPlan<PeerPlan>()
  const ws = await open(`${url}/${role}`)
  onStop(() => ws.close())
  if (role === 'callee') {
    serveEcho(ws)
    send('ready')
    return
  }
  await servePlan(caller(ws), plan)
  ws.close()
})
