"""One hop of the cross-language chain: serves FUNCTION by calling NEXT with its own hop added.

Usage: chain.py URL FUNCTION NEXT. Prints "ready" once registered; exits when stdin closes.
"""

import asyncio
import sys

import iii_client


async def main(url: str, function_id: str, next_id: str) -> None:
    async with await iii_client.connect(url, worker_name=f"chain-python-{function_id}") as worker:

        async def hop(data: dict) -> dict:
            trace_id = iii_client.trace_id_of(iii_client.current_traceparent())
            path = [*data.get("path", []), {"lang": "python", "trace_id": trace_id}]
            return await worker.call(next_id, {"path": path})

        await worker.register_function(function_id, hop)
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
