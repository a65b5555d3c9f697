import { spawn } from 'node:child_process'
import { defineCommand } from 'citty'
import { connectionOf } from '../connection'
import { CliError } from '../errors'

/** The command that opens a URL in the desktop's browser, per platform. */
function opener(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]]
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '', url]]
  return ['xdg-open', [url]]
}

/** Resolves with the HTTP status of the console's `/api/info`, or rejects naming the reason. */
async function probe(url: string, timeoutMs: number): Promise<number> {
  try {
    const response = await fetch(`${url}/api/info`, { signal: AbortSignal.timeout(timeoutMs) })
    await response.body?.cancel()
    return response.status
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code
    const reason = cause === 'ECONNREFUSED' ? 'connection refused' : (err as Error).message
    throw new CliError(`no console at ${url}: ${reason}. Is the engine running (pnpm start)?`, 1)
  }
}

/** `iii console`: checks the console answers, prints its URL and opens it in the browser. */
export const consoleCommand = defineCommand({
  meta: { name: 'console', description: 'Open the console of a running engine in the browser' },
  args: {
    address: { type: 'string', default: '127.0.0.1', description: 'Console host' },
    port: { type: 'string', default: '3113', description: 'Console port' },
    open: {
      type: 'boolean',
      default: true,
      description: 'Open the browser (--no-open only prints the URL)',
    },
  },
  async run({ args }) {
    const { address, port } = connectionOf(args)
    const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`
    const status = await probe(url, 5000)
    const note = status === 401 ? ' (it needs a token: open it once with ?token=…)' : ''
    process.stdout.write(`${url}${note}\n`)
    if (!args.open) return
    const [command, commandArgs] = opener(url)
    const child = spawn(command, commandArgs, { detached: true, stdio: 'ignore' })
    child.on('error', () => process.stderr.write(`iii: could not start ${command}; open ${url}\n`))
    child.unref()
  },
})
