import type { Child } from './child'
import { commands, send } from './child-io'

/**
 * Child side of a stepped measurement: says `ready`, then runs each step the runner asks for
 * (stdin `{"step": i}`) and answers with `measurement` `{step, ...result}`, until stdin closes.
 */
export async function serveSteps(
  runStep: (step: number) => Promise<Record<string, unknown>>,
): Promise<void> {
  send('ready')
  for await (const command of commands()) {
    const step = Number(command.step)
    if (!Number.isInteger(step) || step < 0) break
    send('measurement', { step, ...(await runStep(step)) })
  }
}

/**
 * Runner side: asks every side for step 0, then step 1, …, rotating which side goes first, so
 * load from elsewhere on the machine falls on all sides alike. Returns each side's results.
 */
export async function alternateSteps(
  sides: Child[],
  steps: number,
  timeoutMs = 300_000,
): Promise<Record<string, unknown>[][]> {
  const results: Record<string, unknown>[][] = sides.map(() => [])
  for (let step = 0; step < steps; step++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (k + step) % sides.length
      const side = sides[index] as Child
      side.command({ step })
      results[index]?.push(await side.next('measurement', timeoutMs))
    }
  }
  return results
}
