import { randomBytes } from 'node:crypto'
import { commands, send } from '../../core/child-io'
import { nowMs, percentile } from '../../core/stats'

/** What one caller process measures; the same plan drives the engine and the baseline. */
export interface InvokePlan {
  payloadBytes: number[]
  inflight: number[]
  /** Time per sequential run (per payload) and per pipelined run (per payload × in-flight). */
  seqMs: number
  pipeMs: number
  /** Pipelined runs above this many bytes in flight are left out (256 × 1 MB would hold 0.5 GB per process). */
  maxBytesInFlight: number
}

/** The echo payload: a sequence number and an incompressible string of the requested size. */
export interface EchoPayload {
  seq: number
  blob: string
}

export type Call = (payload: EchoPayload) => Promise<unknown>

export type Measurement =
  | { kind: 'seq'; bytes: number; p50Us: number; p99Us: number; calls: number }
  | { kind: 'pipe'; bytes: number; inflight: number; callsPerSec: number; calls: number }

export const blobOf = (bytes: number): string =>
  randomBytes(Math.ceil((bytes * 3) / 4))
    .toString('base64')
    .slice(0, bytes)

/** Whether a pipelined run fits the in-flight byte budget. */
export const fitsBudget = (plan: InvokePlan, bytes: number, inflight: number) =>
  bytes * inflight <= plan.maxBytesInFlight

function checkEcho(sent: EchoPayload, got: unknown, full: boolean): void {
  const echo = got as Partial<EchoPayload> | null
  const same =
    echo?.seq === sent.seq &&
    (full ? echo.blob === sent.blob : echo.blob?.length === sent.blob.length)
  if (!same)
    throw new Error(`wrong echo for seq ${sent.seq}: got ${JSON.stringify(got)?.slice(0, 120)}`)
}

/** Checks the answer: every payload size comes back byte for byte. */
export async function verifyEcho(call: Call, plan: InvokePlan): Promise<void> {
  for (const bytes of plan.payloadBytes) {
    const sent = { seq: -1, blob: blobOf(bytes) }
    checkEcho(sent, await call(sent), true)
  }
}

async function sequential(call: Call, bytes: number, ms: number): Promise<Measurement> {
  const blob = blobOf(bytes)
  const samples: number[] = []
  const end = nowMs() + ms
  for (let seq = 0; nowMs() < end || samples.length < 20; seq++) {
    const sent = { seq, blob }
    const t0 = nowMs()
    const got = await call(sent)
    samples.push((nowMs() - t0) * 1000)
    checkEcho(sent, got, false)
  }
  return {
    kind: 'seq',
    bytes,
    p50Us: percentile(samples, 50),
    p99Us: percentile(samples, 99),
    calls: samples.length,
  }
}

async function pipelined(
  call: Call,
  bytes: number,
  inflight: number,
  ms: number,
): Promise<Measurement> {
  const blob = blobOf(bytes)
  let seq = 0
  let done = 0
  const start = nowMs()
  const end = start + ms
  const lane = async () => {
    while (nowMs() < end) {
      const sent = { seq: seq++, blob }
      checkEcho(sent, await call(sent), false)
      done++
    }
  }
  await Promise.all(Array.from({ length: inflight }, lane))
  const elapsed = nowMs() - start
  return { kind: 'pipe', bytes, inflight, callsPerSec: (done / elapsed) * 1000, calls: done }
}

/** One timed run; the runner asks both sides for step i in turn, so drift hits both alike. */
export type Step =
  | { kind: 'seq'; bytes: number }
  | { kind: 'pipe'; bytes: number; inflight: number }

/** Every step of a plan: sequential per payload, then pipelined per payload × in-flight level. */
export function planSteps(plan: InvokePlan): Step[] {
  const steps: Step[] = plan.payloadBytes.map((bytes) => ({ kind: 'seq', bytes }))
  for (const bytes of plan.payloadBytes) {
    for (const inflight of plan.inflight)
      if (fitsBudget(plan, bytes, inflight)) steps.push({ kind: 'pipe', bytes, inflight })
  }
  return steps
}

/**
 * Checks the echo, warms up, says `ready`, then runs each step the runner asks for (stdin
 * `{"step": i}`) and answers with its `measurement`, until stdin closes.
 */
export async function servePlan(call: Call, plan: InvokePlan): Promise<void> {
  await verifyEcho(call, plan)
  // Warm up the JIT and the sockets on the smallest payload before anything is timed.
  await pipelined(call, plan.payloadBytes[0] ?? 100, 16, Math.min(500, plan.seqMs))
  send('ready')
  const steps = planSteps(plan)
  for await (const command of commands()) {
    const step = steps[Number(command.step)]
    if (!step) break
    const measured =
      step.kind === 'seq'
        ? await sequential(call, step.bytes, plan.seqMs)
        : await pipelined(call, step.bytes, step.inflight, plan.pipeMs)
    send('measurement', measured)
  }
}
