# Generated from sdk/protocol/schema/error-codes.json by `pnpm schema`; do not edit.
# ruff: noqa
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict


@dataclass(frozen=True)
class ErrorCodeInfo:
    """One entry of the error-code registry."""

    code: str
    status: int
    retryable: bool
    area: str
    description: str


INVOCATION_FAILED = "invocation_failed"
FUNCTION_NOT_FOUND = "function_not_found"
FUNCTION_NOT_INVOKABLE = "function_not_invokable"
INVOCATION_STOPPED = "invocation_stopped"
INVOCATION_ERROR = "invocation_error"
CHANNEL_SEND_FAILED = "channel_send_failed"
SERIALIZATION_ERROR = "serialization_error"
TIMEOUT = "TIMEOUT"
FORBIDDEN = "FORBIDDEN"
INVALID_NAMESPACE = "INVALID_NAMESPACE"
ENQUEUE_ERROR = "enqueue_error"
ENQUEUE_OUTCOME_UNKNOWN = "ENQUEUE_OUTCOME_UNKNOWN"
TOO_MANY_INVOCATIONS = "TOO_MANY_INVOCATIONS"
CONNECTION_LIMIT = "CONNECTION_LIMIT"
UNKNOWN = "UNKNOWN"
NOT_CONNECTED = "NOT_CONNECTED"
AUTH_ERROR = "AUTH_ERROR"
WORKER_NAMESPACE_CONFLICT = "WORKER_NAMESPACE_CONFLICT"
FUNCTION_STANDBY = "FUNCTION_STANDBY"
FUNCTION_NAMESPACE_CONFLICT = "FUNCTION_NAMESPACE_CONFLICT"
TRIGGER_TYPE_NOT_FOUND = "trigger_type_not_found"
TRIGGER_REGISTRATION_FAILED = "trigger_registration_failed"
INVALID_ARGUMENTS = "INVALID_ARGUMENTS"
NOT_FOUND = "NOT_FOUND"
WORKER_EXISTS = "WORKER_EXISTS"
WORKER_NOT_READY = "WORKER_NOT_READY"
UNREGISTER_FAILED = "unregister_failed"
INTERNAL_ERROR = "INTERNAL_ERROR"
SLOT_TAKEN = "SLOT_TAKEN"
SLOT_INVALID = "SLOT_INVALID"
URL_VALIDATION_FAILED = "url_validation_failed"
HTTP_REQUEST_FAILED = "http_request_failed"
HTTP_RESPONSE_FAILED = "http_response_failed"
INVALID_RESPONSE = "invalid_response"
HTTP_ERROR = "http_error"
SECRET_NOT_FOUND = "secret_not_found"
TOKEN_NOT_FOUND = "token_not_found"
API_KEY_NOT_FOUND = "api_key_not_found"
INVALID_JSON = "INVALID_JSON"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
CONDITION_NOT_MET = "CONDITION_NOT_MET"
UNAVAILABLE = "UNAVAILABLE"
MIDDLEWARE_TIMEOUT = "MIDDLEWARE_TIMEOUT"
BAD_REQUEST = "BAD_REQUEST"
REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE"
NOT_IMPLEMENTED = "NOT_IMPLEMENTED"
TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
SET_ERROR = "SET_ERROR"
GET_ERROR = "GET_ERROR"
DELETE_ERROR = "DELETE_ERROR"
UPDATE_ERROR = "UPDATE_ERROR"
LIST_ERROR = "LIST_ERROR"
LIST_GROUPS_ERROR = "LIST_GROUPS_ERROR"
VALUE_TOO_LARGE = "VALUE_TOO_LARGE"
STREAM_SET_ERROR = "STREAM_SET_ERROR"
STREAM_GET_ERROR = "STREAM_GET_ERROR"
STREAM_DELETE_ERROR = "STREAM_DELETE_ERROR"
STREAM_GET_GROUP_ERROR = "STREAM_GET_GROUP_ERROR"
STREAM_LIST_GROUPS_ERROR = "STREAM_LIST_GROUPS_ERROR"
STREAM_LIST_ALL_ERROR = "STREAM_LIST_ALL_ERROR"
STREAM_SEND_ERROR = "STREAM_SEND_ERROR"
STREAM_UPDATE_ERROR = "STREAM_UPDATE_ERROR"
JSON_ERROR = "JSON_ERROR"
SET_PATH_TOO_DEEP = "set.path.too_deep"
SET_PATH_SEGMENT_TOO_LONG = "set.path.segment_too_long"
SET_PATH_EMPTY_SEGMENT = "set.path.empty_segment"
SET_PATH_PROTO_POLLUTED = "set.path.proto_polluted"
SET_TARGET_NOT_OBJECT = "set.target_not_object"
MERGE_PATH_TOO_DEEP = "merge.path.too_deep"
MERGE_PATH_SEGMENT_TOO_LONG = "merge.path.segment_too_long"
MERGE_PATH_EMPTY_SEGMENT = "merge.path.empty_segment"
MERGE_PATH_PROTO_POLLUTED = "merge.path.proto_polluted"
MERGE_VALUE_NOT_AN_OBJECT = "merge.value.not_an_object"
MERGE_VALUE_TOO_DEEP = "merge.value.too_deep"
MERGE_VALUE_TOO_MANY_KEYS = "merge.value.too_many_keys"
MERGE_VALUE_PROTO_POLLUTED = "merge.value.proto_polluted"
INCREMENT_PATH_TOO_DEEP = "increment.path.too_deep"
INCREMENT_PATH_SEGMENT_TOO_LONG = "increment.path.segment_too_long"
INCREMENT_PATH_EMPTY_SEGMENT = "increment.path.empty_segment"
INCREMENT_PATH_PROTO_POLLUTED = "increment.path.proto_polluted"
INCREMENT_TARGET_NOT_OBJECT = "increment.target_not_object"
INCREMENT_NOT_NUMBER = "increment.not_number"
DECREMENT_PATH_TOO_DEEP = "decrement.path.too_deep"
DECREMENT_PATH_SEGMENT_TOO_LONG = "decrement.path.segment_too_long"
DECREMENT_PATH_EMPTY_SEGMENT = "decrement.path.empty_segment"
DECREMENT_PATH_PROTO_POLLUTED = "decrement.path.proto_polluted"
DECREMENT_TARGET_NOT_OBJECT = "decrement.target_not_object"
DECREMENT_NOT_NUMBER = "decrement.not_number"
APPEND_PATH_TOO_DEEP = "append.path.too_deep"
APPEND_PATH_SEGMENT_TOO_LONG = "append.path.segment_too_long"
APPEND_PATH_EMPTY_SEGMENT = "append.path.empty_segment"
APPEND_PATH_PROTO_POLLUTED = "append.path.proto_polluted"
APPEND_TARGET_NOT_OBJECT = "append.target_not_object"
APPEND_TYPE_MISMATCH = "append.type_mismatch"
REMOVE_PATH_TOO_DEEP = "remove.path.too_deep"
REMOVE_PATH_SEGMENT_TOO_LONG = "remove.path.segment_too_long"
REMOVE_PATH_EMPTY_SEGMENT = "remove.path.empty_segment"
REMOVE_PATH_PROTO_POLLUTED = "remove.path.proto_polluted"
REMOVE_TARGET_NOT_OBJECT = "remove.target_not_object"
TOPIC_NOT_SET = "topic_not_set"
PUBLISH_FAILED = "publish_failed"
QUEUE_NOT_FOUND = "queue_not_found"
QUEUE_NOT_SET = "queue_not_set"
MESSAGE_GROUP_MISSING = "message_group_missing"
MESSAGE_ID_NOT_SET = "message_id_not_set"
TOPIC_REQUIRED = "topic_required"
REDRIVE_FAILED = "redrive_failed"
REDRIVE_MESSAGE_FAILED = "redrive_message_failed"
DISCARD_MESSAGE_FAILED = "discard_message_failed"
LIST_TOPICS_FAILED = "list_topics_failed"
TOPIC_STATS_FAILED = "topic_stats_failed"
DLQ_TOPICS_FAILED = "dlq_topics_failed"
DLQ_MESSAGES_FAILED = "dlq_messages_failed"
MEMORY_EXPORTER_NOT_ENABLED = "memory_exporter_not_enabled"
TIME_VALUE_OVERFLOW = "time_value_overflow"
DESERIALIZATION_ERROR = "deserialization_error"
NOT_REGISTERED = "NOT_REGISTERED"
INVALID_ID = "INVALID_ID"
SCHEMA_INVALID = "SCHEMA_INVALID"
SCHEMA_UNAVAILABLE = "SCHEMA_UNAVAILABLE"
ADAPTER_ERROR = "ADAPTER_ERROR"
EXPAND_FAILED = "EXPAND_FAILED"
APPLY_FAILED = "APPLY_FAILED"
STORAGE_FULL = "STORAGE_FULL"
STORAGE_ERROR = "STORAGE_ERROR"
VALUE_TOO_DEEP = "VALUE_TOO_DEEP"
VALUE_NOT_SERIALIZABLE = "VALUE_NOT_SERIALIZABLE"
BRIDGE_ERROR = "bridge_error"
BRIDGE_UNAVAILABLE = "BRIDGE_UNAVAILABLE"
BRIDGE_LOOP = "BRIDGE_LOOP"
BRIDGE_FRAME_TOO_LARGE = "BRIDGE_FRAME_TOO_LARGE"

