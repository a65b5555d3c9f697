/**
 * Hostile connections for the isolation benches. Plan: slow worker sockets that never read and
 * ask for large replies, stream sockets that never read and join a large group many times, frame
 * flooders, and clients of a route whose handler never answers. Reports `ready` once all are
 * attached, and `closed` counts when the runner asks (`{type: 'count'}`).
 */
import WebSocket from 'ws'
import { commands, onStop, readPlan, runChild, send } from '../../core/child-io'

interface Plan {
  url: string
  streamUrl?: string
  streamName?: string
  /** Worker sockets that never read, each sending `slowCalls` `engine::functions::list` calls. */
  slowReaders: number
  slowCalls: number
  /** Stream sockets that never read, each joining the group `streamJoins` times. */
  streamReaders: number
  streamJoins: number
  /** Sockets sending frames as fast as they are written (ping and unknown frames). */
  flooders: number
  /** HTTP clients looping on `hangUrl` (a route whose handler never answers). */
  hangClients: number
  hangUrl?: string
}

const sockets: WebSocket[] = []
let closed = 0
let stopping = false

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.on('error', () => {})
    ws.on('close', () => {
      closed++
    })
    sockets.push(ws)
  })
}

const pause = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket.pause()

async function slowReader(url: string, calls: number): Promise<void> {
  const ws = await open(url)
  pause(ws)
  for (let i = 0; i < calls; i++)
    ws.send(
      JSON.stringify({
        type: 'invokefunction',
        invocation_id: crypto.randomUUID(),
        function_id: 'engine::functions::list',
        data: {},
      }),
    )
}

async function streamReader(url: string, streamName: string, joins: number): Promise<void> {
  const ws = await open(url)
  pause(ws)
  for (let i = 0; i < joins; i++)
    ws.send(
      JSON.stringify({ type: 'join', data: { subscriptionId: `s${i}`, streamName, groupId: 'g' } }),
    )
}

async function flooder(url: string): Promise<void> {
  const ws = await open(url)
  const frames = [JSON.stringify({ type: 'ping' }), JSON.stringify({ type: 'nonsense', x: 1 })]
  const burst = () => {
    if (stopping || ws.readyState !== WebSocket.OPEN) return
    // 200 frames a turn while less than 1 MiB is in flight: as fast as the engine takes them,
    // without growing our own memory.
    if (ws.bufferedAmount < 1024 * 1024)
      for (let i = 0; i < 200; i++) ws.send(frames[i % 2] as string)
    setImmediate(burst)
  }
  burst()
}

async function hangClient(url: string): Promise<void> {
  while (!stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
    } catch {
      // timed out: the handler never answers; ask again
    }
  }
}

runChild(async () => {
  const plan = readPlan<Plan>()
  onStop(() => {
    stopping = true
    for (const ws of sockets) ws.terminate()
  })
  const started: Promise<void>[] = []
  for (let i = 0; i < plan.slowReaders; i++) started.push(slowReader(plan.url, plan.slowCalls))
  for (let i = 0; i < plan.streamReaders; i++)
    started.push(
      streamReader(plan.streamUrl as string, plan.streamName as string, plan.streamJoins),
    )
  for (let i = 0; i < plan.flooders; i++) started.push(flooder(plan.url))
  await Promise.all(started)
  for (let i = 0; i < plan.hangClients; i++) void hangClient(plan.hangUrl as string)
  send('ready', { sockets: sockets.length })
  for await (const command of commands()) {
    if (command.type === 'count') send('count', { closed, sockets: sockets.length })
  }
})
