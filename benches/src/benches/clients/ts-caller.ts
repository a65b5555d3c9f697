/**
 * The caller side of `pnpm bench --only clients` with our iii-sdk: the same steps as the
 * Python, Go and Rust callers. Args: URL FUNCTION SEQ_CALLS PIPE_MS INFLIGHT; prints one JSON line.
 */
import { registerWorker } from 'iii-sdk'

const [url = '', fn = '', seqArg = '0', pipeArg = '0', inflightArg = '1'] = process.argv.slice(2)
const worker = registerWorker(url, { workerName: 'bench-ts' })
for (let n = 0; n < 50; n++) {
  const out = (await worker.trigger({ function_id: fn, payload: { n } })) as { n: number }
  if (out.n !== n) throw new Error(`wrong answer ${JSON.stringify(out)}`)
}
const samples: number[] = []
for (let n = 0; n < Number(seqArg); n++) {
  const start = performance.now()
  await worker.trigger({ function_id: fn, payload: { n } })
  samples.push((performance.now() - start) * 1000)
}
samples.sort((a, b) => a - b)
let done = 0
const deadline = performance.now() + Number(pipeArg)
const start = performance.now()
await Promise.all(
  Array.from({ length: Number(inflightArg) }, async () => {
    while (performance.now() < deadline) {
      await worker.trigger({ function_id: fn, payload: { n: done } })
      done++
    }
  }),
)
const elapsedS = (performance.now() - start) / 1000
process.stdout.write(
  `${JSON.stringify({ seq_p50_us: samples[Math.floor(samples.length / 2)], calls_per_sec: done / elapsedS })}\n`,
)
await worker.shutdown()
