"""The shared scenario list (tests/conformance/scenarios.json), run with the Python client."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any, Awaitable, Callable, Dict

import pytest
from conftest import scenarios_for
from engine_host import EngineHost

import iii_client
from iii_client import IIIError, ReconnectOptions, TriggerBinding, Worker, codes

WAIT_S = 30.0
FAST = ReconnectOptions(initial_delay_ms=50, max_delay_ms=300)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Session:
    """The workers one scenario opens; all are closed when it ends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.workers: list[Worker] = []

    async def connect(self, name: str | None = None, url: str | None = None) -> Worker:
        worker = await asyncio.wait_for(
            iii_client.connect(url or self.url, worker_name=name or unique("py"), reconnect=FAST), WAIT_S
        )
        self.workers.append(worker)
        return worker

    async def close(self) -> None:
        for worker in self.workers:
            await asyncio.wait_for(worker.close(), WAIT_S)


async def registered(caller: Worker, function_id: str) -> dict[str, Any]:
    """Waits until the engine lists ``function_id``."""
    async def poll() -> dict[str, Any]:
        while True:
            listed = await caller.call("engine::functions::list", {})
            hit = next((f for f in listed["functions"] if f["function_id"] == function_id), None)
            if hit:
                return hit
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(poll(), WAIT_S)


async def call_error(call: Awaitable[Any]) -> IIIError:
    try:
        result = await call
    except IIIError as error:
        return error
    raise AssertionError(f"expected an IIIError, got {result!r}")


async def sync_call(s: Session, sc: dict[str, Any]) -> None:
    b = await s.connect()
    await b.register_function(sc["function"], lambda data: _echo(data))
    a = await s.connect()
    await registered(a, sc["function"])
    assert await a.call(sc["function"], sc["payload"]) == sc["expect"]["result"]


async def _echo(data: Any) -> Any:
    return {"echoed": data["value"]}


async def void_call(s: Session, sc: dict[str, Any]) -> None:
    seen: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    async def sink(data: Any) -> Any:
        seen.set_result(data["n"])
        return {"ignored": True}

    b = await s.connect()
    await b.register_function(sc["function"], sink)
    a = await s.connect()
    await registered(a, sc["function"])
    assert await a.call(sc["function"], sc["payload"], action=iii_client.Void()) is None
    assert await asyncio.wait_for(seen, WAIT_S) == sc["expect"]["handler_saw"]


async def enqueue_call(s: Session, sc: dict[str, Any]) -> None:
    seen: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    async def job(data: Any) -> Any:
        if not seen.done():
            seen.set_result(data["order"])
        return None

    b = await s.connect()
    await b.register_function(sc["function"], job)
    a = await s.connect()
    await registered(a, sc["function"])
    receipt = await a.call(sc["function"], sc["payload"], action=iii_client.Enqueue(sc["queue"]))
    assert re.match(sc["expect"]["receipt_pattern"], receipt["messageReceiptId"])
    assert await asyncio.wait_for(seen, WAIT_S) == sc["expect"]["handler_saw"]


async def enqueue_unknown_queue(s: Session, sc: dict[str, Any]) -> None:
    a = await s.connect()
    err = await call_error(a.call(sc["function"], sc["payload"], action=iii_client.Enqueue(sc["queue"])))
    assert err.code == sc["expect"]["error_code"] == codes.ENQUEUE_ERROR


async def handler_error(s: Session, sc: dict[str, Any]) -> None:
    async def boom(_: Any) -> Any:
        raise RuntimeError(sc["message"])

    b = await s.connect()
    await b.register_function(sc["function"], boom)
    a = await s.connect()
    await registered(a, sc["function"])
    err = await call_error(a.call(sc["function"], {}))
    assert err.code == sc["expect"]["error_code"] == codes.INVOCATION_FAILED
    assert sc["expect"]["message_contains"] in err.message


async def unknown_function(s: Session, sc: dict[str, Any]) -> None:
    a = await s.connect()
    err = await call_error(a.call(sc["function"], {}))
    assert err.code == sc["expect"]["error_code"] == codes.FUNCTION_NOT_FOUND
    assert sc["expect"]["message_contains"] in err.message
    assert err.info is not None and err.info.status == 404


async def callee_disconnect(s: Session, sc: dict[str, Any]) -> None:
    entered = asyncio.Event()

    async def hang(_: Any) -> Any:
        entered.set()
        await asyncio.Event().wait()

    b = await s.connect()
    await b.register_function(sc["function"], hang)
    a = await s.connect()
    await registered(a, sc["function"])
    call = asyncio.ensure_future(a.call(sc["function"], {}, timeout_ms=sc["timeout_ms"]))
    await asyncio.wait_for(entered.wait(), WAIT_S)
    await b.close()
    err = await call_error(call)
    assert err.code == sc["expect"]["error_code"] == codes.INVOCATION_STOPPED


