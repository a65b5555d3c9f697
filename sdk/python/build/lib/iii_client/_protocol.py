# Generated from sdk/protocol/schema by `pnpm schema`; do not edit.
# ruff: noqa
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Dict, Literal, Optional, Union


@dataclass(kw_only=True)
class ErrorBody:
    """An error on the wire."""

    code: str
    message: str
    stacktrace: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"code": self.code, "message": self.message}
        if self.stacktrace is not None:
            out["stacktrace"] = self.stacktrace
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "ErrorBody":
        return cls(
            code=d["code"],
            message=d["message"],
            stacktrace=None if d.get("stacktrace") is None else d["stacktrace"],
        )


def _decode_ErrorBody(d: Dict[str, Any]) -> ErrorBody:
    return ErrorBody.from_dict(d)


@dataclass(kw_only=True)
class TriggerActionVoid:
    TYPE: ClassVar[str] = "void"

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "void"}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "TriggerActionVoid":
        return cls()


def _decode_TriggerActionVoid(d: Dict[str, Any]) -> TriggerActionVoid:
    return TriggerActionVoid.from_dict(d)


@dataclass(kw_only=True)
class TriggerActionEnqueue:
    TYPE: ClassVar[str] = "enqueue"
    queue: str
    idempotency_key: Optional[str] = None
    delay_ms: Optional[int] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "enqueue", "queue": self.queue}
        if self.idempotency_key is not None:
            out["idempotency_key"] = self.idempotency_key
        if self.delay_ms is not None:
            out["delay_ms"] = self.delay_ms
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "TriggerActionEnqueue":
        return cls(
            queue=d["queue"],
            idempotency_key=None if d.get("idempotency_key") is None else d["idempotency_key"],
            delay_ms=None if d.get("delay_ms") is None else d["delay_ms"],
        )


def _decode_TriggerActionEnqueue(d: Dict[str, Any]) -> TriggerActionEnqueue:
    return TriggerActionEnqueue.from_dict(d)


TriggerAction = Union[TriggerActionVoid, TriggerActionEnqueue]
"""Routing of an invokefunction frame; absent means synchronous."""


def _decode_TriggerAction(d: Dict[str, Any]) -> TriggerAction:
    if d.get("type") == "void":
        return TriggerActionVoid.from_dict(d)
    if d.get("type") == "enqueue":
        return TriggerActionEnqueue.from_dict(d)
    raise ValueError(f"unknown TriggerAction type {d.get('type')!r}")


@dataclass(kw_only=True)
class VoidAction:

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "VoidAction":
        return cls()


def _decode_VoidAction(d: Dict[str, Any]) -> VoidAction:
    return VoidAction.from_dict(d)


@dataclass(kw_only=True)
class EnqueueAction:
    queue: str
    idempotency_key: Optional[str] = None
    delay_ms: Optional[int] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"queue": self.queue}
        if self.idempotency_key is not None:
            out["idempotency_key"] = self.idempotency_key
        if self.delay_ms is not None:
            out["delay_ms"] = self.delay_ms
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "EnqueueAction":
        return cls(
            queue=d["queue"],
            idempotency_key=None if d.get("idempotency_key") is None else d["idempotency_key"],
            delay_ms=None if d.get("delay_ms") is None else d["delay_ms"],
        )


def _decode_EnqueueAction(d: Dict[str, Any]) -> EnqueueAction:
    return EnqueueAction.from_dict(d)


@dataclass(kw_only=True)
class HttpAuthConfigHmac:
    TYPE: ClassVar[str] = "hmac"
    secret_key: str

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "hmac", "secret_key": self.secret_key}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "HttpAuthConfigHmac":
        return cls(
            secret_key=d["secret_key"],
        )


def _decode_HttpAuthConfigHmac(d: Dict[str, Any]) -> HttpAuthConfigHmac:
    return HttpAuthConfigHmac.from_dict(d)


@dataclass(kw_only=True)
class HttpAuthConfigBearer:
    TYPE: ClassVar[str] = "bearer"
    token_key: str

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "bearer", "token_key": self.token_key}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "HttpAuthConfigBearer":
        return cls(
            token_key=d["token_key"],
        )


