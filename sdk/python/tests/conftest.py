from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_host import REPO, EngineHost  # noqa: E402

SCENARIOS = json.loads((REPO / "tests" / "conformance" / "scenarios.json").read_text())


def scenarios_for(client: str) -> list[dict[str, Any]]:
    """The scenarios of the shared list this client runs."""
    return [s for s in SCENARIOS["scenarios"] if client in s.get("clients", SCENARIOS["clients"])]


@pytest_asyncio.fixture(scope="session")
async def engine() -> AsyncIterator[EngineHost]:
    host = await EngineHost.start()
    yield host
    unhandled = await host.stop()
    assert not unhandled, f"engine logged unhandled errors: {unhandled}"
