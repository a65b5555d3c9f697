/**
 * `pnpm bench`: runs every bench (or `--only` some), prints one JSON line per figure plus a
 * human summary, writes benches/results/latest.json and prints the table. See docs/benchmarks.md.
 */
import { mkdirSync } from 'node:fs'
import { benches } from './benches/index'
import { parseCliArgs, usage } from './core/args'
import { signalAllChildren } from './core/child'
import { formatTable, writeReport } from './core/report'
import { runBenches } from './core/runner'

/** Set on SIGINT/SIGTERM: no further bench starts and no results are written. */
let interrupted = false

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2))
  if (args.help) {
    console.log(usage)
    return 0
  }
  if (args.list) {
    for (const b of benches) console.log(`${b.name.padEnd(22)} ${b.description}`)
    return 0
  }
  const unknown = args.only.filter((name) => !benches.some((b) => b.name === name))
  if (unknown.length > 0) {
    console.error(
      `unknown bench: ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`,
    )
    return 2
  }
  const selected =
    args.only.length === 0 ? benches : benches.filter((b) => args.only.includes(b.name))
  const engineNodeArgs: string[] = []
  if (args.profileEngineDir) {
    mkdirSync(args.profileEngineDir, { recursive: true })
    engineNodeArgs.push('--cpu-prof', `--cpu-prof-dir=${args.profileEngineDir}`)
  }
  const report = await runBenches(selected, {
    quick: args.quick,
    engineNodeArgs,
    print: (line) => console.log(line),
    interrupted: () => interrupted,
  })
  if (interrupted) {
    console.error('interrupted: results not written')
    return 130
  }
  writeReport(args.out, report)
  console.log(`\n${formatTable(report.results, report.skipped)}\n`)
  const m = report.machine
  console.log(
    `${m.nproc} × ${m.cpu}, Node ${m.node}; ${report.durationS} s; results in ${args.out}`,
  )
  for (const f of report.failed) console.error(`FAILED ${f.bench}: ${f.error}`)
  return report.failed.length > 0 ? 1 : 0
}

// Children lead their own process groups, so Ctrl-C does not reach them: pass it on.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true
    signalAllChildren('SIGTERM')
    setTimeout(() => {
      signalAllChildren('SIGKILL')
      process.exit(130)
    }, 2000).unref()
  })
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    console.error(usage)
    process.exit(2)
  },
)