ERROR_CODES: Dict[str, ErrorCodeInfo] = {
    "invocation_failed": ErrorCodeInfo("invocation_failed", 500, False, "sdk", "The handler threw; the Node SDK adds a stacktrace."),
    "function_not_found": ErrorCodeInfo("function_not_found", 404, False, "engine", "No function with that id in that namespace."),
    "function_not_invokable": ErrorCodeInfo("function_not_invokable", 400, False, "sdk", "The function is HTTP-invoked and cannot run locally."),
    "invocation_stopped": ErrorCodeInfo("invocation_stopped", 503, True, "engine", "The callee disconnected mid-call."),
    "invocation_error": ErrorCodeInfo("invocation_error", 500, True, "engine", "The engine lost the waiter of an invocation."),
    "channel_send_failed": ErrorCodeInfo("channel_send_failed", 503, True, "engine", "The callee socket closed while the engine was sending."),
    "serialization_error": ErrorCodeInfo("serialization_error", 500, False, "engine", "The payload could not be encoded as JSON."),
    "TIMEOUT": ErrorCodeInfo("TIMEOUT", 504, True, "engine", "The invocation deadline passed."),
    "FORBIDDEN": ErrorCodeInfo("FORBIDDEN", 403, False, "engine", "RBAC denied the call; see expose_functions and forbidden_functions."),
    "INVALID_NAMESPACE": ErrorCodeInfo("INVALID_NAMESPACE", 400, False, "engine", "A namespace field was present but blank."),
    "enqueue_error": ErrorCodeInfo("enqueue_error", 503, True, "engine", "The queue provider failed or is missing; the job was not stored."),
    "ENQUEUE_OUTCOME_UNKNOWN": ErrorCodeInfo("ENQUEUE_OUTCOME_UNKNOWN", 503, True, "engine", "The store did not answer after the job was sent: it may be stored. Retrying the same call is safe (idempotency key)."),
    "TOO_MANY_INVOCATIONS": ErrorCodeInfo("TOO_MANY_INVOCATIONS", 429, True, "engine", "The caller has too many unfinished calls on this connection."),
    "CONNECTION_LIMIT": ErrorCodeInfo("CONNECTION_LIMIT", 429, False, "engine", "A per-connection cap is reached: functions, bindings, trigger types, open channels or stream subscriptions (config max_*_per_connection)."),
    "UNKNOWN": ErrorCodeInfo("UNKNOWN", 500, False, "sdk", "A rejection that was not an ErrorBody."),
    "NOT_CONNECTED": ErrorCodeInfo("NOT_CONNECTED", 503, True, "sdk", "A call made before the worker ever connected; it waited connectWaitMs (iii-sdk)."),
    "AUTH_ERROR": ErrorCodeInfo("AUTH_ERROR", 401, False, "engine", "The auth function rejected the connection."),
    "WORKER_NAMESPACE_CONFLICT": ErrorCodeInfo("WORKER_NAMESPACE_CONFLICT", 409, False, "engine", "Another live connection holds this worker name in this namespace."),
    "FUNCTION_STANDBY": ErrorCodeInfo("FUNCTION_STANDBY", 409, False, "engine", "Another live connection owns this function id: the registration waits as its standby and takes over when the owner leaves."),
    "FUNCTION_NAMESPACE_CONFLICT": ErrorCodeInfo("FUNCTION_NAMESPACE_CONFLICT", 409, False, "engine", "Another live connection owns this function id, or the id is reserved."),
    "trigger_type_not_found": ErrorCodeInfo("trigger_type_not_found", 404, False, "engine", "No provider serves this trigger type."),
    "trigger_registration_failed": ErrorCodeInfo("trigger_registration_failed", 400, False, "engine", "The provider refused the binding config."),
    "INVALID_ARGUMENTS": ErrorCodeInfo("INVALID_ARGUMENTS", 400, False, "engine", "The input of an engine function is malformed."),
    "NOT_FOUND": ErrorCodeInfo("NOT_FOUND", 404, False, "engine", "The requested entity does not exist."),
    "WORKER_EXISTS": ErrorCodeInfo("WORKER_EXISTS", 409, False, "engine", "engine::workers::add: a worker with that name is already running or configured."),
    "WORKER_NOT_READY": ErrorCodeInfo("WORKER_NOT_READY", 504, True, "engine", "engine::workers::add: the worker did not connect and register in time, or its process failed."),
    "unregister_failed": ErrorCodeInfo("unregister_failed", 500, True, "engine", "An internal error while removing a binding."),
    "INTERNAL_ERROR": ErrorCodeInfo("INTERNAL_ERROR", 500, True, "engine", "An unexpected failure inside the engine."),
    "SLOT_TAKEN": ErrorCodeInfo("SLOT_TAKEN", 409, False, "engine", "A built-in worker tried to provide an extension slot another worker provides."),
    "SLOT_INVALID": ErrorCodeInfo("SLOT_INVALID", 500, False, "engine", "An extension slot name is unknown or its provider lacks the slot’s methods."),
    "url_validation_failed": ErrorCodeInfo("url_validation_failed", 400, False, "http-functions", "The URL is malformed, not HTTPS, not allowed, or private."),
    "http_request_failed": ErrorCodeInfo("http_request_failed", 502, True, "http-functions", "The request could not be sent or timed out."),
    "http_response_failed": ErrorCodeInfo("http_response_failed", 502, True, "http-functions", "The response body could not be read."),
    "invalid_response": ErrorCodeInfo("invalid_response", 502, False, "http-functions", "A 2xx response whose body is not JSON."),
    "http_error": ErrorCodeInfo("http_error", 502, False, "http-functions", "The URL answered with a status of 400 or more."),
    "secret_not_found": ErrorCodeInfo("secret_not_found", 500, False, "http-functions", "The HMAC secret environment variable is not set."),
    "token_not_found": ErrorCodeInfo("token_not_found", 500, False, "http-functions", "The bearer token environment variable is not set."),
    "api_key_not_found": ErrorCodeInfo("api_key_not_found", 500, False, "http-functions", "The API key environment variable is not set."),
    "INVALID_JSON": ErrorCodeInfo("INVALID_JSON", 400, False, "http", "The body claims JSON but does not parse."),
    "PAYLOAD_TOO_LARGE": ErrorCodeInfo("PAYLOAD_TOO_LARGE", 413, False, "http", "The body exceeds body_limit_bytes."),
    "METHOD_NOT_ALLOWED": ErrorCodeInfo("METHOD_NOT_ALLOWED", 405, False, "http", "The path has routes, but none for this method (the Allow header lists them)."),
    "CONDITION_NOT_MET": ErrorCodeInfo("CONDITION_NOT_MET", 422, False, "http", "The route condition returned false; the handler was skipped."),
    "UNAVAILABLE": ErrorCodeInfo("UNAVAILABLE", 503, True, "http", "The target function is missing or its worker went away."),
    "MIDDLEWARE_TIMEOUT": ErrorCodeInfo("MIDDLEWARE_TIMEOUT", 504, True, "http", "A middleware function exceeded default_timeout."),
    "BAD_REQUEST": ErrorCodeInfo("BAD_REQUEST", 400, False, "http", "The request is not valid HTTP/1.x, or its path is ambiguous (encoded /, backslash, .. above the root)."),
    "REQUEST_TIMEOUT": ErrorCodeInfo("REQUEST_TIMEOUT", 408, True, "http", "The request head did not arrive within headers_timeout_ms."),
    "HEADERS_TOO_LARGE": ErrorCodeInfo("HEADERS_TOO_LARGE", 431, False, "http", "The request line and headers exceed max_header_bytes."),
    "NOT_IMPLEMENTED": ErrorCodeInfo("NOT_IMPLEMENTED", 501, False, "http", "The request method is not one the HTTP worker serves."),
    "TOO_MANY_REQUESTS": ErrorCodeInfo("TOO_MANY_REQUESTS", 503, True, "http", "The route's wait queue is full (concurrency_queue_limit); retry after Retry-After."),
    "SET_ERROR": ErrorCodeInfo("SET_ERROR", 500, True, "state", "state::set failed."),
    "GET_ERROR": ErrorCodeInfo("GET_ERROR", 500, True, "state", "state::get failed."),
    "DELETE_ERROR": ErrorCodeInfo("DELETE_ERROR", 500, True, "state", "state::delete failed."),
    "UPDATE_ERROR": ErrorCodeInfo("UPDATE_ERROR", 500, True, "state", "state::update failed."),
    "LIST_ERROR": ErrorCodeInfo("LIST_ERROR", 500, True, "state", "state::list failed."),
    "LIST_GROUPS_ERROR": ErrorCodeInfo("LIST_GROUPS_ERROR", 500, True, "state", "state::list_groups failed."),
    "VALUE_TOO_LARGE": ErrorCodeInfo("VALUE_TOO_LARGE", 413, False, "state", "The serialized value exceeds max_value_bytes."),
    "STREAM_SET_ERROR": ErrorCodeInfo("STREAM_SET_ERROR", 500, True, "stream", "stream::set failed."),
    "STREAM_GET_ERROR": ErrorCodeInfo("STREAM_GET_ERROR", 500, True, "stream", "stream::get failed."),
    "STREAM_DELETE_ERROR": ErrorCodeInfo("STREAM_DELETE_ERROR", 500, True, "stream", "stream::delete failed."),
    "STREAM_GET_GROUP_ERROR": ErrorCodeInfo("STREAM_GET_GROUP_ERROR", 500, True, "stream", "stream::list failed."),
    "STREAM_LIST_GROUPS_ERROR": ErrorCodeInfo("STREAM_LIST_GROUPS_ERROR", 500, True, "stream", "stream::list_groups failed."),
    "STREAM_LIST_ALL_ERROR": ErrorCodeInfo("STREAM_LIST_ALL_ERROR", 500, True, "stream", "stream::list_all failed."),
    "STREAM_SEND_ERROR": ErrorCodeInfo("STREAM_SEND_ERROR", 500, True, "stream", "stream::send failed."),
    "STREAM_UPDATE_ERROR": ErrorCodeInfo("STREAM_UPDATE_ERROR", 500, True, "stream", "stream::update failed."),
    "JSON_ERROR": ErrorCodeInfo("JSON_ERROR", 400, False, "stream", "A stream frame or value is not valid JSON."),
    "set.path.too_deep": ErrorCodeInfo("set.path.too_deep", 400, False, "update", "set op: the path has more than 32 segments"),
    "set.path.segment_too_long": ErrorCodeInfo("set.path.segment_too_long", 400, False, "update", "set op: a path segment is longer than 256 bytes"),
    "set.path.empty_segment": ErrorCodeInfo("set.path.empty_segment", 400, False, "update", "set op: a path segment is empty"),
    "set.path.proto_polluted": ErrorCodeInfo("set.path.proto_polluted", 400, False, "update", "set op: a path segment is __proto__, constructor or prototype"),
    "set.target_not_object": ErrorCodeInfo("set.target_not_object", 400, False, "update", "set op: the current value is not an object"),
    "merge.path.too_deep": ErrorCodeInfo("merge.path.too_deep", 400, False, "update", "merge op: the path has more than 32 segments"),
    "merge.path.segment_too_long": ErrorCodeInfo("merge.path.segment_too_long", 400, False, "update", "merge op: a path segment is longer than 256 bytes"),
    "merge.path.empty_segment": ErrorCodeInfo("merge.path.empty_segment", 400, False, "update", "merge op: a path segment is empty"),
    "merge.path.proto_polluted": ErrorCodeInfo("merge.path.proto_polluted", 400, False, "update", "merge op: a path segment is __proto__, constructor or prototype"),
    "merge.value.not_an_object": ErrorCodeInfo("merge.value.not_an_object", 400, False, "update", "merge op: the merge value is not an object"),
    "merge.value.too_deep": ErrorCodeInfo("merge.value.too_deep", 400, False, "update", "merge op: the merge value nests deeper than 16 levels"),
    "merge.value.too_many_keys": ErrorCodeInfo("merge.value.too_many_keys", 400, False, "update", "merge op: the merge value has more than 1024 keys"),
    "merge.value.proto_polluted": ErrorCodeInfo("merge.value.proto_polluted", 400, False, "update", "merge op: the merge value has a __proto__, constructor or prototype key"),
    "increment.path.too_deep": ErrorCodeInfo("increment.path.too_deep", 400, False, "update", "increment op: the path has more than 32 segments"),
    "increment.path.segment_too_long": ErrorCodeInfo("increment.path.segment_too_long", 400, False, "update", "increment op: a path segment is longer than 256 bytes"),
    "increment.path.empty_segment": ErrorCodeInfo("increment.path.empty_segment", 400, False, "update", "increment op: a path segment is empty"),
    "increment.path.proto_polluted": ErrorCodeInfo("increment.path.proto_polluted", 400, False, "update", "increment op: a path segment is __proto__, constructor or prototype"),
    "increment.target_not_object": ErrorCodeInfo("increment.target_not_object", 400, False, "update", "increment op: the current value is not an object"),
    "increment.not_number": ErrorCodeInfo("increment.not_number", 400, False, "update", "increment op: the value under the path is not a number"),
    "decrement.path.too_deep": ErrorCodeInfo("decrement.path.too_deep", 400, False, "update", "decrement op: the path has more than 32 segments"),
    "decrement.path.segment_too_long": ErrorCodeInfo("decrement.path.segment_too_long", 400, False, "update", "decrement op: a path segment is longer than 256 bytes"),
    "decrement.path.empty_segment": ErrorCodeInfo("decrement.path.empty_segment", 400, False, "update", "decrement op: a path segment is empty"),
    "decrement.path.proto_polluted": ErrorCodeInfo("decrement.path.proto_polluted", 400, False, "update", "decrement op: a path segment is __proto__, constructor or prototype"),
    "decrement.target_not_object": ErrorCodeInfo("decrement.target_not_object", 400, False, "update", "decrement op: the current value is not an object"),
    "decrement.not_number": ErrorCodeInfo("decrement.not_number", 400, False, "update", "decrement op: the value under the path is not a number"),
    "append.path.too_deep": ErrorCodeInfo("append.path.too_deep", 400, False, "update", "append op: the path has more than 32 segments"),
    "append.path.segment_too_long": ErrorCodeInfo("append.path.segment_too_long", 400, False, "update", "append op: a path segment is longer than 256 bytes"),
    "append.path.empty_segment": ErrorCodeInfo("append.path.empty_segment", 400, False, "update", "append op: a path segment is empty"),
    "append.path.proto_polluted": ErrorCodeInfo("append.path.proto_polluted", 400, False, "update", "append op: a path segment is __proto__, constructor or prototype"),
    "append.target_not_object": ErrorCodeInfo("append.target_not_object", 400, False, "update", "append op: the current value is not an object"),
    "append.type_mismatch": ErrorCodeInfo("append.type_mismatch", 400, False, "update", "append op: the target is neither an array nor a string, or a non-string was appended to a string"),
    "remove.path.too_deep": ErrorCodeInfo("remove.path.too_deep", 400, False, "update", "remove op: the path has more than 32 segments"),
    "remove.path.segment_too_long": ErrorCodeInfo("remove.path.segment_too_long", 400, False, "update", "remove op: a path segment is longer than 256 bytes"),
    "remove.path.empty_segment": ErrorCodeInfo("remove.path.empty_segment", 400, False, "update", "remove op: a path segment is empty"),
    "remove.path.proto_polluted": ErrorCodeInfo("remove.path.proto_polluted", 400, False, "update", "remove op: a path segment is __proto__, constructor or prototype"),
    "remove.target_not_object": ErrorCodeInfo("remove.target_not_object", 400, False, "update", "remove op: the current value is not an object"),
    "topic_not_set": ErrorCodeInfo("topic_not_set", 400, False, "pubsub", "publish was called with an empty topic."),
    "publish_failed": ErrorCodeInfo("publish_failed", 503, True, "pubsub", "The pub/sub backend (e.g. Redis) did not take the message."),
    "queue_not_found": ErrorCodeInfo("queue_not_found", 404, False, "queue", "No queue with that name is configured."),
    "queue_not_set": ErrorCodeInfo("queue_not_set", 400, False, "queue", "Queue name is required."),
    "message_group_missing": ErrorCodeInfo("message_group_missing", 400, False, "queue", "A FIFO queue needs the message group field in the payload."),
    "message_id_not_set": ErrorCodeInfo("message_id_not_set", 400, False, "queue", "message_id is required."),
    "topic_required": ErrorCodeInfo("topic_required", 400, False, "queue", "topic is required."),
    "redrive_failed": ErrorCodeInfo("redrive_failed", 500, True, "queue", "Redriving the DLQ failed."),
    "redrive_message_failed": ErrorCodeInfo("redrive_message_failed", 500, True, "queue", "Redriving one DLQ message failed."),
    "discard_message_failed": ErrorCodeInfo("discard_message_failed", 500, True, "queue", "Discarding one DLQ message failed."),
    "list_topics_failed": ErrorCodeInfo("list_topics_failed", 500, True, "queue", "Listing queues and topics failed."),
    "topic_stats_failed": ErrorCodeInfo("topic_stats_failed", 500, True, "queue", "Reading queue statistics failed."),
    "dlq_topics_failed": ErrorCodeInfo("dlq_topics_failed", 500, True, "queue", "Listing DLQs failed."),
    "dlq_messages_failed": ErrorCodeInfo("dlq_messages_failed", 500, True, "queue", "Listing DLQ messages failed."),
    "memory_exporter_not_enabled": ErrorCodeInfo("memory_exporter_not_enabled", 400, False, "observability", "Trace queries need exporter memory or both."),
    "time_value_overflow": ErrorCodeInfo("time_value_overflow", 400, False, "observability", "A time filter is out of range."),
    "deserialization_error": ErrorCodeInfo("deserialization_error", 400, False, "observability", "The input does not match the expected shape."),
    "NOT_REGISTERED": ErrorCodeInfo("NOT_REGISTERED", 404, False, "configuration", "No configuration entry with that id."),
    "INVALID_ID": ErrorCodeInfo("INVALID_ID", 400, False, "configuration", "Configuration ids match [a-z0-9_-]{1,64}."),
    "SCHEMA_INVALID": ErrorCodeInfo("SCHEMA_INVALID", 400, False, "configuration", "The value or the schema fails validation."),
    "SCHEMA_UNAVAILABLE": ErrorCodeInfo("SCHEMA_UNAVAILABLE", 500, False, "configuration", "The entry has no usable schema."),
    "ADAPTER_ERROR": ErrorCodeInfo("ADAPTER_ERROR", 500, True, "configuration", "The configuration store failed."),
    "EXPAND_FAILED": ErrorCodeInfo("EXPAND_FAILED", 400, False, "configuration", "A placeholder has no value and no default."),
    "APPLY_FAILED": ErrorCodeInfo("APPLY_FAILED", 500, False, "configuration", "A built-in worker could not run the new config; the previous one keeps running."),
    "STORAGE_FULL": ErrorCodeInfo("STORAGE_FULL", 507, True, "storage", "The disk is full (ENOSPC/EDQUOT); nothing was stored. Retry once space is freed."),
    "STORAGE_ERROR": ErrorCodeInfo("STORAGE_ERROR", 503, True, "storage", "The disk failed the write or its fsync (EIO and the like); nothing was stored."),
    "VALUE_TOO_DEEP": ErrorCodeInfo("VALUE_TOO_DEEP", 400, False, "storage", "The value nests deeper than the storage limit (the limit is in the message)."),
    "VALUE_NOT_SERIALIZABLE": ErrorCodeInfo("VALUE_NOT_SERIALIZABLE", 400, False, "storage", "The value cannot be stored as JSON (a cycle, a BigInt, or over the record size limit)."),
    "bridge_error": ErrorCodeInfo("bridge_error", 502, True, "bridge", "The reference engine's bridge failure code; not raised by this engine (see BRIDGE_UNAVAILABLE, BRIDGE_LOOP)."),
    "BRIDGE_UNAVAILABLE": ErrorCodeInfo("BRIDGE_UNAVAILABLE", 503, True, "bridge", "The bridge is not connected to the remote engine; the call was not sent."),
    "BRIDGE_LOOP": ErrorCodeInfo("BRIDGE_LOOP", 508, False, "bridge", "The call or registration would loop between bridged engines, or the url is this engine."),
    "BRIDGE_FRAME_TOO_LARGE": ErrorCodeInfo("BRIDGE_FRAME_TOO_LARGE", 413, False, "bridge", "The call or result exceeds the remote engine's frame limit; nothing was sent."),
}
