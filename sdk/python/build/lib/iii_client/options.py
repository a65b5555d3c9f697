"""Options of a worker connection, with the defaults of the Node iii-sdk where they apply."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from typing import Any, Dict, Optional


@dataclass(frozen=True)
class ReconnectOptions:
    """Exponential backoff between reconnect attempts."""

    initial_delay_ms: int = 1000
    max_delay_ms: int = 30_000
    backoff_multiplier: float = 2.0
    jitter_factor: float = 0.3
    #: -1 retries forever.
    max_retries: int = -1


@dataclass(frozen=True)
class WorkerOptions:
    """How a worker connects and announces itself."""

    #: Shown in engine::workers::list; env ``III_WORKER_NAME`` wins, then ``hostname:pid``.
    worker_name: Optional[str] = None
    worker_description: Optional[str] = None
    #: The namespace this worker registers into; ``None`` is ``default``.
    namespace: Optional[str] = None
    #: Extra fields of the announcement's ``telemetry`` object.
    telemetry: Dict[str, Any] = field(default_factory=dict)
    #: Deadline of a call made by this worker, unless the call gives its own.
    invocation_timeout_ms: int = 30_000
    reconnect: ReconnectOptions = field(default_factory=ReconnectOptions)
    #: Extra HTTP headers of the WebSocket upgrade (seen by an auth function).
    headers: Dict[str, str] = field(default_factory=dict)

    def resolved_name(self) -> str:
        return os.environ.get("III_WORKER_NAME") or self.worker_name or f"{socket.gethostname()}:{os.getpid()}"