def _decode_HttpAuthConfigBearer(d: Dict[str, Any]) -> HttpAuthConfigBearer:
    return HttpAuthConfigBearer.from_dict(d)


@dataclass(kw_only=True)
class HttpAuthConfigApiKey:
    TYPE: ClassVar[str] = "api_key"
    header: str
    value_key: str

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "api_key", "header": self.header, "value_key": self.value_key}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "HttpAuthConfigApiKey":
        return cls(
            header=d["header"],
            value_key=d["value_key"],
        )


def _decode_HttpAuthConfigApiKey(d: Dict[str, Any]) -> HttpAuthConfigApiKey:
    return HttpAuthConfigApiKey.from_dict(d)


HttpAuthConfig = Union[HttpAuthConfigHmac, HttpAuthConfigBearer, HttpAuthConfigApiKey]


def _decode_HttpAuthConfig(d: Dict[str, Any]) -> HttpAuthConfig:
    if d.get("type") == "hmac":
        return HttpAuthConfigHmac.from_dict(d)
    if d.get("type") == "bearer":
        return HttpAuthConfigBearer.from_dict(d)
    if d.get("type") == "api_key":
        return HttpAuthConfigApiKey.from_dict(d)
    raise ValueError(f"unknown HttpAuthConfig type {d.get('type')!r}")


HttpInvocationRefMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass(kw_only=True)
class HttpInvocationRef:
    url: str
    method: Optional[HttpInvocationRefMethod] = None
    timeout_ms: Optional[int] = None
    headers: Optional[Dict[str, str]] = None
    auth: Optional[HttpAuthConfig] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"url": self.url}
        if self.method is not None:
            out["method"] = self.method
        if self.timeout_ms is not None:
            out["timeout_ms"] = self.timeout_ms
        if self.headers is not None:
            out["headers"] = self.headers
        if self.auth is not None:
            out["auth"] = self.auth.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "HttpInvocationRef":
        return cls(
            url=d["url"],
            method=None if d.get("method") is None else d["method"],
            timeout_ms=None if d.get("timeout_ms") is None else d["timeout_ms"],
            headers=None if d.get("headers") is None else d["headers"],
            auth=None if d.get("auth") is None else _decode_HttpAuthConfig(d["auth"]),
        )


def _decode_HttpInvocationRef(d: Dict[str, Any]) -> HttpInvocationRef:
    return HttpInvocationRef.from_dict(d)


StreamChannelRefDirection = Literal["read", "write"]


@dataclass(kw_only=True)
class StreamChannelRef:
    channel_id: str
    access_key: str
    direction: StreamChannelRefDirection

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"channel_id": self.channel_id, "access_key": self.access_key, "direction": self.direction}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "StreamChannelRef":
        return cls(
            channel_id=d["channel_id"],
            access_key=d["access_key"],
            direction=d["direction"],
        )


def _decode_StreamChannelRef(d: Dict[str, Any]) -> StreamChannelRef:
    return StreamChannelRef.from_dict(d)


