// Generated from sdk/protocol/schema/error-codes.json by `pnpm schema`; do not edit.
//! The error-code registry.

/// One entry of the error-code registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    pub code: &'static str,
    pub status: u16,
    pub retryable: bool,
    pub area: &'static str,
    pub description: &'static str,
}

pub const INVOCATION_FAILED: &str = "invocation_failed";
pub const FUNCTION_NOT_FOUND: &str = "function_not_found";
pub const FUNCTION_NOT_INVOKABLE: &str = "function_not_invokable";
pub const INVOCATION_STOPPED: &str = "invocation_stopped";
pub const INVOCATION_ERROR: &str = "invocation_error";
pub const CHANNEL_SEND_FAILED: &str = "channel_send_failed";
pub const SERIALIZATION_ERROR: &str = "serialization_error";
pub const TIMEOUT: &str = "TIMEOUT";
pub const FORBIDDEN: &str = "FORBIDDEN";
pub const INVALID_NAMESPACE: &str = "INVALID_NAMESPACE";
pub const ENQUEUE_ERROR: &str = "enqueue_error";
pub const ENQUEUE_OUTCOME_UNKNOWN: &str = "ENQUEUE_OUTCOME_UNKNOWN";
pub const TOO_MANY_INVOCATIONS: &str = "TOO_MANY_INVOCATIONS";
pub const CONNECTION_LIMIT: &str = "CONNECTION_LIMIT";
pub const UNKNOWN: &str = "UNKNOWN";
pub const NOT_CONNECTED: &str = "NOT_CONNECTED";
pub const AUTH_ERROR: &str = "AUTH_ERROR";
pub const WORKER_NAMESPACE_CONFLICT: &str = "WORKER_NAMESPACE_CONFLICT";
pub const FUNCTION_STANDBY: &str = "FUNCTION_STANDBY";
pub const FUNCTION_NAMESPACE_CONFLICT: &str = "FUNCTION_NAMESPACE_CONFLICT";
pub const TRIGGER_TYPE_NOT_FOUND: &str = "trigger_type_not_found";
pub const TRIGGER_REGISTRATION_FAILED: &str = "trigger_registration_failed";
pub const INVALID_ARGUMENTS: &str = "INVALID_ARGUMENTS";
pub const NOT_FOUND: &str = "NOT_FOUND";
pub const WORKER_EXISTS: &str = "WORKER_EXISTS";
pub const WORKER_NOT_READY: &str = "WORKER_NOT_READY";
pub const UNREGISTER_FAILED: &str = "unregister_failed";
pub const INTERNAL_ERROR: &str = "INTERNAL_ERROR";
pub const SLOT_TAKEN: &str = "SLOT_TAKEN";
pub const SLOT_INVALID: &str = "SLOT_INVALID";
pub const URL_VALIDATION_FAILED: &str = "url_validation_failed";
pub const HTTP_REQUEST_FAILED: &str = "http_request_failed";
pub const HTTP_RESPONSE_FAILED: &str = "http_response_failed";
pub const INVALID_RESPONSE: &str = "invalid_response";
pub const HTTP_ERROR: &str = "http_error";
pub const SECRET_NOT_FOUND: &str = "secret_not_found";
pub const TOKEN_NOT_FOUND: &str = "token_not_found";
pub const API_KEY_NOT_FOUND: &str = "api_key_not_found";
pub const INVALID_JSON: &str = "INVALID_JSON";
pub const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
pub const CONDITION_NOT_MET: &str = "CONDITION_NOT_MET";
pub const UNAVAILABLE: &str = "UNAVAILABLE";
pub const MIDDLEWARE_TIMEOUT: &str = "MIDDLEWARE_TIMEOUT";
pub const BAD_REQUEST: &str = "BAD_REQUEST";
pub const REQUEST_TIMEOUT: &str = "REQUEST_TIMEOUT";
pub const HEADERS_TOO_LARGE: &str = "HEADERS_TOO_LARGE";
pub const NOT_IMPLEMENTED: &str = "NOT_IMPLEMENTED";
pub const TOO_MANY_REQUESTS: &str = "TOO_MANY_REQUESTS";
pub const SET_ERROR: &str = "SET_ERROR";
pub const GET_ERROR: &str = "GET_ERROR";
pub const DELETE_ERROR: &str = "DELETE_ERROR";
pub const UPDATE_ERROR: &str = "UPDATE_ERROR";
pub const LIST_ERROR: &str = "LIST_ERROR";
pub const LIST_GROUPS_ERROR: &str = "LIST_GROUPS_ERROR";
pub const VALUE_TOO_LARGE: &str = "VALUE_TOO_LARGE";
pub const STREAM_SET_ERROR: &str = "STREAM_SET_ERROR";
pub const STREAM_GET_ERROR: &str = "STREAM_GET_ERROR";
pub const STREAM_DELETE_ERROR: &str = "STREAM_DELETE_ERROR";
pub const STREAM_GET_GROUP_ERROR: &str = "STREAM_GET_GROUP_ERROR";
pub const STREAM_LIST_GROUPS_ERROR: &str = "STREAM_LIST_GROUPS_ERROR";
pub const STREAM_LIST_ALL_ERROR: &str = "STREAM_LIST_ALL_ERROR";
pub const STREAM_SEND_ERROR: &str = "STREAM_SEND_ERROR";
pub const STREAM_UPDATE_ERROR: &str = "STREAM_UPDATE_ERROR";
pub const JSON_ERROR: &str = "JSON_ERROR";
pub const SET_PATH_TOO_DEEP: &str = "set.path.too_deep";
pub const SET_PATH_SEGMENT_TOO_LONG: &str = "set.path.segment_too_long";
pub const SET_PATH_EMPTY_SEGMENT: &str = "set.path.empty_segment";
pub const SET_PATH_PROTO_POLLUTED: &str = "set.path.proto_polluted";
pub const SET_TARGET_NOT_OBJECT: &str = "set.target_not_object";
pub const MERGE_PATH_TOO_DEEP: &str = "merge.path.too_deep";
pub const MERGE_PATH_SEGMENT_TOO_LONG: &str = "merge.path.segment_too_long";
pub const MERGE_PATH_EMPTY_SEGMENT: &str = "merge.path.empty_segment";
pub const MERGE_PATH_PROTO_POLLUTED: &str = "merge.path.proto_polluted";
pub const MERGE_VALUE_NOT_AN_OBJECT: &str = "merge.value.not_an_object";
pub const MERGE_VALUE_TOO_DEEP: &str = "merge.value.too_deep";
pub const MERGE_VALUE_TOO_MANY_KEYS: &str = "merge.value.too_many_keys";
pub const MERGE_VALUE_PROTO_POLLUTED: &str = "merge.value.proto_polluted";
pub const INCREMENT_PATH_TOO_DEEP: &str = "increment.path.too_deep";
pub const INCREMENT_PATH_SEGMENT_TOO_LONG: &str = "increment.path.segment_too_long";
pub const INCREMENT_PATH_EMPTY_SEGMENT: &str = "increment.path.empty_segment";
pub const INCREMENT_PATH_PROTO_POLLUTED: &str = "increment.path.proto_polluted";
pub const INCREMENT_TARGET_NOT_OBJECT: &str = "increment.target_not_object";
pub const INCREMENT_NOT_NUMBER: &str = "increment.not_number";
pub const DECREMENT_PATH_TOO_DEEP: &str = "decrement.path.too_deep";
pub const DECREMENT_PATH_SEGMENT_TOO_LONG: &str = "decrement.path.segment_too_long";
pub const DECREMENT_PATH_EMPTY_SEGMENT: &str = "decrement.path.empty_segment";
pub const DECREMENT_PATH_PROTO_POLLUTED: &str = "decrement.path.proto_polluted";
pub const DECREMENT_TARGET_NOT_OBJECT: &str = "decrement.target_not_object";
pub const DECREMENT_NOT_NUMBER: &str = "decrement.not_number";
pub const APPEND_PATH_TOO_DEEP: &str = "append.path.too_deep";
pub const APPEND_PATH_SEGMENT_TOO_LONG: &str = "append.path.segment_too_long";
pub const APPEND_PATH_EMPTY_SEGMENT: &str = "append.path.empty_segment";
pub const APPEND_PATH_PROTO_POLLUTED: &str = "append.path.proto_polluted";
pub const APPEND_TARGET_NOT_OBJECT: &str = "append.target_not_object";
pub const APPEND_TYPE_MISMATCH: &str = "append.type_mismatch";
pub const REMOVE_PATH_TOO_DEEP: &str = "remove.path.too_deep";
pub const REMOVE_PATH_SEGMENT_TOO_LONG: &str = "remove.path.segment_too_long";
pub const REMOVE_PATH_EMPTY_SEGMENT: &str = "remove.path.empty_segment";
pub const REMOVE_PATH_PROTO_POLLUTED: &str = "remove.path.proto_polluted";
pub const REMOVE_TARGET_NOT_OBJECT: &str = "remove.target_not_object";
pub const TOPIC_NOT_SET: &str = "topic_not_set";
pub const PUBLISH_FAILED: &str = "publish_failed";
pub const QUEUE_NOT_FOUND: &str = "queue_not_found";
pub const QUEUE_NOT_SET: &str = "queue_not_set";
pub const MESSAGE_GROUP_MISSING: &str = "message_group_missing";
pub const MESSAGE_ID_NOT_SET: &str = "message_id_not_set";
pub const TOPIC_REQUIRED: &str = "topic_required";
pub const REDRIVE_FAILED: &str = "redrive_failed";
pub const REDRIVE_MESSAGE_FAILED: &str = "redrive_message_failed";
pub const DISCARD_MESSAGE_FAILED: &str = "discard_message_failed";
pub const LIST_TOPICS_FAILED: &str = "list_topics_failed";
pub const TOPIC_STATS_FAILED: &str = "topic_stats_failed";
pub const DLQ_TOPICS_FAILED: &str = "dlq_topics_failed";
pub const DLQ_MESSAGES_FAILED: &str = "dlq_messages_failed";
pub const MEMORY_EXPORTER_NOT_ENABLED: &str = "memory_exporter_not_enabled";
pub const TIME_VALUE_OVERFLOW: &str = "time_value_overflow";
pub const DESERIALIZATION_ERROR: &str = "deserialization_error";
pub const NOT_REGISTERED: &str = "NOT_REGISTERED";
pub const INVALID_ID: &str = "INVALID_ID";
pub const SCHEMA_INVALID: &str = "SCHEMA_INVALID";
pub const SCHEMA_UNAVAILABLE: &str = "SCHEMA_UNAVAILABLE";
pub const ADAPTER_ERROR: &str = "ADAPTER_ERROR";
pub const EXPAND_FAILED: &str = "EXPAND_FAILED";
pub const APPLY_FAILED: &str = "APPLY_FAILED";
pub const STORAGE_FULL: &str = "STORAGE_FULL";
pub const STORAGE_ERROR: &str = "STORAGE_ERROR";
pub const VALUE_TOO_DEEP: &str = "VALUE_TOO_DEEP";
pub const VALUE_NOT_SERIALIZABLE: &str = "VALUE_NOT_SERIALIZABLE";
pub const BRIDGE_ERROR: &str = "bridge_error";
pub const BRIDGE_UNAVAILABLE: &str = "BRIDGE_UNAVAILABLE";
pub const BRIDGE_LOOP: &str = "BRIDGE_LOOP";
pub const BRIDGE_FRAME_TOO_LARGE: &str = "BRIDGE_FRAME_TOO_LARGE";

