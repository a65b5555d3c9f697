import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Machine } from './machine'
import { formatNumber } from './stats'
import type { BenchResult, Figure, Skipped } from './types'

/** Turns a figure into the stored result; refuses figures that are not finite and positive. */
export function toResult(figure: Figure, command: string): BenchResult {
  for (const key of ['value', 'baseline'] as const) {
    const n = figure[key]
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`${figure.name}: ${key} must be a positive number, got ${n}`)
  }
  const round = (n: number) => Number(n.toPrecision(6))
  return {
    name: figure.name,
    value: round(figure.value),
    unit: figure.unit,
    baseline: round(figure.baseline),
    ratio: Number((figure.value / figure.baseline).toFixed(4)),
    command,
    baseline_name: figure.baselineName,
    better: figure.better,
  }
}

/** One line for humans under the JSON line. */
export function summarize(r: BenchResult): string {
  const how = r.better === 'higher' ? 'higher is better' : 'lower is better'
  return `  ${r.name}: ${formatNumber(r.value)} ${r.unit} vs ${formatNumber(r.baseline)} ${r.unit} (${r.baseline_name}) = ${r.ratio.toFixed(2)}× baseline, ${how}`
}

/** The result table printed at the end of a run (also used for docs/benchmarks.md). */
export function formatTable(results: readonly BenchResult[], skipped: readonly Skipped[]): string {
  const rows = results.map((r) => [
    r.name,
    `${formatNumber(r.value)} ${r.unit}`,
    `${formatNumber(r.baseline)} ${r.unit}`,
    `${r.ratio.toFixed(2)}×`,
    r.better === 'higher' ? '↑' : '↓',
    r.baseline_name,
  ])
  const header = ['figure', 'iii', 'baseline', 'ratio', 'better', 'baseline is']
  const lines = [header, ...rows].map((cells) => `| ${cells.join(' | ')} |`)
  lines.splice(1, 0, `|${header.map(() => '---').join('|')}|`)
  for (const s of skipped) lines.push(`| ${s.bench} | skipped: ${s.reason} | | | | |`)
  return lines.join('\n')
}

export interface RunReport {
  machine: Machine
  quick: boolean
  startedAt: string
  durationS: number
  command: string
  results: BenchResult[]
  skipped: Skipped[]
  failed: { bench: string; error: string }[]
}

export function writeReport(file: string, report: RunReport): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
}
