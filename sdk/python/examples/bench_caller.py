"""The caller side of `pnpm bench --only clients`: sequential latency, then calls at N in flight.

Usage: bench_caller.py URL FUNCTION SEQ_CALLS PIPE_MS INFLIGHT. Prints one JSON line.
"""

import asyncio
import json
import statistics
import sys
import time

import iii_client


async def main(url: str, function_id: str, seq_calls: int, pipe_ms: int, inflight: int) -> None:
    async with await iii_client.connect(url, worker_name="bench-python") as worker:
        for n in range(50):
            assert await worker.call(function_id, {"n": n}) == {"n": n}, "wrong answer"
        samples = []
        for n in range(seq_calls):
            start = time.perf_counter()
            await worker.call(function_id, {"n": n})
            samples.append((time.perf_counter() - start) * 1e6)
        done = 0
        deadline = time.perf_counter() + pipe_ms / 1000

        async def lane() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                await worker.call(function_id, {"n": done})
                done += 1

        start = time.perf_counter()
        await asyncio.gather(*(lane() for _ in range(inflight)))
        elapsed = time.perf_counter() - start
        print(json.dumps({"seq_p50_us": statistics.median(samples), "calls_per_sec": done / elapsed}), flush=True)


if __name__ == "__main__":
    a = sys.argv
    asyncio.run(main(a[1], a[2], int(a[3]), int(a[4]), int(a[5])))
