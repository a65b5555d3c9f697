import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os'

/** The machine a run happened on, stored with its results. */
export interface Machine {
  nproc: number
  cpu: string
  memoryGb: number
  node: string
  os: string
}

function cpuModel(): string {
  try {
    const text = execFileSync('lscpu', { encoding: 'utf8' })
    const line = text.split('\n').find((l) => l.startsWith('Model name:'))
    if (line) return line.slice('Model name:'.length).trim()
  } catch {
    // no lscpu (macOS): fall back to what Node reports
  }
  return cpus()[0]?.model ?? 'unknown'
}

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpu: cpuModel(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()}`,
  }
}
