"""A worker connection: registrations, calls, inbound invocations and reconnects."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import platform
import random
import traceback
import uuid
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Protocol, Union

from websockets.asyncio.client import ClientConnection, connect as ws_connect
from websockets.exceptions import ConnectionClosed

from . import _error_codes as codes
from . import channels
from ._protocol import (
    ErrorBody,
    InvocationResult,
    InvokeFunction,
    Pong,
    Reattach,
    RegisterFunction,
    RegisterTrigger,
    RegisterTriggerType,
    TriggerActionEnqueue,
    TriggerActionVoid,
    TriggerRegistrationResult,
    UnregisterFunction,
    UnregisterTrigger,
    UnregisterTriggerType,
    decode_frame,
)
from .errors import IIIError
from .options import WorkerOptions
from .tracing import child_traceparent, current_traceparent

__version__ = "0.1.0"

Handler = Callable[[Any], Awaitable[Any]]
Action = Union[TriggerActionVoid, TriggerActionEnqueue]


@dataclass(frozen=True)
class TriggerBinding:
    """A binding the engine delivers to the provider of its trigger type."""

    id: str
    trigger_type: str
    function_id: str
    config: Any
    metadata: Any = None


class TriggerTypeHandler(Protocol):
    """What a trigger-type provider implements."""

    async def register_trigger(self, binding: TriggerBinding) -> None: ...

    async def unregister_trigger(self, binding: TriggerBinding) -> None: ...


class Registration:
    """A registered function, trigger type or trigger; ``unregister()`` removes it."""

    def __init__(self, worker: "Worker", kind: str, id: str) -> None:
        self._worker = worker
        self.kind = kind
        self.id = id

    async def unregister(self) -> None:
        await self._worker._unregister(self.kind, self.id)


class Worker:
    """One connection to the engine. Use :func:`iii_client.connect` to open it."""

    def __init__(self, url: str, options: WorkerOptions, logger: Optional[logging.Logger] = None) -> None:
        self.url = url
        self.options = options
        self.name = options.resolved_name()
        self.log = logger or logging.getLogger("iii_client")
        self.worker_id: Optional[str] = None
        self._reattach_token: Optional[str] = None
        self._ws: Optional[ClientConnection] = None
        self._connected = asyncio.Event()
        self._closed = False
        self._fatal: Optional[IIIError] = None
        self._functions: Dict[str, tuple[RegisterFunction, Handler]] = {}
        self._trigger_types: Dict[str, tuple[RegisterTriggerType, TriggerTypeHandler]] = {}
        self._triggers: Dict[str, RegisterTrigger] = {}
        self._pending: Dict[str, asyncio.Future[Any]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: Optional[asyncio.Task[None]] = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> "Worker":
        """Opens the connection in the background and waits for the first one to succeed."""
        self._runner = asyncio.create_task(self._run(), name=f"iii worker {self.name}")
        waiter = asyncio.create_task(self._connected.wait())
        done, _ = await asyncio.wait({waiter, self._runner}, return_when=asyncio.FIRST_COMPLETED)
        if self._runner in done:
            waiter.cancel()
            self._runner.result()
            raise self._fatal or IIIError(codes.UNAVAILABLE, f"could not connect to {self.url}")
        return self

    async def close(self) -> None:
        """Closes the connection; pending calls fail, running handlers are cancelled."""
        if self._closed:
            return
        self._closed = True
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await asyncio.gather(self._runner, return_exceptions=True)
        for task in list(self._tasks):
            task.cancel()
        self._fail_pending(IIIError(codes.INVOCATION_STOPPED, "worker closed"))

    async def __aenter__(self) -> "Worker":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    async def _run(self) -> None:
        attempt = 0
        r = self.options.reconnect
        while not self._closed:
            try:
                async with ws_connect(
                    self.url,
                    additional_headers=self.options.headers or None,
                    max_size=None,
                    compression=None,
                    ping_interval=20,
                    ping_timeout=60,
                    open_timeout=10,
                ) as ws:
                    self._ws = ws
                    attempt = 0
                    await self._on_open(ws)
                    await self._read(ws)
            except (OSError, ConnectionClosed, asyncio.TimeoutError) as error:
                self.log.debug("connection lost: %r", error)
            finally:
                self._ws = None
                self._connected.clear()
            if self._closed or self._fatal is not None:
                return
            if r.max_retries != -1 and attempt >= r.max_retries:
                self.log.error("giving up reconnecting after %d attempts", attempt)
                return
            base = min(r.initial_delay_ms * r.backoff_multiplier**attempt, r.max_delay_ms)
            delay_ms = max(0.0, base + base * r.jitter_factor * (2 * random.random() - 1))
            attempt += 1
            await asyncio.sleep(delay_ms / 1000)

    async def _on_open(self, ws: ClientConnection) -> None:
        frames: list[Any] = []
        if self.worker_id and self._reattach_token:
            frames.append(Reattach(previous_worker_id=self.worker_id, reattach_token=self._reattach_token))
        frames.append(self._announcement())
        frames += [frame for frame, _ in self._trigger_types.values()]
        frames += [frame for frame, _ in self._functions.values()]
        frames += list(self._triggers.values())
        for frame in frames:
            await ws.send(json.dumps(frame.to_dict()))
        self._connected.set()

    def _announcement(self) -> InvokeFunction:
        data: Dict[str, Any] = {
            "runtime": "python",
            "version": __version__,
            "name": self.name,
            "os": f"{platform.system()} {platform.release()}",
            "pid": os.getpid(),
            "telemetry": {"language": "python", "framework": "iii-client", **self.options.telemetry},
        }
        if self.options.worker_description:
            data["description"] = self.options.worker_description
        if self.options.namespace:
            data["namespace"] = self.options.namespace
        return InvokeFunction(function_id="engine::workers::register", data=data, action=TriggerActionVoid())

    # -- inbound -----------------------------------------------------------------------------

    async def _read(self, ws: ClientConnection) -> None:
        async for message in ws:
            if isinstance(message, bytes):
                continue
            try:
                frame = decode_frame(json.loads(message))
            except (ValueError, KeyError, TypeError) as error:
                self.log.warning("malformed frame dropped: %s", error)
                continue
            self._dispatch(frame)

    def _dispatch(self, frame: Any) -> None:
        kind = getattr(frame, "TYPE", None)
        if kind == "invocationresult":
            self._on_result(frame)
        elif kind == "invokefunction":
            self._spawn(self._on_invoke(frame))
        elif kind == "workerregistered":
            self.worker_id = frame.worker_id
            self._reattach_token = frame.reattach_token
        elif kind == "ping":
            self._spawn(self._send(Pong()))
        elif kind == "registertrigger":
            self._spawn(self._on_binding(frame))
        elif kind == "unregistertrigger":
            self._spawn(self._on_unbind(frame))
        elif kind == "registrationrejected":
            self._on_rejected(frame)
        elif kind == "error":
            self._fatal = IIIError(frame.error.code, frame.error.message)
            self.log.error("engine refused the connection: %s", frame.error.message)

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_result(self, frame: InvocationResult) -> None:
        future = self._pending.pop(frame.invocation_id, None)
        if future is None or future.done():
            return
        if frame.error is not None:
            e = frame.error
            future.set_exception(IIIError(e.code, e.message, stacktrace=e.stacktrace, function_id=frame.function_id))
        else:
            future.set_result(frame.result)

    async def _on_invoke(self, frame: InvokeFunction) -> None:
        entry = self._functions.get(frame.function_id)
        result: Any = None
        error: Optional[ErrorBody] = None
        token = current_traceparent.set(frame.traceparent)
        try:
            if entry is None:
                raise IIIError(codes.FUNCTION_NOT_FOUND, f"Function {frame.function_id} is not registered on this worker")
            result = await entry[1](frame.data)
        except IIIError as e:
            error = ErrorBody(code=e.code, message=e.message, stacktrace=e.stacktrace)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # noqa: BLE001 - every handler failure is answered
            error = ErrorBody(code=codes.INVOCATION_FAILED, message=str(e) or type(e).__name__, stacktrace=traceback.format_exc())
        finally:
            current_traceparent.reset(token)
        if frame.invocation_id is None:
            return
        try:
            json.dumps(result)
        except (TypeError, ValueError) as e:
            result, error = None, ErrorBody(code=codes.SERIALIZATION_ERROR, message=str(e))
        await self._send(
            InvocationResult(
                invocation_id=frame.invocation_id,
                function_id=frame.function_id,
                result=result,
                error=error,
                traceparent=frame.traceparent,
                baggage=frame.baggage,
            )
        )

    async def _on_binding(self, frame: RegisterTrigger) -> None:
        entry = self._trigger_types.get(frame.trigger_type)
        binding = TriggerBinding(frame.id, frame.trigger_type, frame.function_id, frame.config, frame.metadata)
        error: Optional[ErrorBody] = None
        if entry is None:
            error = ErrorBody(code=codes.TRIGGER_TYPE_NOT_FOUND, message=f"trigger type {frame.trigger_type} not provided here")
        else:
            try:
                await entry[1].register_trigger(binding)
            except Exception as e:  # noqa: BLE001
                error = ErrorBody(code=codes.TRIGGER_REGISTRATION_FAILED, message=str(e))
        await self._send(
            TriggerRegistrationResult(id=frame.id, trigger_type=frame.trigger_type, function_id=frame.function_id, error=error)
        )

    async def _on_unbind(self, frame: UnregisterTrigger) -> None:
        entry = self._trigger_types.get(frame.trigger_type or "")
        if entry is not None:
            try:
                await entry[1].unregister_trigger(TriggerBinding(frame.id, frame.trigger_type or "", "", None))
            except Exception as e:  # noqa: BLE001
                self.log.warning("unregister_trigger failed for %s: %s", frame.id, e)

    def _on_rejected(self, frame: Any) -> None:
        if frame.code == codes.WORKER_NAMESPACE_CONFLICT:
            self._fatal = IIIError(frame.code, f"worker name {frame.worker_name} is held by {frame.owner_worker_id}")
            self.log.error("%s", self._fatal.message)
        else:
            self.log.warning("registration of %s refused: %s", frame.function_id, frame.code)

    # -- outbound ----------------------------------------------------------------------------

    async def _send(self, frame: Any) -> None:
        ws = self._ws
        if ws is None:
            return
        try:
            await ws.send(json.dumps(frame.to_dict()))
        except ConnectionClosed:
            pass

    def _fail_pending(self, error: IIIError) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(error)
        self._pending.clear()

    async def register_function(
        self,
        function_id: str,
        handler: Handler,
        *,
        description: Optional[str] = None,
        metadata: Any = None,
    ) -> Registration:
        """Registers an async handler under ``function_id``; replayed after every reconnect."""
        if not function_id:
            raise IIIError(codes.INVALID_ARGUMENTS, "function_id must not be empty")
        frame = RegisterFunction(id=function_id, description=description, metadata=metadata)
        self._functions[function_id] = (frame, handler)
        await self._send(frame)
        return Registration(self, "function", function_id)

    def function(self, function_id: str, *, description: Optional[str] = None) -> Callable[[Handler], Handler]:
        """Decorator form of :meth:`register_function`; the registration is sent in the background."""

        def wrap(handler: Handler) -> Handler:
            self._spawn(self.register_function(function_id, handler, description=description))
            return handler

        return wrap

    async def register_trigger_type(self, trigger_type: str, description: str, handler: TriggerTypeHandler) -> Registration:
        """Provides a trigger type; the engine delivers its bindings to ``handler``."""
        frame = RegisterTriggerType(id=trigger_type, description=description, namespace=self.options.namespace)
        self._trigger_types[trigger_type] = (frame, handler)
        await self._send(frame)
        return Registration(self, "trigger_type", trigger_type)

    async def register_trigger(
        self, trigger_type: str, function_id: str, config: Any, *, metadata: Any = None, id: Optional[str] = None
    ) -> Registration:
        """Binds ``function_id`` to a trigger of ``trigger_type``."""
        frame = RegisterTrigger(
            id=id or str(uuid.uuid4()), trigger_type=trigger_type, function_id=function_id, config=config, metadata=metadata
        )
        self._triggers[frame.id] = frame
        await self._send(frame)
        return Registration(self, "trigger", frame.id)

    async def _unregister(self, kind: str, id: str) -> None:
        if kind == "function" and self._functions.pop(id, None) is not None:
            await self._send(UnregisterFunction(id=id))
        elif kind == "trigger" and self._triggers.pop(id, None) is not None:
            await self._send(UnregisterTrigger(id=id))
        elif kind == "trigger_type" and self._trigger_types.pop(id, None) is not None:
            await self._send(UnregisterTriggerType(id=id, namespace=self.options.namespace))

    async def call(
        self,
        function_id: str,
        data: Any = None,
        *,
        action: Optional[Action] = None,
        timeout_ms: Optional[int] = None,
        namespace: Optional[str] = None,
        metadata: Any = None,
    ) -> Any:
        """Calls a function. Synchronous by default; ``Void()`` returns ``None`` once sent;
        ``Enqueue(queue)`` returns the receipt. Failures raise :class:`IIIError`."""
        timeout_s = (timeout_ms or self.options.invocation_timeout_ms) / 1000
        traceparent = child_traceparent(current_traceparent.get())
        void = isinstance(action, TriggerActionVoid)
        invocation_id = None if void else str(uuid.uuid4())
        frame = InvokeFunction(
            invocation_id=invocation_id,
            function_id=function_id,
            data=data,
            action=action,
            traceparent=traceparent,
            metadata=metadata,
            namespace=namespace,
        )
        try:
            return await asyncio.wait_for(self._call(frame), timeout_s)
        except asyncio.TimeoutError:
            if invocation_id is not None:
                self._pending.pop(invocation_id, None)
            raise IIIError(codes.TIMEOUT, f"invocation timed out after {round(timeout_s * 1000)}ms", function_id=function_id) from None

    async def create_channel(self, buffer_size: Optional[int] = None) -> tuple[Any, Any]:
        """Creates a channel; returns ``(writer_ref, reader_ref)`` as plain dicts, ready to be
        put in a payload. Open an end with :meth:`open_writer` / :meth:`open_reader`."""
        args: Dict[str, Any] = {} if buffer_size is None else {"buffer_size": buffer_size}
        refs = await self.call("engine::channels::create", args)
        return refs["writer"], refs["reader"]

    async def open_writer(self, ref: Any) -> Any:
        """Opens the writing end of a channel from its ref (a dict from a payload)."""
        return await channels.open_writer(self.url, ref)

    async def open_reader(self, ref: Any) -> Any:
        """Opens the reading end of a channel from its ref (a dict from a payload)."""
        return await channels.open_reader(self.url, ref)

    async def _call(self, frame: InvokeFunction) -> Any:
        if self._fatal is not None:
            raise self._fatal
        future: Optional[asyncio.Future[Any]] = None
        if frame.invocation_id is not None:
            future = asyncio.get_running_loop().create_future()
            self._pending[frame.invocation_id] = future
        try:
            text = json.dumps(frame.to_dict())
        except (TypeError, ValueError) as error:
            if frame.invocation_id is not None:
                self._pending.pop(frame.invocation_id, None)
            raise IIIError(codes.SERIALIZATION_ERROR, f"payload is not JSON: {error}", function_id=frame.function_id) from None
        while True:
            await self._connected.wait()
            ws = self._ws
            if ws is None:
                continue
            try:
                await ws.send(text)
                break
            except ConnectionClosed:
                await asyncio.sleep(0)
        return None if future is None else await future


async def connect(url: Optional[str] = None, options: Optional[WorkerOptions] = None, **kwargs: Any) -> Worker:
    """Connects a worker and waits until the engine accepted the connection.

    ``kwargs`` are :class:`WorkerOptions` fields. Use as ``async with await connect(...)``
    or close it with ``await worker.close()``.
    """
    opts = options or WorkerOptions(**kwargs)
    return await Worker(url or os.environ.get("III_URL", "ws://127.0.0.1:49134"), opts).start()
