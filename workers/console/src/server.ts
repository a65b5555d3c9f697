import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { getRequestListener } from '@hono/node-server'
import type { Logger } from '@iii/core'
import { WebSocketServer } from 'ws'
import { createApi } from './api'
import { type BrowserRequest, createConsoleAuth } from './auth'
import type { EngineLink } from './engine-link'
import type { ProbeOptions } from './http-probe'
import { LiveHub } from './live-hub'
import { staticFiles } from './static-files'

export interface ConsoleServerOptions {
  host: string
  port: number
  staticDir: string
  link: EngineLink
  logger: Logger
  authToken?: string
  authFunctionId?: string
  pollIntervalMs: number
  tailIntervalMs: number
  /** @default 1048576 */
  bodyLimitBytes?: number
  info(): Record<string, unknown>
  /** Where "send a test request" goes. */
  probe: ProbeOptions
  /** The worker's instance name (`iii-console`). */
  selfName: string
}

export interface ConsoleServer {
  readonly host: string
  readonly port: number
  readonly hub: LiveHub
  close(): Promise<void>
}

/** Starts the console's HTTP server and its live WebSocket (`/api/live`). */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const authorize = createConsoleAuth({
    token: options.authToken,
    functionId: options.authFunctionId,
    link: options.link,
  })
  const bodyLimitBytes = options.bodyLimitBytes ?? 1024 * 1024
  const api = createApi({
    bodyLimitBytes,
    link: options.link,
    authorize,
    info: options.info,
    probe: options.probe,
    selfName: options.selfName,
    serveFile: staticFiles(options.staticDir),
  })
  const listener = getRequestListener(api.fetch, { overrideGlobalObjects: false })
  const server = createServer((req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > bodyLimitBytes) return refuseBody(req, res)
    void listener(req, res)
  })
  const hub = new LiveHub({
    link: options.link,
    pollIntervalMs: options.pollIntervalMs,
    tailIntervalMs: options.tailIntervalMs,
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    void upgrade({ req, socket, head, wss, hub, authorize }).catch((err: Error) => {
      options.logger.warn('console live socket refused', { reason: err.message })
      socket.destroy()
    })
  })
  await listen(server, options.host, options.port)
  const port = (server.address() as AddressInfo).port
  options.logger.info('console ready', { url: `http://${options.host}:${port}` })
  return {
    host: options.host,
    port,
    hub,
    async close() {
      hub.close()
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

interface Upgrade {
  req: IncomingMessage
  socket: Duplex
  head: Buffer
  wss: WebSocketServer
  hub: LiveHub
  authorize(request: BrowserRequest): Promise<boolean>
}

async function upgrade({ req, socket, head, wss, hub, authorize }: Upgrade): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://console').pathname
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  )
  if (path !== '/api/live') return refuse(socket, 404, 'Not Found')
  const allowed = await authorize({ headers, ipAddress: req.socket.remoteAddress ?? '', path })
  if (!allowed) return refuse(socket, 401, 'Unauthorized')
  wss.handleUpgrade(req, socket, head, (ws) => hub.attach(ws))
}

/** Answers 413 at once and reads the rest of the body away, so the client sees the answer. */
function refuseBody(req: IncomingMessage, res: ServerResponse): void {
  req.resume()
  res.writeHead(413, { 'content-type': 'application/json' })
  res.end(
    JSON.stringify({
      error: { code: 'INVALID_ARGUMENTS', message: 'the request body is too large' },
    }),
  )
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\ncontent-length: 0\r\n\r\n`)
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
