"""Conformance scenarios run with the published Python SDK (iii-sdk 0.25.0) as a real client.

Usage: python conformance.py <engine ws url> [scenario name ...]

Every worker and caller here is an `iii.register_worker` connection to the engine under test.
Prints ONE JSON line on stdout: {"sdk": ..., "scenarios": [{"name", "ok", "detail"}, ...]}.
Exit code 0 when every scenario passed, 1 otherwise, 2 on bad arguments.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import threading
import warnings
from importlib.metadata import version
from typing import Any, Callable

from harness import Failed, Outcome, Session, call_error, expect, list_functions, run_scenario, unique, wait_registered, wait_until
from iii import InvocationError, TriggerAction
from iii.triggers import TriggerConfig, TriggerHandler

# register_trigger_type / register_trigger are deprecated in 0.25.0 but are what the engine serves.
warnings.simplefilter("ignore", DeprecationWarning)

CONCURRENT_CALLS = 2_000
UUID_RE = re.compile(r"^[0-9a-f-]{36}$")


# ── scenarios ─────────────────────────────────────────────────────────────────


def sync_call(s: Session) -> str:
    b = s.connect()
    b.register_function("conf::echo", lambda data: {"echoed": data["value"]})
    a = s.connect()
    wait_registered(a, "conf::echo")
    result = a.trigger({"function_id": "conf::echo", "payload": {"value": 42}})
    expect(result == {"echoed": 42}, f"result {result!r}")
    return "echoed 42"


def void_call(s: Session) -> str:
    ran = Outcome()

    async def sink(data: Any) -> Any:
        ran.set(data["n"])
        return {"ignored": True}

    b = s.connect()
    b.register_function("conf::sink", sink)
    a = s.connect()
    wait_registered(a, "conf::sink")
    result = a.trigger({"function_id": "conf::sink", "payload": {"n": 7}, "action": TriggerAction.Void()})
    expect(result is None, f"void call returned {result!r}")
    n = ran.wait("the void handler")
    expect(n == 7, f"handler saw n={n!r}")
    return "resolved None, handler ran with n=7"


def enqueue_default(s: Session) -> str:
    ran = Outcome()

    async def job(data: Any) -> Any:
        ran.set(data["order"])
        return None

    b = s.connect()
    b.register_function("conf::job", job)
    a = s.connect()
    wait_registered(a, "conf::job")
    receipt = a.trigger(
        {"function_id": "conf::job", "payload": {"order": "o-1"}, "action": TriggerAction.Enqueue(queue="default")}
    )
    expect(isinstance(receipt, dict), f"receipt {receipt!r}")
    receipt_id = receipt.get("messageReceiptId")
    expect(isinstance(receipt_id, str) and UUID_RE.match(receipt_id) is not None, f"receipt {receipt!r}")
    order = ran.wait("the enqueued job")
    expect(order == "o-1", f"job saw order={order!r}")
    return f"receipt {receipt_id}, job ran"


def enqueue_unknown_queue(s: Session) -> str:
    a = s.connect()
    error = call_error(
        lambda: a.trigger(
            {"function_id": "conf::job", "payload": {}, "action": TriggerAction.Enqueue(queue="no-such-queue")}
        )
    )
    expect(error.code == "enqueue_error", f"code {error.code!r} ({error.message})")
    return f"{error.code}: {error.message}"


def handler_error(s: Session) -> str:
    async def boom(_data: Any) -> Any:
        raise RuntimeError("exploded on purpose")

    b = s.connect()
    b.register_function("conf::boom", boom)
    a = s.connect()
    wait_registered(a, "conf::boom")
    error = call_error(lambda: a.trigger({"function_id": "conf::boom", "payload": {}}))
    expect(error.code == "invocation_failed", f"code {error.code!r} ({error.message})")
    expect("exploded on purpose" in error.message, f"message {error.message!r}")
    return f"{error.code}: {error.message}"


def unknown_function(s: Session) -> str:
    a = s.connect()
    error = call_error(lambda: a.trigger({"function_id": "conf::missing", "payload": {}}))
    expect(error.code == "function_not_found", f"code {error.code!r} ({error.message})")
    expect("conf::missing" in error.message, f"message {error.message!r}")
    return f"{error.code}: {error.message}"


def callee_disconnect(s: Session) -> str:
    entered = Outcome()

    async def hang(_data: Any) -> Any:
        entered.set()
        await asyncio.sleep(3600)

    b = s.connect()
    b.register_function("conf::hang", hang)
    a = s.connect()
    wait_registered(a, "conf::hang")
    outcome = Outcome()

    def call() -> None:
        try:
            outcome.set(("result", a.trigger({"function_id": "conf::hang", "payload": {}, "timeout_ms": 20_000})))
        except Exception as error:  # noqa: BLE001 - inspected below
            outcome.set(("error", error))

    threading.Thread(target=call, daemon=True).start()
    entered.wait("the handler to start")
    s.close(b)
    kind, value = outcome.wait("the call to end after the callee left")
    expect(kind == "error" and isinstance(value, InvocationError), f"call ended with {kind} {value!r}")
    expect(value.code == "invocation_stopped", f"code {value.code!r} ({value.message})")
    return f"{value.code}: {value.message}"


def concurrent_calls(s: Session) -> str:
    async def double(data: Any) -> Any:
        return data["n"] * 2

    b = s.connect()
    b.register_function("conf::double", double)
    a = s.connect()
    wait_registered(a, "conf::double")

    async def run_all() -> list[Any]:
        calls = [a.trigger_async({"function_id": "conf::double", "payload": {"n": n}}) for n in range(CONCURRENT_CALLS)]
        return await asyncio.gather(*calls)

    results = asyncio.run(run_all())
    wrong = [(n, r) for n, r in enumerate(results) if r != n * 2]
    expect(not wrong, f"{len(wrong)} wrong answers, first {wrong[:3]!r}")
    return f"{CONCURRENT_CALLS} calls, each answered with its own n*2"


def discovery(s: Session) -> str:
    name = unique("disc")
    b = s.connect(name)
    b.register_function("conf::visible", lambda _data: None, description="shown in discovery")
    a = s.connect()
    fn = wait_registered(a, "conf::visible")
    expect(fn.get("worker_name") == name, f"function row {fn!r}")
    expect(fn.get("description") == "shown in discovery", f"function row {fn!r}")
    internal = [f["function_id"] for f in list_functions(a) if f["function_id"].startswith("engine::functions")]
    expect(not internal, f"engine functions listed: {internal!r}")

    def worker_row() -> dict[str, Any] | None:
        rows = a.trigger({"function_id": "engine::workers::list", "payload": {}})["workers"]
        return next((w for w in rows if w.get("name") == name and w.get("function_count") == 1), None)

    row = wait_until(worker_row, f"worker {name} with one function in engine::workers::list")
    expect(row.get("status") == "connected", f"worker row {row!r}")
    expect(row.get("runtime") == "python", f"worker row {row!r}")
    expect(row.get("version") == version("iii-sdk"), f"worker row {row!r}")
    info = a.trigger({"function_id": "engine::functions::info", "payload": {"function_id": "conf::visible"}})
    for key, wanted in (("function_id", "conf::visible"), ("namespace", "default"), ("worker_name", name)):
        expect(info.get(key) == wanted, f"functions::info {key}={info.get(key)!r}, wanted {wanted!r}")
    return f"function and worker {name} (runtime python {row.get('version')}) listed"


class TickTriggers(TriggerHandler[Any]):
    """A custom trigger type's provider side: records the bindings it is given."""

    def __init__(self, bound: Outcome) -> None:
        self.bound = bound

    async def register_trigger(self, config: TriggerConfig[Any]) -> None:
        self.bound.set(config)

    async def unregister_trigger(self, config: TriggerConfig[Any]) -> None:
        return None


