import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js'

export interface ProgressOptions {
  token: string | number
  intervalMs: number
  functionId: string
  send(notification: ServerNotification): Promise<void>
}

/**
 * Reports progress of a running call every `intervalMs` (elapsed seconds; the total is unknown)
 * until the returned function runs.
 */
export function startProgress(options: ProgressOptions): () => void {
  const started = Date.now()
  let ticks = 0
  const timer = setInterval(() => {
    ticks++
    const seconds = Math.round((Date.now() - started) / 100) / 10
    options
      .send({
        method: 'notifications/progress',
        params: {
          progressToken: options.token,
          progress: ticks,
          message: `${options.functionId} running for ${seconds} s`,
        },
      })
      .catch(() => {})
  }, options.intervalMs)
  timer.unref?.()
  return () => clearInterval(timer)
}
