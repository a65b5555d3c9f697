/**
 * Prints where a CPU profile spends its time: the top functions by self time, and the same rolled
 * up by file. Usage: `tsx src/profile/top-self-time.ts <file.cpuprofile> [--top 15]`.
 * Profiles come from `pnpm bench --only ws-invoke --profile-engine <dir>` (never committed).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { repoRoot } from '../core/child'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time in µs per node id: each sample's following time delta belongs to the sampled node. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number
    const delta = profile.timeDeltas[i + 1] ?? 0
    self.set(id, (self.get(id) ?? 0) + delta)
  }
  return self
}

const shortUrl = (url: string) =>
  url
    .replace(`file://${repoRoot}/`, '')
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')

function rollUp(profile: CpuProfile, keyOf: (n: ProfileNode) => string): [string, number][] {
  const self = selfTimes(profile)
  const totals = new Map<string, number>()
  for (const node of profile.nodes) {
    const us = self.get(node.id)
    if (us) totals.set(keyOf(node), (totals.get(keyOf(node)) ?? 0) + us)
  }
  return [...totals].sort((a, b) => b[1] - a[1])
}

function print(title: string, rows: [string, number][], totalUs: number, top: number): void {
  console.log(`\n${title}`)
  console.log('  self ms   self %  ')
  for (const [key, us] of rows.slice(0, top)) {
    console.log(
      `  ${(us / 1000).toFixed(1).padStart(7)}  ${((100 * us) / totalUs).toFixed(1).padStart(6)}%  ${key}`,
    )
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '15' } },
})
const file = positionals[0]
if (!file) {
  console.error('usage: tsx src/profile/top-self-time.ts <file.cpuprofile> [--top 15]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
const top = Number(values.top)
const totalUs = profile.timeDeltas.reduce((a, b) => a + b, 0)
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled`)
const where = (n: ProfileNode) =>
  n.callFrame.url ? `${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : '(native)'
print(
  `top ${top} functions by self time`,
  rollUp(profile, (n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n)}`),
  totalUs,
  top,
)
print(
  `top ${top} files by self time`,
  rollUp(profile, (n) =>
    n.callFrame.url ? shortUrl(n.callFrame.url) : `(${n.callFrame.functionName})`,
  ),
  totalUs,
  top,
)
