/**
 * `pnpm conformance:diff`: runs the same scripted calls through the published iii-sdk against
 * our engine and the reference binary, and prints every difference in result shape, error code,
 * error message class and HTTP status/body. Not part of `pnpm test`.
 *
 * The reference binary is `../shared/reference/iii` beside the repository, or `III_REFERENCE_BIN`.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { connectWorker, type StepContext, stepContext } from './client'
import { compareOutcomes, type Difference, formatReport, type Outcome } from './compare'
import { type DiffEngine, defaultReferencePath, startOurs, startReference } from './engines'
import { registerHelpers } from './helpers'
import { type Step, scriptedSteps } from './scenarios'
import { triageOf } from './triage'

const binary = process.env.III_REFERENCE_BIN ?? defaultReferencePath

async function ready(ctx: StepContext, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const fn = await ctx.call('diff::echo', {})
    const route = await ctx.http('GET', '/diff/echo/1').catch(() => undefined)
    if (fn.kind === 'result' && route?.kind === 'http' && route.status === 200) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${ctx.engine.name}: helper functions and routes not live in ${timeoutMs} ms`)
}

interface Session {
  ctx: StepContext
  close(): Promise<void>
}

async function open(engine: DiffEngine): Promise<Session> {
  const helper = connectWorker(engine, 'diff-helper')
  registerHelpers(helper)
  const caller = connectWorker(engine, 'diff-caller')
  // The reference holds a connection's registrations for its namespace grace period.
  await new Promise((r) => setTimeout(r, engine.graceMs))
  const ctx = stepContext(engine, caller)
  await ready(ctx, 20_000)
  return {
    ctx,
    close: async () => {
      await caller.shutdown()
      await helper.shutdown()
    },
  }
}

async function runAll(ctx: StepContext, steps: Step[]): Promise<Outcome[]> {
  const out: Outcome[] = []
  for (const step of steps) {
    try {
      out.push(await step.run(ctx))
    } catch (err) {
      out.push({ kind: 'error', code: 'runner', message: (err as Error).message })
    }
  }
  return out
}

const placeholders = (e: DiffEngine): [string, string][] => [
  [`127.0.0.1:${e.httpPort}`, '127.0.0.1:<http-port>'],
  [`127.0.0.1:${e.wsPort}`, '127.0.0.1:<ws-port>'],
]

/** `III_DIFF_DUMP=<file>`: every step's raw outcome on both engines, as JSON. */
function dump(file: string, steps: Step[], mine: Outcome[], theirs: Outcome[]): void {
  const rows = steps.map((s, i) => ({ step: s.name, ours: mine[i], reference: theirs[i] }))
  writeFileSync(file, JSON.stringify(rows, null, 2))
}

async function main(): Promise<void> {
  if (!existsSync(binary)) {
    process.stdout.write(
      `conformance:diff skipped: no reference binary at ${binary} (set III_REFERENCE_BIN to run it).\n`,
    )
    return
  }
  const ours = await startOurs()
  let reference: DiffEngine | undefined
  const sessions: Session[] = []
  try {
    reference = await startReference(binary)
    const [a, b] = await Promise.all([open(ours), open(reference)])
    sessions.push(a, b)
    const onlyOurs = ours.builtinIds.filter((id) => !reference?.builtinIds.includes(id))
    const onlyTheirs = reference.builtinIds.filter((id) => !ours.builtinIds.includes(id))
    const steps = scriptedSteps([...new Set([...ours.builtinIds, ...reference.builtinIds])])
    const [mine, theirs] = await Promise.all([runAll(a.ctx, steps), runAll(b.ctx, steps)])
    if (process.env.III_DIFF_DUMP) dump(process.env.III_DIFF_DUMP, steps, mine, theirs)
    const differences: Difference[] = steps.flatMap((step, i) =>
      compareOutcomes(step.name, mine[i] as Outcome, theirs[i] as Outcome, {
        ours: { replacements: placeholders(ours) },
        reference: { replacements: placeholders(reference as DiffEngine) },
      }),
    )
    process.stdout.write(`Built-in functions only in ours: ${onlyOurs.sort().join(', ') || '-'}\n`)
    process.stdout.write(
      `Built-in functions only in the reference: ${onlyTheirs.sort().join(', ') || '-'}\n`,
    )
    process.stdout.write(`${formatReport(differences, steps.length, triageOf)}\n`)
  } finally {
    for (const s of sessions) await s.close().catch(() => {})
    await reference?.stop()
    await ours.stop()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`conformance:diff failed: ${(err as Error).stack ?? err}\n`)
    process.exit(1)
  },
)
