"""Channels (PROTOCOL.md section 8): one-way streams of text and binary frames between two ends,
created with ``engine::channels::create`` and opened on the worker listener's
``/ws/channels/{id}`` path. Refs are plain JSON and travel in payloads."""

from __future__ import annotations

from typing import Any, AsyncIterator, Union
from urllib.parse import quote, urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from . import _error_codes as codes
from ._protocol import StreamChannelRef
from .errors import IIIError

#: Binary writes are cut into frames of at most this size, like the Node SDK.
CHUNK_BYTES = 64 * 1024


def parse_ref(value: Any) -> StreamChannelRef:
    """A channel ref from a payload value; ``IIIError(INVALID_ARGUMENTS)`` when it is not one."""
    try:
        ref = StreamChannelRef.from_dict(value)
    except (KeyError, TypeError, AttributeError) as error:
        raise IIIError(codes.INVALID_ARGUMENTS, f"not a channel ref: {error!r}") from None
    if ref.direction not in ("read", "write") or not ref.channel_id or not ref.access_key:
        raise IIIError(codes.INVALID_ARGUMENTS, f"not a channel ref: {value!r}")
    return ref


def channel_url(engine_url: str, ref: StreamChannelRef) -> str:
    parts = urlsplit(engine_url)
    path = f"/ws/channels/{quote(ref.channel_id, safe='')}"
    query = f"key={quote(ref.access_key, safe='')}&dir={ref.direction}"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


async def _open(engine_url: str, ref: StreamChannelRef) -> ClientConnection:
    try:
        return await ws_connect(channel_url(engine_url, ref), max_size=None, compression=None)
    except InvalidStatus as error:
        raise IIIError(codes.NOT_FOUND, f"channel {ref.channel_id} refused: {error}") from None
    except OSError as error:
        raise IIIError(codes.UNAVAILABLE, f"channel {ref.channel_id}: {error}") from None


class ChannelWriter:
    """The writing end: ``await write(...)`` then ``await close()`` (or ``async with``)."""

    def __init__(self, ws: ClientConnection, ref: StreamChannelRef) -> None:
        self._ws = ws
        self.ref = ref

    async def write(self, data: Union[str, bytes]) -> None:
        try:
            if isinstance(data, str):
                await self._ws.send(data)
                return
            for start in range(0, len(data), CHUNK_BYTES):
                await self._ws.send(data[start : start + CHUNK_BYTES])
        except ConnectionClosed:
            raise IIIError(codes.CHANNEL_SEND_FAILED, f"channel {self.ref.channel_id} closed") from None

    async def close(self) -> None:
        await self._ws.close()

    async def __aenter__(self) -> "ChannelWriter":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class ChannelReader:
    """The reading end: ``async for frame in reader`` yields ``str`` and ``bytes`` frames in order
    until the writer closes."""

    def __init__(self, ws: ClientConnection, ref: StreamChannelRef) -> None:
        self._ws = ws
        self.ref = ref

    async def __aiter__(self) -> AsyncIterator[Union[str, bytes]]:
        try:
            async for message in self._ws:
                yield message
        except ConnectionClosed:
            return

    async def read_all(self) -> bytes:
        """Every frame, joined (text frames as UTF-8)."""
        out = bytearray()
        async for frame in self:
            out += frame.encode() if isinstance(frame, str) else frame
        return bytes(out)

    async def close(self) -> None:
        await self._ws.close()


async def open_writer(engine_url: str, ref: Any) -> ChannelWriter:
    parsed = parse_ref(ref)
    if parsed.direction != "write":
        raise IIIError(codes.INVALID_ARGUMENTS, "open_writer needs a ref with direction 'write'")
    return ChannelWriter(await _open(engine_url, parsed), parsed)


async def open_reader(engine_url: str, ref: Any) -> ChannelReader:
    parsed = parse_ref(ref)
    if parsed.direction != "read":
        raise IIIError(codes.INVALID_ARGUMENTS, "open_reader needs a ref with direction 'read'")
    return ChannelReader(await _open(engine_url, parsed), parsed)