/// Every registered code.
pub const ERROR_CODES: &[ErrorCodeInfo] = &[
    ErrorCodeInfo { code: "invocation_failed", status: 500, retryable: false, area: "sdk", description: "The handler threw; the Node SDK adds a stacktrace." },
    ErrorCodeInfo { code: "function_not_found", status: 404, retryable: false, area: "engine", description: "No function with that id in that namespace." },
    ErrorCodeInfo { code: "function_not_invokable", status: 400, retryable: false, area: "sdk", description: "The function is HTTP-invoked and cannot run locally." },
    ErrorCodeInfo { code: "invocation_stopped", status: 503, retryable: true, area: "engine", description: "The callee disconnected mid-call." },
    ErrorCodeInfo { code: "invocation_error", status: 500, retryable: true, area: "engine", description: "The engine lost the waiter of an invocation." },
    ErrorCodeInfo { code: "channel_send_failed", status: 503, retryable: true, area: "engine", description: "The callee socket closed while the engine was sending." },
    ErrorCodeInfo { code: "serialization_error", status: 500, retryable: false, area: "engine", description: "The payload could not be encoded as JSON." },
    ErrorCodeInfo { code: "TIMEOUT", status: 504, retryable: true, area: "engine", description: "The invocation deadline passed." },
    ErrorCodeInfo { code: "FORBIDDEN", status: 403, retryable: false, area: "engine", description: "RBAC denied the call; see expose_functions and forbidden_functions." },
    ErrorCodeInfo { code: "INVALID_NAMESPACE", status: 400, retryable: false, area: "engine", description: "A namespace field was present but blank." },
    ErrorCodeInfo { code: "enqueue_error", status: 503, retryable: true, area: "engine", description: "The queue provider failed or is missing; the job was not stored." },
    ErrorCodeInfo { code: "ENQUEUE_OUTCOME_UNKNOWN", status: 503, retryable: true, area: "engine", description: "The store did not answer after the job was sent: it may be stored. Retrying the same call is safe (idempotency key)." },
    ErrorCodeInfo { code: "TOO_MANY_INVOCATIONS", status: 429, retryable: true, area: "engine", description: "The caller has too many unfinished calls on this connection." },
    ErrorCodeInfo { code: "CONNECTION_LIMIT", status: 429, retryable: false, area: "engine", description: "A per-connection cap is reached: functions, bindings, trigger types, open channels or stream subscriptions (config max_*_per_connection)." },
    ErrorCodeInfo { code: "UNKNOWN", status: 500, retryable: false, area: "sdk", description: "A rejection that was not an ErrorBody." },
    ErrorCodeInfo { code: "NOT_CONNECTED", status: 503, retryable: true, area: "sdk", description: "A call made before the worker ever connected; it waited connectWaitMs (iii-sdk)." },
    ErrorCodeInfo { code: "AUTH_ERROR", status: 401, retryable: false, area: "engine", description: "The auth function rejected the connection." },
    ErrorCodeInfo { code: "WORKER_NAMESPACE_CONFLICT", status: 409, retryable: false, area: "engine", description: "Another live connection holds this worker name in this namespace." },
    ErrorCodeInfo { code: "FUNCTION_STANDBY", status: 409, retryable: false, area: "engine", description: "Another live connection owns this function id: the registration waits as its standby and takes over when the owner leaves." },
    ErrorCodeInfo { code: "FUNCTION_NAMESPACE_CONFLICT", status: 409, retryable: false, area: "engine", description: "Another live connection owns this function id, or the id is reserved." },
    ErrorCodeInfo { code: "trigger_type_not_found", status: 404, retryable: false, area: "engine", description: "No provider serves this trigger type." },
    ErrorCodeInfo { code: "trigger_registration_failed", status: 400, retryable: false, area: "engine", description: "The provider refused the binding config." },
    ErrorCodeInfo { code: "INVALID_ARGUMENTS", status: 400, retryable: false, area: "engine", description: "The input of an engine function is malformed." },
    ErrorCodeInfo { code: "NOT_FOUND", status: 404, retryable: false, area: "engine", description: "The requested entity does not exist." },
    ErrorCodeInfo { code: "WORKER_EXISTS", status: 409, retryable: false, area: "engine", description: "engine::workers::add: a worker with that name is already running or configured." },
    ErrorCodeInfo { code: "WORKER_NOT_READY", status: 504, retryable: true, area: "engine", description: "engine::workers::add: the worker did not connect and register in time, or its process failed." },
    ErrorCodeInfo { code: "unregister_failed", status: 500, retryable: true, area: "engine", description: "An internal error while removing a binding." },
    ErrorCodeInfo { code: "INTERNAL_ERROR", status: 500, retryable: true, area: "engine", description: "An unexpected failure inside the engine." },
    ErrorCodeInfo { code: "SLOT_TAKEN", status: 409, retryable: false, area: "engine", description: "A built-in worker tried to provide an extension slot another worker provides." },
    ErrorCodeInfo { code: "SLOT_INVALID", status: 500, retryable: false, area: "engine", description: "An extension slot name is unknown or its provider lacks the slot’s methods." },
    ErrorCodeInfo { code: "url_validation_failed", status: 400, retryable: false, area: "http-functions", description: "The URL is malformed, not HTTPS, not allowed, or private." },
    ErrorCodeInfo { code: "http_request_failed", status: 502, retryable: true, area: "http-functions", description: "The request could not be sent or timed out." },
    ErrorCodeInfo { code: "http_response_failed", status: 502, retryable: true, area: "http-functions", description: "The response body could not be read." },
    ErrorCodeInfo { code: "invalid_response", status: 502, retryable: false, area: "http-functions", description: "A 2xx response whose body is not JSON." },
    ErrorCodeInfo { code: "http_error", status: 502, retryable: false, area: "http-functions", description: "The URL answered with a status of 400 or more." },
    ErrorCodeInfo { code: "secret_not_found", status: 500, retryable: false, area: "http-functions", description: "The HMAC secret environment variable is not set." },
    ErrorCodeInfo { code: "token_not_found", status: 500, retryable: false, area: "http-functions", description: "The bearer token environment variable is not set." },
    ErrorCodeInfo { code: "api_key_not_found", status: 500, retryable: false, area: "http-functions", description: "The API key environment variable is not set." },
    ErrorCodeInfo { code: "INVALID_JSON", status: 400, retryable: false, area: "http", description: "The body claims JSON but does not parse." },
    ErrorCodeInfo { code: "PAYLOAD_TOO_LARGE", status: 413, retryable: false, area: "http", description: "The body exceeds body_limit_bytes." },
    ErrorCodeInfo { code: "METHOD_NOT_ALLOWED", status: 405, retryable: false, area: "http", description: "The path has routes, but none for this method (the Allow header lists them)." },
    ErrorCodeInfo { code: "CONDITION_NOT_MET", status: 422, retryable: false, area: "http", description: "The route condition returned false; the handler was skipped." },
    ErrorCodeInfo { code: "UNAVAILABLE", status: 503, retryable: true, area: "http", description: "The target function is missing or its worker went away." },
    ErrorCodeInfo { code: "MIDDLEWARE_TIMEOUT", status: 504, retryable: true, area: "http", description: "A middleware function exceeded default_timeout." },
    ErrorCodeInfo { code: "BAD_REQUEST", status: 400, retryable: false, area: "http", description: "The request is not valid HTTP/1.x, or its path is ambiguous (encoded /, backslash, .. above the root)." },
    ErrorCodeInfo { code: "REQUEST_TIMEOUT", status: 408, retryable: true, area: "http", description: "The request head did not arrive within headers_timeout_ms." },
    ErrorCodeInfo { code: "HEADERS_TOO_LARGE", status: 431, retryable: false, area: "http", description: "The request line and headers exceed max_header_bytes." },
    ErrorCodeInfo { code: "NOT_IMPLEMENTED", status: 501, retryable: false, area: "http", description: "The request method is not one the HTTP worker serves." },
    ErrorCodeInfo { code: "TOO_MANY_REQUESTS", status: 503, retryable: true, area: "http", description: "The route's wait queue is full (concurrency_queue_limit); retry after Retry-After." },
    ErrorCodeInfo { code: "SET_ERROR", status: 500, retryable: true, area: "state", description: "state::set failed." },
    ErrorCodeInfo { code: "GET_ERROR", status: 500, retryable: true, area: "state", description: "state::get failed." },
    ErrorCodeInfo { code: "DELETE_ERROR", status: 500, retryable: true, area: "state", description: "state::delete failed." },
    ErrorCodeInfo { code: "UPDATE_ERROR", status: 500, retryable: true, area: "state", description: "state::update failed." },
    ErrorCodeInfo { code: "LIST_ERROR", status: 500, retryable: true, area: "state", description: "state::list failed." },
    ErrorCodeInfo { code: "LIST_GROUPS_ERROR", status: 500, retryable: true, area: "state", description: "state::list_groups failed." },
    ErrorCodeInfo { code: "VALUE_TOO_LARGE", status: 413, retryable: false, area: "state", description: "The serialized value exceeds max_value_bytes." },
    ErrorCodeInfo { code: "STREAM_SET_ERROR", status: 500, retryable: true, area: "stream", description: "stream::set failed." },
    ErrorCodeInfo { code: "STREAM_GET_ERROR", status: 500, retryable: true, area: "stream", description: "stream::get failed." },
    ErrorCodeInfo { code: "STREAM_DELETE_ERROR", status: 500, retryable: true, area: "stream", description: "stream::delete failed." },
    ErrorCodeInfo { code: "STREAM_GET_GROUP_ERROR", status: 500, retryable: true, area: "stream", description: "stream::list failed." },
    ErrorCodeInfo { code: "STREAM_LIST_GROUPS_ERROR", status: 500, retryable: true, area: "stream", description: "stream::list_groups failed." },
    ErrorCodeInfo { code: "STREAM_LIST_ALL_ERROR", status: 500, retryable: true, area: "stream", description: "stream::list_all failed." },
    ErrorCodeInfo { code: "STREAM_SEND_ERROR", status: 500, retryable: true, area: "stream", description: "stream::send failed." },
    ErrorCodeInfo { code: "STREAM_UPDATE_ERROR", status: 500, retryable: true, area: "stream", description: "stream::update failed." },
    ErrorCodeInfo { code: "JSON_ERROR", status: 400, retryable: false, area: "stream", description: "A stream frame or value is not valid JSON." },
    ErrorCodeInfo { code: "set.path.too_deep", status: 400, retryable: false, area: "update", description: "set op: the path has more than 32 segments" },
    ErrorCodeInfo { code: "set.path.segment_too_long", status: 400, retryable: false, area: "update", description: "set op: a path segment is longer than 256 bytes" },
    ErrorCodeInfo { code: "set.path.empty_segment", status: 400, retryable: false, area: "update", description: "set op: a path segment is empty" },
    ErrorCodeInfo { code: "set.path.proto_polluted", status: 400, retryable: false, area: "update", description: "set op: a path segment is __proto__, constructor or prototype" },
    ErrorCodeInfo { code: "set.target_not_object", status: 400, retryable: false, area: "update", description: "set op: the current value is not an object" },
    ErrorCodeInfo { code: "merge.path.too_deep", status: 400, retryable: false, area: "update", description: "merge op: the path has more than 32 segments" },
    ErrorCodeInfo { code: "merge.path.segment_too_long", status: 400, retryable: false, area: "update", description: "merge op: a path segment is longer than 256 bytes" },
    ErrorCodeInfo { code: "merge.path.empty_segment", status: 400, retryable: false, area: "update", description: "merge op: a path segment is empty" },
    ErrorCodeInfo { code: "merge.path.proto_polluted", status: 400, retryable: false, area: "update", description: "merge op: a path segment is __proto__, constructor or prototype" },
    ErrorCodeInfo { code: "merge.value.not_an_object", status: 400, retryable: false, area: "update", description: "merge op: the merge value is not an object" },
    ErrorCodeInfo { code: "merge.value.too_deep", status: 400, retryable: false, area: "update", description: "merge op: the merge value nests deeper than 16 levels" },
    ErrorCodeInfo { code: "merge.value.too_many_keys", status: 400, retryable: false, area: "update", description: "merge op: the merge value has more than 1024 keys" },
    ErrorCodeInfo { code: "merge.value.proto_polluted", status: 400, retryable: false, area: "update", description: "merge op: the merge value has a __proto__, constructor or prototype key" },
    ErrorCodeInfo { code: "increment.path.too_deep", status: 400, retryable: false, area: "update", description: "increment op: the path has more than 32 segments" },
    ErrorCodeInfo { code: "increment.path.segment_too_long", status: 400, retryable: false, area: "update", description: "increment op: a path segment is longer than 256 bytes" },
    ErrorCodeInfo { code: "increment.path.empty_segment", status: 400, retryable: false, area: "update", description: "increment op: a path segment is empty" },
    ErrorCodeInfo { code: "increment.path.proto_polluted", status: 400, retryable: false, area: "update", description: "increment op: a path segment is __proto__, constructor or prototype" },
    ErrorCodeInfo { code: "increment.target_not_object", status: 400, retryable: false, area: "update", description: "increment op: the current value is not an object" },
    ErrorCodeInfo { code: "increment.not_number", status: 400, retryable: false, area: "update", description: "increment op: the value under the path is not a number" },
    ErrorCodeInfo { code: "decrement.path.too_deep", status: 400, retryable: false, area: "update", description: "decrement op: the path has more than 32 segments" },
    ErrorCodeInfo { code: "decrement.path.segment_too_long", status: 400, retryable: false, area: "update", description: "decrement op: a path segment is longer than 256 bytes" },
    ErrorCodeInfo { code: "decrement.path.empty_segment", status: 400, retryable: false, area: "update", description: "decrement op: a path segment is empty" },
    ErrorCodeInfo { code: "decrement.path.proto_polluted", status: 400, retryable: false, area: "update", description: "decrement op: a path segment is __proto__, constructor or prototype" },
    ErrorCodeInfo { code: "decrement.target_not_object", status: 400, retryable: false, area: "update", description: "decrement op: the current value is not an object" },
    ErrorCodeInfo { code: "decrement.not_number", status: 400, retryable: false, area: "update", description: "decrement op: the value under the path is not a number" },
    ErrorCodeInfo { code: "append.path.too_deep", status: 400, retryable: false, area: "update", description: "append op: the path has more than 32 segments" },
    ErrorCodeInfo { code: "append.path.segment_too_long", status: 400, retryable: false, area: "update", description: "append op: a path segment is longer than 256 bytes" },
    ErrorCodeInfo { code: "append.path.empty_segment", status: 400, retryable: false, area: "update", description: "append op: a path segment is empty" },
    ErrorCodeInfo { code: "append.path.proto_polluted", status: 400, retryable: false, area: "update", description: "append op: a path segment is __proto__, constructor or prototype" },
    ErrorCodeInfo { code: "append.target_not_object", status: 400, retryable: false, area: "update", description: "append op: the current value is not an object" },
    ErrorCodeInfo { code: "append.type_mismatch", status: 400, retryable: false, area: "update", description: "append op: the target is neither an array nor a string, or a non-string was appended to a string" },
    ErrorCodeInfo { code: "remove.path.too_deep", status: 400, retryable: false, area: "update", description: "remove op: the path has more than 32 segments" },
    ErrorCodeInfo { code: "remove.path.segment_too_long", status: 400, retryable: false, area: "update", description: "remove op: a path segment is longer than 256 bytes" },
    ErrorCodeInfo { code: "remove.path.empty_segment", status: 400, retryable: false, area: "update", description: "remove op: a path segment is empty" },
    ErrorCodeInfo { code: "remove.path.proto_polluted", status: 400, retryable: false, area: "update", description: "remove op: a path segment is __proto__, constructor or prototype" },
    ErrorCodeInfo { code: "remove.target_not_object", status: 400, retryable: false, area: "update", description: "remove op: the current value is not an object" },
    ErrorCodeInfo { code: "topic_not_set", status: 400, retryable: false, area: "pubsub", description: "publish was called with an empty topic." },
    ErrorCodeInfo { code: "publish_failed", status: 503, retryable: true, area: "pubsub", description: "The pub/sub backend (e.g. Redis) did not take the message." },
    ErrorCodeInfo { code: "queue_not_found", status: 404, retryable: false, area: "queue", description: "No queue with that name is configured." },
    ErrorCodeInfo { code: "queue_not_set", status: 400, retryable: false, area: "queue", description: "Queue name is required." },
    ErrorCodeInfo { code: "message_group_missing", status: 400, retryable: false, area: "queue", description: "A FIFO queue needs the message group field in the payload." },
    ErrorCodeInfo { code: "message_id_not_set", status: 400, retryable: false, area: "queue", description: "message_id is required." },
    ErrorCodeInfo { code: "topic_required", status: 400, retryable: false, area: "queue", description: "topic is required." },
    ErrorCodeInfo { code: "redrive_failed", status: 500, retryable: true, area: "queue", description: "Redriving the DLQ failed." },
    ErrorCodeInfo { code: "redrive_message_failed", status: 500, retryable: true, area: "queue", description: "Redriving one DLQ message failed." },
    ErrorCodeInfo { code: "discard_message_failed", status: 500, retryable: true, area: "queue", description: "Discarding one DLQ message failed." },
    ErrorCodeInfo { code: "list_topics_failed", status: 500, retryable: true, area: "queue", description: "Listing queues and topics failed." },
    ErrorCodeInfo { code: "topic_stats_failed", status: 500, retryable: true, area: "queue", description: "Reading queue statistics failed." },
    ErrorCodeInfo { code: "dlq_topics_failed", status: 500, retryable: true, area: "queue", description: "Listing DLQs failed." },
    ErrorCodeInfo { code: "dlq_messages_failed", status: 500, retryable: true, area: "queue", description: "Listing DLQ messages failed." },
    ErrorCodeInfo { code: "memory_exporter_not_enabled", status: 400, retryable: false, area: "observability", description: "Trace queries need exporter memory or both." },
    ErrorCodeInfo { code: "time_value_overflow", status: 400, retryable: false, area: "observability", description: "A time filter is out of range." },
    ErrorCodeInfo { code: "deserialization_error", status: 400, retryable: false, area: "observability", description: "The input does not match the expected shape." },
    ErrorCodeInfo { code: "NOT_REGISTERED", status: 404, retryable: false, area: "configuration", description: "No configuration entry with that id." },
    ErrorCodeInfo { code: "INVALID_ID", status: 400, retryable: false, area: "configuration", description: "Configuration ids match [a-z0-9_-]{1,64}." },
    ErrorCodeInfo { code: "SCHEMA_INVALID", status: 400, retryable: false, area: "configuration", description: "The value or the schema fails validation." },
    ErrorCodeInfo { code: "SCHEMA_UNAVAILABLE", status: 500, retryable: false, area: "configuration", description: "The entry has no usable schema." },
    ErrorCodeInfo { code: "ADAPTER_ERROR", status: 500, retryable: true, area: "configuration", description: "The configuration store failed." },
    ErrorCodeInfo { code: "EXPAND_FAILED", status: 400, retryable: false, area: "configuration", description: "A placeholder has no value and no default." },
    ErrorCodeInfo { code: "APPLY_FAILED", status: 500, retryable: false, area: "configuration", description: "A built-in worker could not run the new config; the previous one keeps running." },
    ErrorCodeInfo { code: "STORAGE_FULL", status: 507, retryable: true, area: "storage", description: "The disk is full (ENOSPC/EDQUOT); nothing was stored. Retry once space is freed." },
    ErrorCodeInfo { code: "STORAGE_ERROR", status: 503, retryable: true, area: "storage", description: "The disk failed the write or its fsync (EIO and the like); nothing was stored." },
    ErrorCodeInfo { code: "VALUE_TOO_DEEP", status: 400, retryable: false, area: "storage", description: "The value nests deeper than the storage limit (the limit is in the message)." },
    ErrorCodeInfo { code: "VALUE_NOT_SERIALIZABLE", status: 400, retryable: false, area: "storage", description: "The value cannot be stored as JSON (a cycle, a BigInt, or over the record size limit)." },
    ErrorCodeInfo { code: "bridge_error", status: 502, retryable: true, area: "bridge", description: "The reference engine's bridge failure code; not raised by this engine (see BRIDGE_UNAVAILABLE, BRIDGE_LOOP)." },
    ErrorCodeInfo { code: "BRIDGE_UNAVAILABLE", status: 503, retryable: true, area: "bridge", description: "The bridge is not connected to the remote engine; the call was not sent." },
    ErrorCodeInfo { code: "BRIDGE_LOOP", status: 508, retryable: false, area: "bridge", description: "The call or registration would loop between bridged engines, or the url is this engine." },
    ErrorCodeInfo { code: "BRIDGE_FRAME_TOO_LARGE", status: 413, retryable: false, area: "bridge", description: "The call or result exceeds the remote engine's frame limit; nothing was sent." },
];

/// The registry entry of a code, if it is registered.
pub fn error_code_info(code: &str) -> Option<&'static ErrorCodeInfo> {
    ERROR_CODES.iter().find(|e| e.code == code)
}
