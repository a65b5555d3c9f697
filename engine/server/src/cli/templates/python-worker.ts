/** The example worker of a Python project (the iii_client package of sdk/python). */
export function pythonWorkerSource(name: string): string {
  return `"""The ${name} worker: an HTTP route, a queue consumer and a cron job."""

import asyncio
import os

import iii_client

# \`iii worker add\` hands the engine's URL to the process; under \`iii dev\` the port comes from
# III_PORT, as in config.yaml.
URL = os.environ.get("III_URL") or f"ws://127.0.0.1:{os.environ.get('III_PORT', '49134')}"
NAME = os.environ.get("III_WORKER_NAME", "${name}")


async def main() -> None:
    async with await iii_client.connect(URL, worker_name=NAME) as worker:
        # An HTTP route: GET /${name}?name=you
        async def greet(req: dict) -> dict:
            who = (req.get("query_params") or {}).get("name", "world")
            if isinstance(who, list):
                who = who[0] if who else "world"
            await worker.call("iii::durable::publish", {"topic": "${name}-greetings", "data": {"name": who}})
            return {"status_code": 200, "body": {"message": f"Hello, {who}!"}}

        await worker.register_function("${name}::greet", greet)
        await worker.register_trigger("http", "${name}::greet", {"api_path": "/${name}", "http_method": "GET"})

        # A queue consumer: every greeting is published to a durable topic and handled here.
        async def on_greeting(job: dict) -> None:
            print(f"greeted {job['name']}", flush=True)

        await worker.register_function("${name}::on-greeting", on_greeting)
        await worker.register_trigger("durable:subscriber", "${name}::on-greeting", {"topic": "${name}-greetings"})

        # A cron job: every minute.
        async def tick(_: dict) -> None:
            print("tick", flush=True)

        await worker.register_function("${name}::tick", tick)
        await worker.register_trigger("cron", "${name}::tick", {"expression": "0 * * * * *"})

        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
`
}

/** requirements.txt: the Python client from its directory (sdk/python of the iii repository). */
export function pythonRequirements(clientDir: string): string {
  return `# The iii Python client (sdk/python of the iii repository).\n${clientDir}\n`
}