def custom_trigger_type(s: Session) -> str:
    bound = Outcome()
    provider = s.connect()
    provider.register_trigger_type({"id": "conf-tick", "description": "test trigger type"}, TickTriggers(bound))
    fired = Outcome()

    async def on_tick(data: Any) -> Any:
        fired.set(data)
        return None

    consumer = s.connect()
    consumer.register_function("conf::on-tick", on_tick)
    consumer.register_trigger({"type": "conf-tick", "function_id": "conf::on-tick", "config": {"every": "now"}})
    binding = bound.wait("the binding to reach the provider")
    expect(binding.function_id == "conf::on-tick", f"binding {binding!r}")
    expect(binding.config == {"every": "now"}, f"binding config {binding.config!r}")
    provider.trigger({"function_id": binding.function_id, "payload": {"tick": 1}, "action": TriggerAction.Void()})
    data = fired.wait("the bound function to fire")
    expect(isinstance(data, dict) and data.get("tick") == 1, f"fired with {data!r}")
    return f"binding {binding.id} delivered, fired with tick=1"


def duplicate_function(s: Session) -> str:
    owner_name, second_name = unique("owner"), unique("second")
    owner = s.connect(owner_name)
    owner.register_function("conf::dup", lambda _data: "owner")
    a = s.connect()
    wait_registered(a, "conf::dup")
    # The second registration waits as a standby; clients that did not announce
    # notify_standby (this one) are not told, so nothing stops them.
    second = s.connect(second_name)
    second.register_function("conf::dup", lambda _data: "second")
    second.register_function("conf::dup-other", lambda _data: "other")
    wait_registered(a, "conf::dup-other")
    answers = {a.trigger({"function_id": "conf::dup", "payload": {}}) for _ in range(5)}
    expect(answers == {"owner"}, f"conf::dup answered {answers!r}")
    rows = [f for f in list_functions(a) if f["function_id"] == "conf::dup"]
    expect(len(rows) == 1 and rows[0].get("worker_name") == owner_name, f"conf::dup rows {rows!r}")
    other = a.trigger({"function_id": "conf::dup-other", "payload": {}})
    expect(other == "other", f"the rejected worker's other function answered {other!r}")
    return "second registration on standby, owner kept conf::dup, second worker still serves its other function"


