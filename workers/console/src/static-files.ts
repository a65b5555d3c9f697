import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/**
 * Serves the built app from `dir`: a file under it, else `index.html` so every deep link loads
 * the app (the router takes it from there). Paths never leave `dir`.
 */
export function staticFiles(dir: string) {
  const root = normalize(dir + sep)
  return async (pathname: string): Promise<Response> => {
    const file = normalize(join(root, decodeURIComponent(pathname)))
    const inside = file.startsWith(root) && file !== root
    const target = inside && (await isFile(file)) ? file : join(root, 'index.html')
    try {
      const body = await readFile(target)
      const hashed = target.includes(`${sep}assets${sep}`)
      return new Response(body, {
        headers: {
          'content-type': types[extname(target)] ?? 'application/octet-stream',
          'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        },
      })
    } catch {
      return new Response('the console app is not built (pnpm build)', { status: 503 })
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
