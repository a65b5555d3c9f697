/** The part of autocannon 8's programmatic API the http bench uses (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    url: string
    connections?: number
    /** Seconds. */
    duration?: number
    pipelining?: number
    timeout?: number
    verifyBody?: (body: string) => boolean
  }
  interface Histogram {
    average: number
    p50: number
    p99: number
  }
  interface Result {
    requests: Histogram & { total: number }
    /** Milliseconds. */
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    mismatches: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
