/**
 * The child side of the runner protocol: a child reads its plan (one JSON argument) and reports
 * with `@@bench {json}` lines on stdout. Used by every process a bench starts.
 */
const prefix = '@@bench '

/** Sends one message to the runner. */
export function send(type: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${prefix}${JSON.stringify({ type, ...fields })}\n`)
}

/** The plan the runner passed as the first argument (JSON). */
export function readPlan<T>(): T {
  const text = process.argv[2]
  if (!text) throw new Error('missing plan argument')
  return JSON.parse(text) as T
}

/** Runs `main`; an error is reported to the runner and the process exits 1. */
export function runChild(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    send('error', { message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
    process.exit(1)
  })
}

/** Calls `cleanup` (once) on SIGTERM/SIGINT, then exits 0. */
export function onStop(cleanup: () => Promise<void> | void): void {
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    Promise.resolve()
      .then(cleanup)
      .finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

/** Commands from the runner, one JSON object per stdin line, until stdin closes. */
export async function* commands(): AsyncGenerator<Record<string, unknown>> {
  let buffered = ''
  for await (const chunk of process.stdin) {
    buffered += String(chunk)
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines)
      if (line.trim() !== '') yield JSON.parse(line) as Record<string, unknown>
  }
}
