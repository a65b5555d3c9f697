import autocannon from 'autocannon'

/** autocannon's latency resolution. */
const latencyFloorMs = 1

export interface Load {
  reqPerSec: number
  p99Ms: number
}

/** Checks one request by hand: status 200 and the echoed path parameter. */
export async function checkRoute(url: string, id: string): Promise<string | undefined> {
  try {
    const res = await fetch(url)
    const text = await res.text()
    if (res.status !== 200) return `status ${res.status}: ${text.slice(0, 200)}`
    const body = JSON.parse(text) as { ok?: unknown; id?: unknown }
    return body.ok === true && body.id === id ? undefined : `unexpected body ${text.slice(0, 200)}`
  } catch (err) {
    return (err as Error).message
  }
}

/** Polls until the route answers correctly. */
export async function waitForRoute(url: string, id: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const problem = await checkRoute(url, id)
    if (!problem) return
    if (Date.now() > deadline) throw new Error(`${url} never answered correctly: ${problem}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** autocannon at `connections` for `durationS`; every response must be a 2xx with the right body. */
export async function load(
  url: string,
  connections: number,
  durationS: number,
  id: string,
): Promise<Load> {
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    pipelining: 1,
    verifyBody: (b) => b.includes(`"id":"${id}"`),
  })
  const bad = result.errors + result.timeouts + result.non2xx + result.mismatches
  if (bad > 0 || result.requests.total === 0) {
    throw new Error(
      `${url} at ${connections} connections: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches} wrong bodies`,
    )
  }
  // autocannon records whole milliseconds: a p99 under 1 ms reads 0, so 1 ms is the floor.
  return { reqPerSec: result.requests.average, p99Ms: Math.max(result.latency.p99, latencyFloorMs) }
}
