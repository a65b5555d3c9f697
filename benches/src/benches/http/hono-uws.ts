/**
 * The http bench baseline: a bare Hono app on uWebSockets.js answering the same route directly,
 * through a minimal uWS → fetch `Request` → uWS bridge (GET only, which is all the bench sends).
 */

import uWS from 'uWebSockets.js'
import { STATUS_CODES } from 'node:http'
import { Hono } from 'hono'
import { onStop, runChild, send } from '../../core/child-io'

const app = new Hono()
app.get('/bench/item/:id', (c) => c.json({ ok: true, id: c.req.param('id') }))

function serve(res: uWS.HttpResponse, req: uWS.HttpRequest): void {
  let aborted = false
  res.onAborted(() => {
    aborted = true
  })
  const query = req.getQuery()
  const url = `http://127.0.0.1${req.getUrl()}${query ? `?${query}` : ''}`
  const headers = new Headers()
  req.forEach((k, v) => {
    headers.append(k, v)
  })
  const request = new Request(url, { method: req.getMethod().toUpperCase(), headers })
  void (async () => {
    const response = await app.fetch(request)
    const body = Buffer.from(await response.arrayBuffer())
    if (aborted) return
    res.cork(() => {
      res.writeStatus(`${response.status} ${STATUS_CODES[response.status] ?? ''}`)
      response.headers.forEach((value, key) => {
        res.writeHeader(key, value)
      })
      res.end(body)
    })
  })()
}

runChild(async () => {
  const server = uWS.App().any('/*', serve)
  const socket = await new Promise<uWS.us_listen_socket>((resolve, reject) =>
    server.listen('127.0.0.1', 0, (s) =>
      s ? resolve(s) : reject(new Error('hono-uws could not listen')),
    ),
  )
  onStop(() => uWS.us_listen_socket_close(socket))
  send('ready', { port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) })
})
