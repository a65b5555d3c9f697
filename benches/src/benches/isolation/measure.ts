import { registerWorker } from 'iii-sdk'
import { rssMb } from '../../core/proc'
import { percentile } from '../../core/stats'

/** A worker in the runner process that makes the measured calls. */
export type Caller = ReturnType<typeof registerWorker>

export const connectCaller = (url: string): Caller =>
  registerWorker(url, { workerName: 'bench-caller' })

/** p99 of `count` sequential `good::echo` calls, each checked. */
export async function callP99(caller: Caller, count: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    const answer = await caller.trigger({
      function_id: 'good::echo',
      payload: { i },
      timeoutMs: 30_000,
    })
    times.push(performance.now() - started)
    if ((answer as { i?: number }).i !== i)
      throw new Error(`good::echo answered ${JSON.stringify(answer)}`)
  }
  return percentile(times, 99)
}

/** p99 of `count` sequential GETs of `/good/<i>`, each checked. */
export async function httpP99(base: string, count: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    const res = await fetch(`${base}/good/${i}`)
    const body = (await res.json()) as { id?: string }
    times.push(performance.now() - started)
    if (res.status !== 200 || body.id !== String(i))
      throw new Error(`GET /good/${i}: ${res.status} ${JSON.stringify(body)}`)
  }
  return percentile(times, 99)
}

/** Samples a process's RSS every 50 ms until stopped; returns the peak in MiB. */
export function rssPeak(pid: number): { stop(): number } {
  let peak = rssMb(pid)
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid))
    } catch {
      // the process is gone
    }
  }, 50)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}
