"""Drives tests/conformance/engine-host: a real engine started from the repository's source."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parents[3]
HOST = REPO / "tests" / "conformance" / "engine-host"
START_TIMEOUT_S = 120.0


class EngineHost:
    """One engine process; ``url`` is its worker listener."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.url = ""
        self.port = 0

    @classmethod
    async def start(cls, *, restartable: bool = False) -> "EngineHost":
        args = ["--restartable"] if restartable else []
        proc = await asyncio.create_subprocess_exec(
            str(HOST), *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=None
        )
        host = cls(proc)
        await host._ready()
        return host

    async def _line(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        while True:
            raw = await asyncio.wait_for(self.proc.stdout.readline(), START_TIMEOUT_S)
            if not raw:
                raise RuntimeError(f"engine host exited with {await self.proc.wait()}")
            if raw.startswith(b"{"):
                return json.loads(raw)

    async def _ready(self) -> None:
        line = await self._line()
        if line.get("event") != "ready":
            raise RuntimeError(f"engine host said {line}")
        self.url, self.port = line["url"], line["port"]

    async def restart(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"restart\n")
        await self.proc.stdin.drain()
        await self._ready()

    async def stop(self) -> Optional[list[str]]:
        """Stops the engine; returns the unhandled errors it logged."""
        if self.proc.returncode is not None:
            return None
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"stop\n")
        await self.proc.stdin.drain()
        try:
            line = await self._line()
            return list(line.get("unhandled", []))
        finally:
            await asyncio.wait_for(self.proc.wait(), START_TIMEOUT_S)
