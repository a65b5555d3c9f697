"""W3C trace context: a call made inside a handler continues the handler's trace."""

from __future__ import annotations

import contextvars
import os
from typing import Optional

current_traceparent: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("iii_traceparent", default=None)


def child_traceparent(parent: Optional[str]) -> str:
    """A traceparent with the parent's trace id (or a new one) and a new span id."""
    trace_id = None
    if parent:
        parts = parent.split("-")
        if len(parts) == 4 and len(parts[1]) == 32:
            trace_id = parts[1]
    return f"00-{trace_id or os.urandom(16).hex()}-{os.urandom(8).hex()}-01"


def trace_id_of(traceparent: Optional[str]) -> Optional[str]:
    """The trace id of a traceparent, or ``None`` when it is malformed."""
    if not traceparent:
        return None
    parts = traceparent.split("-")
    return parts[1] if len(parts) == 4 and len(parts[1]) == 32 else None
