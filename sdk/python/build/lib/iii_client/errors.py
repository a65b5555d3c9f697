"""The one error type of the client: a registry code, a message and an optional stacktrace."""

from __future__ import annotations

from typing import Any, Optional

from ._error_codes import ERROR_CODES, ErrorCodeInfo


class IIIError(Exception):
    """An error from the engine, a handler, or this client.

    ``code`` is a code of the registry (``iii_client.codes``) or a handler's own code;
    ``info`` is its registry entry when it has one.
    """

    def __init__(self, code: str, message: str, *, stacktrace: Optional[str] = None, function_id: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.stacktrace = stacktrace
        self.function_id = function_id

    @property
    def info(self) -> Optional[ErrorCodeInfo]:
        return ERROR_CODES.get(self.code)

    @property
    def retryable(self) -> bool:
        info = self.info
        return info.retryable if info is not None else False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.stacktrace:
            out["stacktrace"] = self.stacktrace
        return out

    def __repr__(self) -> str:
        return f"IIIError(code={self.code!r}, message={self.message!r})"