@dataclass(kw_only=True)
class WorkerMetrics:
    timestamp_ms: int
    runtime: str
    memory_heap_used: Optional[float] = None
    memory_heap_total: Optional[float] = None
    memory_rss: Optional[float] = None
    memory_external: Optional[float] = None
    cpu_user_micros: Optional[float] = None
    cpu_system_micros: Optional[float] = None
    cpu_percent: Optional[float] = None
    event_loop_lag_ms: Optional[float] = None
    uptime_seconds: Optional[float] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"timestamp_ms": self.timestamp_ms, "runtime": self.runtime}
        if self.memory_heap_used is not None:
            out["memory_heap_used"] = self.memory_heap_used
        if self.memory_heap_total is not None:
            out["memory_heap_total"] = self.memory_heap_total
        if self.memory_rss is not None:
            out["memory_rss"] = self.memory_rss
        if self.memory_external is not None:
            out["memory_external"] = self.memory_external
        if self.cpu_user_micros is not None:
            out["cpu_user_micros"] = self.cpu_user_micros
        if self.cpu_system_micros is not None:
            out["cpu_system_micros"] = self.cpu_system_micros
        if self.cpu_percent is not None:
            out["cpu_percent"] = self.cpu_percent
        if self.event_loop_lag_ms is not None:
            out["event_loop_lag_ms"] = self.event_loop_lag_ms
        if self.uptime_seconds is not None:
            out["uptime_seconds"] = self.uptime_seconds
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "WorkerMetrics":
        return cls(
            memory_heap_used=None if d.get("memory_heap_used") is None else d["memory_heap_used"],
            memory_heap_total=None if d.get("memory_heap_total") is None else d["memory_heap_total"],
            memory_rss=None if d.get("memory_rss") is None else d["memory_rss"],
            memory_external=None if d.get("memory_external") is None else d["memory_external"],
            cpu_user_micros=None if d.get("cpu_user_micros") is None else d["cpu_user_micros"],
            cpu_system_micros=None if d.get("cpu_system_micros") is None else d["cpu_system_micros"],
            cpu_percent=None if d.get("cpu_percent") is None else d["cpu_percent"],
            event_loop_lag_ms=None if d.get("event_loop_lag_ms") is None else d["event_loop_lag_ms"],
            uptime_seconds=None if d.get("uptime_seconds") is None else d["uptime_seconds"],
            timestamp_ms=d["timestamp_ms"],
            runtime=d["runtime"],
        )


def _decode_WorkerMetrics(d: Dict[str, Any]) -> WorkerMetrics:
    return WorkerMetrics.from_dict(d)


@dataclass(kw_only=True)
class WorkerRegistered:
    """E→W, first frame after accept: the connection id, its reattach secret and the engine id."""

    TYPE: ClassVar[str] = "workerregistered"
    worker_id: str
    reattach_token: Optional[str] = None
    engine_id: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "workerregistered", "worker_id": self.worker_id}
        if self.reattach_token is not None:
            out["reattach_token"] = self.reattach_token
        if self.engine_id is not None:
            out["engine_id"] = self.engine_id
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "WorkerRegistered":
        return cls(
            worker_id=d["worker_id"],
            reattach_token=None if d.get("reattach_token") is None else d["reattach_token"],
            engine_id=None if d.get("engine_id") is None else d["engine_id"],
        )


def _decode_WorkerRegistered(d: Dict[str, Any]) -> WorkerRegistered:
    return WorkerRegistered.from_dict(d)


@dataclass(kw_only=True)
class Reattach:
    """W→E, first frame of a reconnect: take over the previous connection."""

    TYPE: ClassVar[str] = "reattach"
    previous_worker_id: str
    reattach_token: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "reattach", "previous_worker_id": self.previous_worker_id}
        if self.reattach_token is not None:
            out["reattach_token"] = self.reattach_token
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Reattach":
        return cls(
            previous_worker_id=d["previous_worker_id"],
            reattach_token=None if d.get("reattach_token") is None else d["reattach_token"],
        )


def _decode_Reattach(d: Dict[str, Any]) -> Reattach:
    return Reattach.from_dict(d)


@dataclass(kw_only=True)
class RegisterFunction:
    """W→E: register a function owned by this connection (or served by a URL)."""

    TYPE: ClassVar[str] = "registerfunction"
    id: str
    description: Optional[str] = None
    request_format: Optional[Any] = None
    response_format: Optional[Any] = None
    metadata: Optional[Any] = None
    invocation: Optional[HttpInvocationRef] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "registerfunction", "id": self.id}
        if self.description is not None:
            out["description"] = self.description
        if self.request_format is not None:
            out["request_format"] = self.request_format
        if self.response_format is not None:
            out["response_format"] = self.response_format
        if self.metadata is not None:
            out["metadata"] = self.metadata
        if self.invocation is not None:
            out["invocation"] = self.invocation.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "RegisterFunction":
        return cls(
            id=d["id"],
            description=None if d.get("description") is None else d["description"],
            request_format=None if d.get("request_format") is None else d["request_format"],
            response_format=None if d.get("response_format") is None else d["response_format"],
            metadata=None if d.get("metadata") is None else d["metadata"],
            invocation=None if d.get("invocation") is None else _decode_HttpInvocationRef(d["invocation"]),
        )


