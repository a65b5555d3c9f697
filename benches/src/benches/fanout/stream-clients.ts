import WebSocket from 'ws'

/** Browser-protocol subscribers: plain `ws` clients joined to one stream group. */
export interface Subscribers {
  /** Resolves once every client received a push whose `event.data.seq` is `seq`. */
  waitAll(seq: number, timeoutMs: number): Promise<void>
  close(): void
}

interface Push {
  type?: string
  event?: { type?: string; data?: { seq?: unknown } }
}

/** Opens `n` clients, joins each to `streamName/groupId`, and resolves once every one got its `sync`. */
export async function openSubscribers(
  url: string,
  n: number,
  streamName: string,
  groupId: string,
): Promise<Subscribers> {
  const latest = new Int32Array(n).fill(-1_000_000)
  let waiter: { seq: number; check(): void } | undefined
  const sockets: WebSocket[] = []
  let synced = 0
  let onSynced: () => void = () => {}
  const allSynced = new Promise<void>((resolve) => {
    onSynced = resolve
  })
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(url)
    sockets.push(ws)
    ws.on('message', (raw) => {
      const push = JSON.parse(raw.toString()) as Push
      const type = push.event?.type
      if (type === 'sync' && ++synced === n) onSynced()
      const seq = push.event?.data?.seq
      if ((type === 'create' || type === 'update') && typeof seq === 'number') {
        latest[i] = seq
        waiter?.check()
      }
    })
    ws.once('open', () =>
      ws.send(
        JSON.stringify({ type: 'join', data: { subscriptionId: `sub-${i}`, streamName, groupId } }),
      ),
    )
    ws.once('error', () => {})
  }
  const timer = setTimeout(() => onSynced(), 30_000)
  await allSynced
  clearTimeout(timer)
  if (synced < n) throw new Error(`only ${synced} of ${n} subscribers got their sync`)
  return {
    waitAll: (seq, timeoutMs) =>
      new Promise((resolve, reject) => {
        const fail = setTimeout(
          () =>
            reject(
              new Error(`seq ${seq} reached ${latest.filter((s) => s >= seq).length} of ${n}`),
            ),
          timeoutMs,
        )
        const check = () => {
          if (!latest.every((s) => s >= seq)) return
          clearTimeout(fail)
          waiter = undefined
          resolve()
        }
        waiter = { seq, check }
        check()
      }),
    close: () => {
      for (const ws of sockets) ws.terminate()
    },
  }
}
