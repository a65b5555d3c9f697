/**
 * Prints a run's results (default benches/results/latest.json) as the Markdown that
 * docs/benchmarks.md holds: the machine, then every figure beside its baseline and the ratio.
 * Usage: `pnpm --filter @iii/benches table [file]`.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { repoRoot } from './core/child'
import { formatTable, type RunReport } from './core/report'

const file = resolve(
  process.env.INIT_CWD ?? process.cwd(),
  process.argv[2] ?? resolve(repoRoot, 'benches/results/latest.json'),
)
const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport
const m = report.machine
console.log(`Machine: ${m.nproc} × ${m.cpu}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}.`)
console.log(`Run: \`${report.command}\` at ${report.startedAt}, ${report.durationS} s.\n`)
console.log(formatTable(report.results, report.skipped))
for (const f of report.failed) {
  const lines = f.error.split('\n').filter((l) => l.trim() !== '')
  console.log(`\nFailed: **${f.bench}**\n\n\`\`\`\n${lines.slice(0, 6).join('\n')}\n\`\`\``)
}
