/** One line of the chaos history. Times are epoch ms on the one machine all processes share. */
export type ChaosEvent =
  | { type: 'ack'; k: string; message_id: string; at: number }
  | { type: 'run-start' | 'run-end'; k: string; pid: number; engine: string; at: number }
  | { type: 'kill'; target: 'worker' | 'engine'; pid: number; engine: string; at: number }
  | { type: 'lease-expired'; message_id: string; engine: string; at: number }

interface Run {
  k: string
  pid: number
  engine: string
  start: number
  end?: number
}

export interface ChaosVerdict {
  acked: number
  runs: number
  /** Runs beyond the first of each job. */
  duplicates: number
  explainedByCrash: number
  /** Explained only by an engine log "job lease expired" for that job. */
  explainedByLease: number
  /** Acknowledged jobs whose handler never finished. */
  lost: string[]
  unexplained: { k: string; earlier: Run; later: Run }[]
}

function pairRuns(events: ChaosEvent[]): Map<string, Run[]> {
  const byJob = new Map<string, Run[]>()
  for (const e of events) {
    if (e.type !== 'run-start' && e.type !== 'run-end') continue
    const runs = byJob.get(e.k) ?? []
    byJob.set(e.k, runs)
    if (e.type === 'run-start') runs.push({ k: e.k, pid: e.pid, engine: e.engine, start: e.at })
    else {
      const open = runs.findLast((r) => r.pid === e.pid && r.end === undefined)
      if (open) open.end = e.at
    }
  }
  for (const runs of byJob.values()) runs.sort((a, b) => a.start - b.start)
  return byJob
}

/**
 * Checks a chaos history: every acknowledged job ran to completion, and every repeated run is
 * explained by a crash of the earlier run's worker or engine after that run started, or by a
 * lease expiry of that job logged between the two runs.
 */
export function checkHistory(events: ChaosEvent[], slackMs = 50): ChaosVerdict {
  const sorted = [...events].sort((a, b) => a.at - b.at)
  const acked = new Map<string, string>()
  for (const e of sorted) if (e.type === 'ack') acked.set(e.k, e.message_id)
  const kills = sorted.filter((e) => e.type === 'kill')
  const expiries = sorted.filter((e) => e.type === 'lease-expired')
  const byJob = pairRuns(sorted)
  const verdict: ChaosVerdict = {
    acked: acked.size,
    runs: 0,
    duplicates: 0,
    explainedByCrash: 0,
    explainedByLease: 0,
    lost: [],
    unexplained: [],
  }
  for (const k of acked.keys())
    if (!byJob.get(k)?.some((r) => r.end !== undefined)) verdict.lost.push(k)
  for (const [k, runs] of byJob) {
    verdict.runs += runs.length
    for (let i = 1; i < runs.length; i++) {
      const [earlier, later] = [runs[i - 1] as Run, runs[i] as Run]
      verdict.duplicates++
      const within = (at: number) => at >= earlier.start - slackMs && at <= later.start + slackMs
      const crashed = kills.some(
        (c) =>
          within(c.at) &&
          ((c.target === 'worker' && c.pid === earlier.pid) ||
            (c.target === 'engine' && c.engine === earlier.engine)),
      )
      const id = acked.get(k)
      const expired = id !== undefined && expiries.some((x) => x.message_id === id && within(x.at))
      if (crashed) verdict.explainedByCrash++
      else if (expired) verdict.explainedByLease++
      else verdict.unexplained.push({ k, earlier, later })
    }
  }
  return verdict
}
