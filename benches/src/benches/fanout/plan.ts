import { send } from '../../core/child-io'
import { nowMs, percentile } from '../../core/stats'

/** What a fan-out child measures: one publish reaching `n` subscribers, for each n. */
export interface FanoutPlan {
  subscribers: number[]
  rounds: number
}

/** A pub/sub under test: the engine's pubsub worker or a bare uWS relay. */
export interface PubSub {
  /** Adds `count` subscribers to `topic`; `deliver(index, data)` runs for each delivery. */
  subscribe(
    topic: string,
    count: number,
    deliver: (index: number, data: unknown) => void,
  ): Promise<void>
  publish(topic: string, data: { seq: number }): Promise<void>
}

/** Counts deliveries of one message per subscriber and resolves once every subscriber got it. */
class Round {
  readonly got: Uint8Array
  private left: number
  private resolveAll: () => void = () => {}
  readonly all = new Promise<void>((resolve) => {
    this.resolveAll = resolve
  })
  constructor(
    readonly seq: number,
    n: number,
  ) {
    this.got = new Uint8Array(n)
    this.left = n
  }
  deliver(index: number): void {
    const seen = this.got[index]
    if (seen === undefined) throw new Error(`subscriber ${index} out of range`)
    this.got[index] = seen + 1
    if (seen === 0 && --this.left === 0) this.resolveAll()
  }
  duplicates(): number {
    return this.got.filter((c) => c > 1).length
  }
}

const within = (promise: Promise<void>, ms: number) =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ])

/** Subscribes, probes until every subscriber is live, then times `rounds` publishes per size. */
export async function runFanoutPlan(pubsub: PubSub, plan: FanoutPlan): Promise<void> {
  for (const n of plan.subscribers) {
    const topic = `bench-fanout-${n}-${process.pid}`
    const rounds = new Map<number, Round>()
    await pubsub.subscribe(topic, n, (index, data) =>
      rounds.get((data as { seq: number }).seq)?.deliver(index),
    )
    // Registrations settle asynchronously: probe until one publish reaches all n.
    let ready = false
    for (let probe = -1; !ready && probe > -200; probe--) {
      const round = new Round(probe, n)
      rounds.set(probe, round)
      await pubsub.publish(topic, { seq: probe })
      ready = await within(round.all, 1000)
    }
    if (!ready) throw new Error(`${topic}: no publish reached all ${n} subscribers`)
    const samples: number[] = []
    for (let seq = 0; seq < plan.rounds; seq++) {
      const round = new Round(seq, n)
      rounds.set(seq, round)
      const t0 = nowMs()
      await pubsub.publish(topic, { seq })
      if (!(await within(round.all, 30_000)))
        throw new Error(`${topic}: round ${seq} did not reach all ${n} subscribers`)
      samples.push(nowMs() - t0)
    }
    await new Promise((r) => setTimeout(r, 100))
    const dup = [...rounds.values()]
      .filter((r) => r.seq >= 0)
      .reduce((sum, r) => sum + r.duplicates(), 0)
    if (dup > 0) throw new Error(`${topic}: ${dup} duplicate deliveries`)
    send('measurement', { subscribers: n, p50Ms: percentile(samples, 50) })
  }
  send('done')
}