def _decode_RegisterFunction(d: Dict[str, Any]) -> RegisterFunction:
    return RegisterFunction.from_dict(d)


@dataclass(kw_only=True)
class UnregisterFunction:
    """W→E: remove a function this connection owns."""

    TYPE: ClassVar[str] = "unregisterfunction"
    id: str

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "unregisterfunction", "id": self.id}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "UnregisterFunction":
        return cls(
            id=d["id"],
        )


def _decode_UnregisterFunction(d: Dict[str, Any]) -> UnregisterFunction:
    return UnregisterFunction.from_dict(d)


@dataclass(kw_only=True)
class RegisterTriggerType:
    """W→E: provide a trigger type."""

    TYPE: ClassVar[str] = "registertriggertype"
    id: str
    description: str
    trigger_request_format: Optional[Any] = None
    call_request_format: Optional[Any] = None
    namespace: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "registertriggertype", "id": self.id, "description": self.description}
        if self.trigger_request_format is not None:
            out["trigger_request_format"] = self.trigger_request_format
        if self.call_request_format is not None:
            out["call_request_format"] = self.call_request_format
        if self.namespace is not None:
            out["namespace"] = self.namespace
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "RegisterTriggerType":
        return cls(
            id=d["id"],
            description=d["description"],
            trigger_request_format=None if d.get("trigger_request_format") is None else d["trigger_request_format"],
            call_request_format=None if d.get("call_request_format") is None else d["call_request_format"],
            namespace=None if d.get("namespace") is None else d["namespace"],
        )


def _decode_RegisterTriggerType(d: Dict[str, Any]) -> RegisterTriggerType:
    return RegisterTriggerType.from_dict(d)


@dataclass(kw_only=True)
class UnregisterTriggerType:
    """W→E: stop providing a trigger type; its bindings are parked."""

    TYPE: ClassVar[str] = "unregistertriggertype"
    id: str
    namespace: Optional[str] = None
    description: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "unregistertriggertype", "id": self.id}
        if self.namespace is not None:
            out["namespace"] = self.namespace
        if self.description is not None:
            out["description"] = self.description
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "UnregisterTriggerType":
        return cls(
            id=d["id"],
            namespace=None if d.get("namespace") is None else d["namespace"],
            description=None if d.get("description") is None else d["description"],
        )


def _decode_UnregisterTriggerType(d: Dict[str, Any]) -> UnregisterTriggerType:
    return UnregisterTriggerType.from_dict(d)


@dataclass(kw_only=True)
class RegisterTrigger:
    """W→E: create a binding. E→W: deliver a binding to its provider."""

    TYPE: ClassVar[str] = "registertrigger"
    id: str
    trigger_type: str
    function_id: str
    config: Any
    metadata: Optional[Any] = None
    namespace: Optional[str] = None
    trigger_namespace: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "registertrigger", "id": self.id, "trigger_type": self.trigger_type, "function_id": self.function_id, "config": self.config}
        if self.metadata is not None:
            out["metadata"] = self.metadata
        if self.namespace is not None:
            out["namespace"] = self.namespace
        if self.trigger_namespace is not None:
            out["trigger_namespace"] = self.trigger_namespace
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "RegisterTrigger":
        return cls(
            id=d["id"],
            trigger_type=d["trigger_type"],
            function_id=d["function_id"],
            config=d["config"],
            metadata=None if d.get("metadata") is None else d["metadata"],
            namespace=None if d.get("namespace") is None else d["namespace"],
            trigger_namespace=None if d.get("trigger_namespace") is None else d["trigger_namespace"],
        )


def _decode_RegisterTrigger(d: Dict[str, Any]) -> RegisterTrigger:
    return RegisterTrigger.from_dict(d)


@dataclass(kw_only=True)
class UnregisterTrigger:
    """W→E: remove a binding. E→W: tell a provider to stop one binding."""

    TYPE: ClassVar[str] = "unregistertrigger"
    id: str
    trigger_type: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "unregistertrigger", "id": self.id}
        if self.trigger_type is not None:
            out["trigger_type"] = self.trigger_type
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "UnregisterTrigger":
        return cls(
            id=d["id"],
            trigger_type=None if d.get("trigger_type") is None else d["trigger_type"],
        )