async def concurrent_calls(s: Session, sc: dict[str, Any]) -> None:
    async def double(data: Any) -> Any:
        return data["n"] * 2

    b = await s.connect()
    await b.register_function(sc["function"], double)
    a = await s.connect()
    await registered(a, sc["function"])
    n = sc["count"]
    results = await asyncio.gather(*(a.call(sc["function"], {"n": i}) for i in range(n)))
    assert results == [i * 2 for i in range(n)]


async def discovery(s: Session, sc: dict[str, Any]) -> None:
    name = unique("disc")

    async def visible(_: Any) -> Any:
        return None

    b = await s.connect(name)
    await b.register_function(sc["function"], visible, description=sc["description"])
    a = await s.connect()
    listed = await registered(a, sc["function"])
    assert listed["worker_name"] == name and listed["description"] == sc["description"]
    functions = (await a.call("engine::functions::list", {}))["functions"]
    assert not any(f["function_id"].startswith("engine::functions") for f in functions)
    rows = (await a.call("engine::workers::list", {}))["workers"]
    row = next(r for r in rows if r["name"] == name)
    assert row["status"] == sc["expect"]["status"] and row["function_count"] == sc["expect"]["function_count"]
    info = await a.call("engine::functions::info", {"function_id": sc["function"]})
    assert info["function_id"] == sc["function"] and info["namespace"] == sc["expect"]["namespace"]
    assert info["worker_name"] == name


async def custom_trigger_type(s: Session, sc: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    bound: asyncio.Future[TriggerBinding] = loop.create_future()
    fired: asyncio.Future[Any] = loop.create_future()

    class Provider:
        async def register_trigger(self, binding: TriggerBinding) -> None:
            if not bound.done():
                bound.set_result(binding)

        async def unregister_trigger(self, binding: TriggerBinding) -> None:
            return None

    async def on_tick(data: Any) -> Any:
        if not fired.done():
            fired.set_result(data)
        return None

    provider = await s.connect()
    await provider.register_trigger_type(sc["trigger_type"], "test trigger type", Provider())
    consumer = await s.connect()
    await consumer.register_function(sc["function"], on_tick)
    await consumer.register_trigger(sc["trigger_type"], sc["function"], sc["config"])
    binding = await asyncio.wait_for(bound, WAIT_S)
    assert binding.function_id == sc["function"] and binding.config == sc["config"]
    await provider.call(binding.function_id, sc["payload"], action=iii_client.Void())
    data = await asyncio.wait_for(fired, WAIT_S)
    assert {k: data[k] for k in sc["expect"]["handler_saw"]} == sc["expect"]["handler_saw"]


async def engine_restart(s: Session, sc: dict[str, Any]) -> None:
    host = await EngineHost.start(restartable=True)
    try:
        async def survivor(_: Any) -> Any:
            return sc["expect"]["result"]

        b = await s.connect(url=host.url)
        await b.register_function(sc["function"], survivor)
        a = await s.connect(url=host.url)
        await registered(a, sc["function"])
        assert await a.call(sc["function"], {}) == sc["expect"]["result"]
        await host.restart()

        async def answered() -> Any:
            while True:
                try:
                    return await a.call(sc["function"], {}, timeout_ms=1000)
                except IIIError:
                    await asyncio.sleep(0.1)

        assert await asyncio.wait_for(answered(), WAIT_S) == sc["expect"]["result"]
    finally:
        await s.close()
        s.workers.clear()
        assert not await host.stop()


IMPLEMENTED: Dict[str, Callable[[Session, dict[str, Any]], Awaitable[None]]] = {
    "sync-call": sync_call,
    "void-call": void_call,
    "enqueue-call": enqueue_call,
    "enqueue-unknown-queue": enqueue_unknown_queue,
    "handler-error": handler_error,
    "unknown-function": unknown_function,
    "callee-disconnect": callee_disconnect,
    "concurrent-calls": concurrent_calls,
    "discovery": discovery,
    "custom-trigger-type": custom_trigger_type,
    "engine-restart": engine_restart,
}

# The chain runs once, from tests/conformance/chain.test.ts, with every language at once.
RUN_ELSEWHERE = {"cross-language-chain"}


@pytest.mark.parametrize(
    "sc", [sc for sc in scenarios_for("python") if sc["id"] not in RUN_ELSEWHERE], ids=lambda sc: sc["id"]
)
async def test_scenario(engine: EngineHost, sc: dict[str, Any]) -> None:
    scenario = IMPLEMENTED.get(sc["id"])
    assert scenario is not None, f"scenario {sc['id']} of scenarios.json has no Python implementation"
    session = Session(engine.url)
    try:
        await asyncio.wait_for(scenario(session, sc), 120)
    finally:
        await session.close()
