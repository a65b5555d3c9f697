"""Python client of the iii engine: register functions, call functions, bind triggers.

Message types are generated from the protocol's JSON Schema (``iii_client._protocol``) and
error codes from its registry (``iii_client.codes``).
"""

from . import _error_codes as codes
from ._protocol import TriggerActionEnqueue, TriggerActionVoid
from .channels import ChannelReader, ChannelWriter
from .errors import IIIError
from .options import ReconnectOptions, WorkerOptions
from .tracing import current as current_traceparent
from .tracing import trace_id_of
from .worker import Registration, TriggerBinding, TriggerTypeHandler, Worker, __version__, connect


def Void() -> TriggerActionVoid:  # noqa: N802 - reads like the Node SDK's TriggerAction.Void()
    """A call that returns as soon as it is sent; the engine discards the result."""
    return TriggerActionVoid()


def Enqueue(queue: str, *, idempotency_key: str | None = None, delay_ms: int | None = None) -> TriggerActionEnqueue:  # noqa: N802
    """A call that goes through a queue; the result is ``{"messageReceiptId": ...}``."""
    return TriggerActionEnqueue(queue=queue, idempotency_key=idempotency_key, delay_ms=delay_ms)


__all__ = [
    "ChannelReader",
    "ChannelWriter",
    "Enqueue",
    "IIIError",
    "ReconnectOptions",
    "Registration",
    "TriggerBinding",
    "TriggerTypeHandler",
    "Void",
    "Worker",
    "WorkerOptions",
    "__version__",
    "codes",
    "connect",
    "current_traceparent",
    "trace_id_of",
]