def _decode_UnregisterTrigger(d: Dict[str, Any]) -> UnregisterTrigger:
    return UnregisterTrigger.from_dict(d)


@dataclass(kw_only=True)
class TriggerRegistrationResult:
    """W→E: a provider acknowledges a binding. E→W: a binding failed."""

    TYPE: ClassVar[str] = "triggerregistrationresult"
    id: str
    trigger_type: str
    function_id: str
    error: Optional[ErrorBody] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "triggerregistrationresult", "id": self.id, "trigger_type": self.trigger_type, "function_id": self.function_id}
        if self.error is not None:
            out["error"] = self.error.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "TriggerRegistrationResult":
        return cls(
            id=d["id"],
            trigger_type=d["trigger_type"],
            function_id=d["function_id"],
            error=None if d.get("error") is None else _decode_ErrorBody(d["error"]),
        )


def _decode_TriggerRegistrationResult(d: Dict[str, Any]) -> TriggerRegistrationResult:
    return TriggerRegistrationResult.from_dict(d)


@dataclass(kw_only=True)
class RegisterService:
    """W→E: descriptive service grouping."""

    TYPE: ClassVar[str] = "registerservice"
    id: str
    name: Optional[str] = None
    description: Optional[str] = None
    parent_service_id: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "registerservice", "id": self.id}
        if self.name is not None:
            out["name"] = self.name
        if self.description is not None:
            out["description"] = self.description
        if self.parent_service_id is not None:
            out["parent_service_id"] = self.parent_service_id
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "RegisterService":
        return cls(
            id=d["id"],
            name=None if d.get("name") is None else d["name"],
            description=None if d.get("description") is None else d["description"],
            parent_service_id=None if d.get("parent_service_id") is None else d["parent_service_id"],
        )


def _decode_RegisterService(d: Dict[str, Any]) -> RegisterService:
    return RegisterService.from_dict(d)


@dataclass(kw_only=True)
class InvokeFunction:
    """W→E: a call. E→W: execute this function."""

    TYPE: ClassVar[str] = "invokefunction"
    function_id: str
    invocation_id: Optional[str] = None
    data: Optional[Any] = None
    traceparent: Optional[str] = None
    baggage: Optional[str] = None
    action: Optional[TriggerAction] = None
    metadata: Optional[Any] = None
    namespace: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "invokefunction", "function_id": self.function_id}
        if self.invocation_id is not None:
            out["invocation_id"] = self.invocation_id
        if self.data is not None:
            out["data"] = self.data
        if self.traceparent is not None:
            out["traceparent"] = self.traceparent
        if self.baggage is not None:
            out["baggage"] = self.baggage
        if self.action is not None:
            out["action"] = self.action.to_dict()
        if self.metadata is not None:
            out["metadata"] = self.metadata
        if self.namespace is not None:
            out["namespace"] = self.namespace
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "InvokeFunction":
        return cls(
            invocation_id=None if d.get("invocation_id") is None else d["invocation_id"],
            function_id=d["function_id"],
            data=None if d.get("data") is None else d["data"],
            traceparent=None if d.get("traceparent") is None else d["traceparent"],
            baggage=None if d.get("baggage") is None else d["baggage"],
            action=None if d.get("action") is None else _decode_TriggerAction(d["action"]),
            metadata=None if d.get("metadata") is None else d["metadata"],
            namespace=None if d.get("namespace") is None else d["namespace"],
        )


def _decode_InvokeFunction(d: Dict[str, Any]) -> InvokeFunction:
    return InvokeFunction.from_dict(d)


@dataclass(kw_only=True)
class InvocationResult:
    """The answer to an invokefunction that carried an invocation_id."""

    TYPE: ClassVar[str] = "invocationresult"
    invocation_id: str
    function_id: Optional[str] = None
    result: Optional[Any] = None
    error: Optional[ErrorBody] = None
    traceparent: Optional[str] = None
    baggage: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "invocationresult", "invocation_id": self.invocation_id}
        if self.function_id is not None:
            out["function_id"] = self.function_id
        if self.result is not None:
            out["result"] = self.result
        if self.error is not None:
            out["error"] = self.error.to_dict()
        if self.traceparent is not None:
            out["traceparent"] = self.traceparent
        if self.baggage is not None:
            out["baggage"] = self.baggage
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "InvocationResult":
        return cls(
            invocation_id=d["invocation_id"],
            function_id=None if d.get("function_id") is None else d["function_id"],
            result=None if d.get("result") is None else d["result"],
            error=None if d.get("error") is None else _decode_ErrorBody(d["error"]),
            traceparent=None if d.get("traceparent") is None else d["traceparent"],
            baggage=None if d.get("baggage") is None else d["baggage"],
        )


