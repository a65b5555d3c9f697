"""W3C trace context: a call made inside a handler continues the handler's trace."""

from __future__ import annotations

import contextvars
import os
from typing import Optional

current_traceparent: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("iii_traceparent", default=None)


def child_traceparent(parent: Optional[str]) -> str:
    """The traceparent of a call: the handler's own (this client records no spans, so the
    engine's span of the running invocation stays the parent), else a new trace."""
    if trace_id_of(parent) is not None:
        return parent  # type: ignore[return-value]
    return f"00-{os.urandom(16).hex()}-{os.urandom(8).hex()}-01"


def current() -> Optional[str]:
    """The W3C traceparent of the invocation this task is handling, if any."""
    return current_traceparent.get()


def trace_id_of(traceparent: Optional[str]) -> Optional[str]:
    """The trace id of a traceparent, or ``None`` when it is malformed."""
    if not traceparent:
        return None
    parts = traceparent.split("-")
    return parts[1] if len(parts) == 4 and len(parts[1]) == 32 else None
