"""Channels with the Python client: a body streamed from one worker to another's handler."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest
from engine_host import EngineHost

import iii_client
from iii_client import IIIError, codes


async def test_a_streamed_body_reaches_the_handler_in_order(engine: EngineHost) -> None:
    async with await iii_client.connect(engine.url, worker_name="py-chan-b") as b, await iii_client.connect(
        engine.url, worker_name="py-chan-a"
    ) as a:

        async def digest(data: Any) -> Any:
            reader = await b.open_reader(data["body"])
            body = await reader.read_all()
            return {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}

        await b.register_function("py::digest", digest)
        big = bytes(range(256)) * 1000  # 256 KB: four 64 KiB frames
        writer_ref, reader_ref = await a.create_channel()
        call = asyncio.ensure_future(_call_when_registered(a, "py::digest", {"body": reader_ref}))
        writer = await a.open_writer(writer_ref)
        async with writer:
            await writer.write("head:")
            await writer.write(big)
            await writer.write(b":tail")
        expected = b"head:" + big + b":tail"
        assert await asyncio.wait_for(call, 60) == {
            "bytes": len(expected),
            "sha256": hashlib.sha256(expected).hexdigest(),
        }


async def _call_when_registered(worker: iii_client.Worker, function_id: str, data: Any) -> Any:
    while True:
        try:
            return await worker.call(function_id, data)
        except IIIError as error:
            if error.code != codes.FUNCTION_NOT_FOUND:
                raise
            await asyncio.sleep(0.05)


async def test_bad_channel_refs_are_refused_clearly(engine: EngineHost) -> None:
    async with await iii_client.connect(engine.url, worker_name="py-chan-bad") as a:
        with pytest.raises(IIIError) as not_a_ref:
            await a.open_reader({"channel_id": "x"})
        assert not_a_ref.value.code == codes.INVALID_ARGUMENTS
        writer_ref, reader_ref = await a.create_channel()
        with pytest.raises(IIIError) as wrong_end:
            await a.open_reader(writer_ref)
        assert wrong_end.value.code == codes.INVALID_ARGUMENTS
        with pytest.raises(IIIError) as wrong_key:
            await a.open_reader({**reader_ref, "access_key": "not-the-key"})
        assert wrong_key.value.code == codes.NOT_FOUND
        # The channel itself is untouched by the refused attempts.
        writer = await a.open_writer(writer_ref)
        reader = await a.open_reader(reader_ref)
        await writer.write(b"still works")
        await writer.close()
        assert await asyncio.wait_for(reader.read_all(), 30) == b"still works"
