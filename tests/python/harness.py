"""The small harness conformance.py's scenarios run on: workers per scenario, waits, bounds."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any, Callable

from iii import InitOptions, InvocationError, register_worker

SCENARIO_TIMEOUT_S = 60.0
WAIT_S = 15.0
CALL_TIMEOUT_MS = 15_000


class Failed(Exception):
    """A scenario expectation that did not hold."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Outcome:
    """A value another thread delivers once (a handler ran, a binding arrived)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.value: Any = None

    def set(self, value: Any = None) -> None:
        if not self._event.is_set():
            self.value = value
            self._event.set()

    def wait(self, what: str, timeout_s: float = WAIT_S) -> Any:
        expect(self._event.wait(timeout_s), f"timed out after {timeout_s}s waiting for {what}")
        return self.value


class Session:
    """The workers one scenario opened; all are shut down when it ends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.workers: list[Any] = []

    def connect(self, name: str | None = None) -> Any:
        options = InitOptions(
            worker_name=name or unique("py"),
            enable_metrics_reporting=False,
            invocation_timeout_ms=CALL_TIMEOUT_MS,
            otel={"enabled": False},
        )
        worker = register_worker(self.url, options)
        self.workers.append(worker)
        expect(worker.get_connection_state() == "connected", f"worker state {worker.get_connection_state()}")
        return worker

    def close(self, worker: Any) -> None:
        """Shuts a worker down, bounded: a hanging shutdown is a failure, not a hung run."""
        if worker in self.workers:
            self.workers.remove(worker)
        done = threading.Thread(target=worker.shutdown, daemon=True)
        done.start()
        done.join(10)
        expect(not done.is_alive(), "worker.shutdown() did not return within 10s")

    def close_all(self) -> None:
        for worker in list(self.workers):
            self.close(worker)


def wait_until(check: Callable[[], Any], what: str, timeout_s: float = WAIT_S) -> Any:
    deadline = time.monotonic() + timeout_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - retried until the deadline
            last_error = error
        time.sleep(0.05)
    raise Failed(f"timed out after {timeout_s}s waiting for {what} (last error: {last_error!r})")


def list_functions(caller: Any) -> list[dict[str, Any]]:
    return caller.trigger({"function_id": "engine::functions::list", "payload": {}})["functions"]


def wait_registered(caller: Any, function_id: str) -> dict[str, Any]:
    return wait_until(
        lambda: next((f for f in list_functions(caller) if f["function_id"] == function_id), None),
        f"function {function_id} in engine::functions::list",
    )


def call_error(call: Callable[[], Any]) -> InvocationError:
    try:
        result = call()
    except InvocationError as error:
        return error
    raise Failed(f"expected an InvocationError, got result {result!r}")


def run_scenario(url: str, name: str, scenario: Callable[[Session], str]) -> dict[str, Any]:
    """Runs one scenario on a thread of its own, bounded by SCENARIO_TIMEOUT_S."""
    report: dict[str, Any] = {"name": name, "ok": False, "detail": f"did not finish within {SCENARIO_TIMEOUT_S}s"}

    def body() -> None:
        session = Session(url)
        try:
            detail = scenario(session)
            report.update(ok=True, detail=detail)
        except Exception as error:  # noqa: BLE001 - every failure becomes a report
            report.update(ok=False, detail=f"{type(error).__name__}: {error}")
        try:
            session.close_all()
        except Exception as error:  # noqa: BLE001
            report.update(ok=False, detail=f"{report['detail']}; cleanup failed: {error}")

    started = time.monotonic()
    thread = threading.Thread(target=body, daemon=True, name=f"scenario {name}")
    thread.start()
    thread.join(SCENARIO_TIMEOUT_S)
    report["ms"] = round((time.monotonic() - started) * 1000)
    return report