def _decode_InvocationResult(d: Dict[str, Any]) -> InvocationResult:
    return InvocationResult.from_dict(d)


@dataclass(kw_only=True)
class RegistrationRejected:
    """E→W: a function or worker name is held by another live connection."""

    TYPE: ClassVar[str] = "registrationrejected"
    code: str
    namespace: str
    owner_worker_id: str
    worker_name: Optional[str] = None
    function_id: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "registrationrejected", "code": self.code, "namespace": self.namespace, "owner_worker_id": self.owner_worker_id}
        if self.worker_name is not None:
            out["worker_name"] = self.worker_name
        if self.function_id is not None:
            out["function_id"] = self.function_id
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "RegistrationRejected":
        return cls(
            code=d["code"],
            namespace=d["namespace"],
            worker_name=None if d.get("worker_name") is None else d["worker_name"],
            function_id=None if d.get("function_id") is None else d["function_id"],
            owner_worker_id=d["owner_worker_id"],
        )


def _decode_RegistrationRejected(d: Dict[str, Any]) -> RegistrationRejected:
    return RegistrationRejected.from_dict(d)


@dataclass(kw_only=True)
class Ping:
    """Keep-alive; answered with pong."""

    TYPE: ClassVar[str] = "ping"

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "ping"}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Ping":
        return cls()


def _decode_Ping(d: Dict[str, Any]) -> Ping:
    return Ping.from_dict(d)


@dataclass(kw_only=True)
class Pong:
    """Answer to ping; ignored when inbound."""

    TYPE: ClassVar[str] = "pong"

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "pong"}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Pong":
        return cls()


def _decode_Pong(d: Dict[str, Any]) -> Pong:
    return Pong.from_dict(d)


@dataclass(kw_only=True)
class Error:
    """E→W, sent only when authentication fails, then the socket closes."""

    TYPE: ClassVar[str] = "error"
    error: ErrorBody

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "error", "error": self.error.to_dict()}
        return out

    @classmethod
    def from_dict(cls, d: Dict[str, Any]) -> "Error":
        return cls(
            error=_decode_ErrorBody(d["error"]),
        )


def _decode_Error(d: Dict[str, Any]) -> Error:
    return Error.from_dict(d)


Frame = Union[WorkerRegistered, Reattach, RegisterFunction, UnregisterFunction, RegisterTriggerType, UnregisterTriggerType, RegisterTrigger, UnregisterTrigger, TriggerRegistrationResult, RegisterService, InvokeFunction, InvocationResult, RegistrationRejected, Ping, Pong, Error]

FRAME_TYPES: Dict[str, Any] = {
    "workerregistered": WorkerRegistered,
    "reattach": Reattach,
    "registerfunction": RegisterFunction,
    "unregisterfunction": UnregisterFunction,
    "registertriggertype": RegisterTriggerType,
    "unregistertriggertype": UnregisterTriggerType,
    "registertrigger": RegisterTrigger,
    "unregistertrigger": UnregisterTrigger,
    "triggerregistrationresult": TriggerRegistrationResult,
    "registerservice": RegisterService,
    "invokefunction": InvokeFunction,
    "invocationresult": InvocationResult,
    "registrationrejected": RegistrationRejected,
    "ping": Ping,
    "pong": Pong,
    "error": Error,
}


def decode_frame(d: Dict[str, Any]) -> Optional[Frame]:
    """Decodes a parsed frame; `None` for an unknown `type`. Raises on a malformed one."""
    cls = FRAME_TYPES.get(d.get("type"))  # type: ignore[arg-type]
    return None if cls is None else cls.from_dict(d)