ENGINE_HOST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance", "engine-host")


def _host_line(host: subprocess.Popen[str]) -> dict[str, Any]:
    assert host.stdout is not None
    for line in host.stdout:
        if line.startswith("{"):
            return json.loads(line)
    raise Failed(f"engine host exited with {host.wait()}")


def engine_restart(_s: Session) -> str:
    """A restartable engine of its own (tests/conformance/engine-host): restarted on the same port."""
    host = subprocess.Popen([ENGINE_HOST, "--restartable"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert host.stdin is not None
    try:
        ready = _host_line(host)
        expect(ready.get("event") == "ready", f"engine host said {ready!r}")
        own = Session(ready["url"])
        try:
            b = own.connect()
            b.register_function("conf::survivor", lambda data: "still here")
            a = own.connect()
            wait_registered(a, "conf::survivor")
            first = a.trigger({"function_id": "conf::survivor", "payload": {}})
            expect(first == "still here", f"before the restart: {first!r}")
            host.stdin.write("restart\n")
            host.stdin.flush()
            again = _host_line(host)
            expect(again.get("event") == "ready" and again.get("url") == ready["url"], f"restart: {again!r}")
            wait_until(
                lambda: a.trigger({"function_id": "conf::survivor", "payload": {}}) == "still here",
                "a call answered after the restart",
                timeout_s=40.0,
            )
        finally:
            own.close_all()
    finally:
        host.stdin.write("stop\n")
        host.stdin.flush()
        stopped = _host_line(host)
        host.wait(30)
    expect(not stopped.get("unhandled"), f"engine logged unhandled errors: {stopped.get('unhandled')}")
    return "reconnected, re-registered and answered after the restart"


SCENARIOS: list[tuple[str, Callable[[Session], str]]] = [
    ("sync call", sync_call),
    ("void call", void_call),
    ("enqueue to default", enqueue_default),
    ("enqueue to unknown queue", enqueue_unknown_queue),
    ("handler error", handler_error),
    ("unknown function", unknown_function),
    ("callee disconnect", callee_disconnect),
    ("concurrent calls", concurrent_calls),
    ("discovery", discovery),
    ("custom trigger type", custom_trigger_type),
    ("duplicate function id", duplicate_function),
    ("engine restart", engine_restart),
]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[1].startswith(("ws://", "wss://")):
        print("usage: conformance.py <engine ws:// url> [scenario name ...]", file=sys.stderr)
        return 2
    url, wanted = argv[1], set(argv[2:])
    unknown = wanted - {name for name, _ in SCENARIOS}
    if unknown:
        print(f"unknown scenario(s): {sorted(unknown)}", file=sys.stderr)
        return 2
    reports = [run_scenario(url, name, fn) for name, fn in SCENARIOS if not wanted or name in wanted]
    print(json.dumps({"sdk": f"iii-sdk {version('iii-sdk')}", "scenarios": reports}), flush=True)
    return 0 if all(r["ok"] for r in reports) else 1


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stderr.flush()
    # A worker thread stuck in the SDK must not keep the process alive after the report.
    os._exit(code)
