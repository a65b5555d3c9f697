import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'tsdown'

const entry = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../sdk/node/src/browser/index.ts',
)

const page = `<!doctype html><meta charset="utf-8"><title>iii stream client</title>
<script type="module">
  import * as client from '/browser.js'
  window.iii = client
  window.ready = true
</script>`

export interface BrowserBundleServer {
  url: string
  close(): Promise<void>
}

/**
 * Bundles `iii-sdk/browser` for the browser platform (tsdown; no polyfills, so a Node built-in
 * would not load in the page) and serves it with a blank page on a loopback port.
 */
export async function serveBrowserClient(): Promise<BrowserBundleServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'iii-browser-client-'))
  await build({
    entry: { browser: entry },
    outDir,
    format: 'esm',
    platform: 'browser',
    dts: false,
    config: false,
    logLevel: 'silent',
  })
  const script = readFileSync(join(outDir, 'browser.js'), 'utf8')
  const server: Server = createServer((req, res) => {
    if (req.url === '/browser.js')
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(page)
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        rmSync(outDir, { recursive: true, force: true })
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
