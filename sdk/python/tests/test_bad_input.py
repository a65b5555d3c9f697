"""Bad input to the Python client's entry points gets a clear IIIError and loses nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from engine_host import EngineHost

import iii_client
from iii_client import IIIError, codes


async def test_bad_input_is_refused_with_registry_codes(engine: EngineHost) -> None:
    async with await iii_client.connect(engine.url, worker_name="py-bad-input") as worker:
        with pytest.raises(IIIError) as empty:
            await worker.register_function("", lambda data: data)
        assert empty.value.code == codes.INVALID_ARGUMENTS

        with pytest.raises(IIIError) as unserializable:
            await worker.call("engine::functions::list", {"x": object()})
        assert unserializable.value.code == codes.SERIALIZATION_ERROR

        async def bad_result(_: Any) -> Any:
            return {"x": object()}

        await worker.register_function("py::bad-result", bad_result)
        with pytest.raises(IIIError) as bad:
            await asyncio.wait_for(_eventually(worker, "py::bad-result"), 30)
        assert bad.value.code == codes.SERIALIZATION_ERROR

        # The connection still works after all of it.
        listed = await worker.call("engine::functions::list", {})
        assert any(f["function_id"] == "py::bad-result" for f in listed["functions"])


async def _eventually(worker: iii_client.Worker, function_id: str) -> Any:
    while True:
        try:
            return await worker.call(function_id, {})
        except IIIError as error:
            if error.code != codes.FUNCTION_NOT_FOUND:
                raise
            await asyncio.sleep(0.05)


async def test_connect_to_nothing_fails_clearly() -> None:
    options = iii_client.WorkerOptions(reconnect=iii_client.ReconnectOptions(max_retries=0))
    with pytest.raises(IIIError) as refused:
        await asyncio.wait_for(iii_client.connect("ws://127.0.0.1:9", options), 30)
    assert refused.value.code == codes.UNAVAILABLE
