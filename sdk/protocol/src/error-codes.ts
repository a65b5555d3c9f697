/**
 * The one registry of error codes. A code's name is stable and never reused once retired.
 * `status` is the HTTP status the code maps to; `retryable` says whether the same call may
 * succeed when repeated unchanged.
 */
export interface ErrorCodeInfo {
  /** HTTP status this code maps to. */
  readonly status: number
  /** Whether repeating the same call unchanged may succeed. */
  readonly retryable: boolean
  /** Who raises it. */
  readonly area: ErrorArea
  /** One-line meaning. */
  readonly description: string
}

export type ErrorArea =
  | 'engine'
  | 'sdk'
  | 'http'
  | 'http-functions'
  | 'state'
  | 'stream'
  | 'update'
  | 'pubsub'
  | 'queue'
  | 'observability'
  | 'configuration'
  | 'bridge'
  | 'storage'

// biome-ignore lint/complexity/useMaxParams: one registry row reads as a table: area, status, retryable, text
const code = (
  area: ErrorArea,
  status: number,
  retryable: boolean,
  description: string,
): ErrorCodeInfo => ({
  area,
  status,
  retryable,
  description,
})

const pathRules = {
  'path.too_deep': 'the path has more than 32 segments',
  'path.segment_too_long': 'a path segment is longer than 256 bytes',
  'path.empty_segment': 'a path segment is empty',
  'path.proto_polluted': 'a path segment is __proto__, constructor or prototype',
} as const

/** `{op}.{rule}` codes of one update op: the path rules and the op's own. */
const updateCodes = <Op extends string, Extra extends Record<string, string>>(
  op: Op,
  extra: Extra,
) => {
  const all: Record<string, string> = { ...pathRules, ...extra }
  return Object.fromEntries(
    Object.entries(all).map(([suffix, text]) => [
      `${op}.${suffix}`,
      code('update', 400, false, `${op} op: ${text}`),
    ]),
  ) as Record<`${Op}.${keyof typeof pathRules | (keyof Extra & string)}`, ErrorCodeInfo>
}

export const errorCodes = {
  // Engine and SDK (PROTOCOL.md §9)
  invocation_failed: code('sdk', 500, false, 'The handler threw; the Node SDK adds a stacktrace.'),
  function_not_found: code('engine', 404, false, 'No function with that id in that namespace.'),
  function_not_invokable: code(
    'sdk',
    400,
    false,
    'The function is HTTP-invoked and cannot run locally.',
  ),
  invocation_stopped: code('engine', 503, true, 'The callee disconnected mid-call.'),
  invocation_error: code('engine', 500, true, 'The engine lost the waiter of an invocation.'),
  channel_send_failed: code(
    'engine',
    503,
    true,
    'The callee socket closed while the engine was sending.',
  ),
  serialization_error: code('engine', 500, false, 'The payload could not be encoded as JSON.'),
  TIMEOUT: code('engine', 504, true, 'The invocation deadline passed.'),
  FORBIDDEN: code(
    'engine',
    403,
    false,
    'RBAC denied the call; see expose_functions and forbidden_functions.',
  ),
  INVALID_NAMESPACE: code('engine', 400, false, 'A namespace field was present but blank.'),
  enqueue_error: code(
    'engine',
    503,
    true,
    'The queue provider failed or is missing; the job was not stored.',
  ),
  ENQUEUE_OUTCOME_UNKNOWN: code(
    'engine',
    503,
    true,
    'The store did not answer after the job was sent: it may be stored. Retrying the same call is safe (idempotency key).',
  ),
  TOO_MANY_INVOCATIONS: code(
    'engine',
    429,
    true,
    'The caller has too many unfinished calls on this connection.',
  ),
  CONNECTION_LIMIT: code(
    'engine',
    429,
    false,
    'A per-connection cap is reached: functions, bindings, trigger types, open channels or stream subscriptions (config max_*_per_connection).',
  ),
  UNKNOWN: code('sdk', 500, false, 'A rejection that was not an ErrorBody.'),
  NOT_CONNECTED: code(
    'sdk',
    503,
    true,
    'A call made before the worker ever connected; it waited connectWaitMs (iii-sdk).',
  ),
  AUTH_ERROR: code('engine', 401, false, 'The auth function rejected the connection.'),
  WORKER_NAMESPACE_CONFLICT: code(
    'engine',
    409,
    false,
    'Another live connection holds this worker name in this namespace.',
  ),
  FUNCTION_STANDBY: code(
    'engine',
    409,
    false,
    'Another live connection owns this function id: the registration waits as its standby and takes over when the owner leaves.',
  ),
  FUNCTION_NAMESPACE_CONFLICT: code(
    'engine',
    409,
    false,
    'Another live connection owns this function id, or the id is reserved.',
  ),
  trigger_type_not_found: code('engine', 404, false, 'No provider serves this trigger type.'),
  trigger_registration_failed: code(
    'engine',
    400,
    false,
    'The provider refused the binding config.',
  ),
  INVALID_ARGUMENTS: code('engine', 400, false, 'The input of an engine function is malformed.'),
  NOT_FOUND: code('engine', 404, false, 'The requested entity does not exist.'),
  WORKER_EXISTS: code(
    'engine',
    409,
    false,
    'engine::workers::add: a worker with that name is already running or configured.',
  ),
  WORKER_NOT_READY: code(
    'engine',
    504,
    true,
    'engine::workers::add: the worker did not connect and register in time, or its process failed.',
  ),
  unregister_failed: code('engine', 500, true, 'An internal error while removing a binding.'),
  INTERNAL_ERROR: code('engine', 500, true, 'An unexpected failure inside the engine.'),
  SLOT_TAKEN: code(
    'engine',
    409,
    false,
    'A built-in worker tried to provide an extension slot another worker provides.',
  ),
  SLOT_INVALID: code(
    'engine',
    500,
    false,
    'An extension slot name is unknown or its provider lacks the slot’s methods.',
  ),

  // HTTP-invoked functions (PROTOCOL.md §12)
  url_validation_failed: code(
    'http-functions',
    400,
    false,
    'The URL is malformed, not HTTPS, not allowed, or private.',
  ),
  http_request_failed: code(
    'http-functions',
    502,
    true,
    'The request could not be sent or timed out.',
  ),
  http_response_failed: code('http-functions', 502, true, 'The response body could not be read.'),
  invalid_response: code('http-functions', 502, false, 'A 2xx response whose body is not JSON.'),
  http_error: code('http-functions', 502, false, 'The URL answered with a status of 400 or more.'),
  secret_not_found: code(
    'http-functions',
    500,
    false,
    'The HMAC secret environment variable is not set.',
  ),
  token_not_found: code(
    'http-functions',
    500,
    false,
    'The bearer token environment variable is not set.',
  ),
  api_key_not_found: code(
    'http-functions',
    500,
    false,
    'The API key environment variable is not set.',
  ),

  // HTTP trigger (BUILTINS.md §3.5)
  INVALID_JSON: code('http', 400, false, 'The body claims JSON but does not parse.'),
  PAYLOAD_TOO_LARGE: code('http', 413, false, 'The body exceeds body_limit_bytes.'),
  METHOD_NOT_ALLOWED: code(
    'http',
    405,
    false,
    'The path has routes, but none for this method (the Allow header lists them).',
  ),
  CONDITION_NOT_MET: code(
    'http',
    422,
    false,
    'The route condition returned false; the handler was skipped.',
  ),
  UNAVAILABLE: code('http', 503, true, 'The target function is missing or its worker went away.'),
  MIDDLEWARE_TIMEOUT: code('http', 504, true, 'A middleware function exceeded default_timeout.'),
  BAD_REQUEST: code(
    'http',
    400,
    false,
    'The request is not valid HTTP/1.x, or its path is ambiguous (encoded /, backslash, .. above the root).',
  ),
  REQUEST_TIMEOUT: code(
    'http',
    408,
    true,
    'The request head did not arrive within headers_timeout_ms.',
  ),
  HEADERS_TOO_LARGE: code(
    'http',
    431,
    false,
    'The request line and headers exceed max_header_bytes.',
  ),
  NOT_IMPLEMENTED: code(
    'http',
    501,
    false,
    'The request method is not one the HTTP worker serves.',
  ),
  TOO_MANY_REQUESTS: code(
    'http',
    503,
    true,
    "The route's wait queue is full (concurrency_queue_limit); retry after Retry-After.",
  ),

  // State (BUILTINS.md §5)
  SET_ERROR: code('state', 500, true, 'state::set failed.'),
  GET_ERROR: code('state', 500, true, 'state::get failed.'),
  DELETE_ERROR: code('state', 500, true, 'state::delete failed.'),
  UPDATE_ERROR: code('state', 500, true, 'state::update failed.'),
  LIST_ERROR: code('state', 500, true, 'state::list failed.'),
  LIST_GROUPS_ERROR: code('state', 500, true, 'state::list_groups failed.'),
  VALUE_TOO_LARGE: code('state', 413, false, 'The serialized value exceeds max_value_bytes.'),

  // Stream (BUILTINS.md §6)
  STREAM_SET_ERROR: code('stream', 500, true, 'stream::set failed.'),
  STREAM_GET_ERROR: code('stream', 500, true, 'stream::get failed.'),
  STREAM_DELETE_ERROR: code('stream', 500, true, 'stream::delete failed.'),
  STREAM_GET_GROUP_ERROR: code('stream', 500, true, 'stream::list failed.'),
  STREAM_LIST_GROUPS_ERROR: code('stream', 500, true, 'stream::list_groups failed.'),
  STREAM_LIST_ALL_ERROR: code('stream', 500, true, 'stream::list_all failed.'),
  STREAM_SEND_ERROR: code('stream', 500, true, 'stream::send failed.'),
  STREAM_UPDATE_ERROR: code('stream', 500, true, 'stream::update failed.'),
  JSON_ERROR: code('stream', 400, false, 'A stream frame or value is not valid JSON.'),

  // Update operations (BUILTINS.md §0.3)
  ...updateCodes('set', { target_not_object: 'the current value is not an object' }),
  ...updateCodes('merge', {
    'value.not_an_object': 'the merge value is not an object',
    'value.too_deep': 'the merge value nests deeper than 16 levels',
    'value.too_many_keys': 'the merge value has more than 1024 keys',
    'value.proto_polluted': 'the merge value has a __proto__, constructor or prototype key',
  }),
  ...updateCodes('increment', {
    target_not_object: 'the current value is not an object',
    not_number: 'the value under the path is not a number',
  }),
  ...updateCodes('decrement', {
    target_not_object: 'the current value is not an object',
    not_number: 'the value under the path is not a number',
  }),
  ...updateCodes('append', {
    target_not_object: 'the current value is not an object',
    type_mismatch:
      'the target is neither an array nor a string, or a non-string was appended to a string',
  }),
  ...updateCodes('remove', { target_not_object: 'the current value is not an object' }),

  // Pub/sub and durable topics (BUILTINS.md §7, §9)
  topic_not_set: code('pubsub', 400, false, 'publish was called with an empty topic.'),
  publish_failed: code(
    'pubsub',
    503,
    true,
    'The pub/sub backend (e.g. Redis) did not take the message.',
  ),

  // Queue (BUILTINS.md §9)
  queue_not_found: code('queue', 404, false, 'No queue with that name is configured.'),
  queue_not_set: code('queue', 400, false, 'Queue name is required.'),
  message_group_missing: code(
    'queue',
    400,
    false,
    'A FIFO queue needs the message group field in the payload.',
  ),
  message_id_not_set: code('queue', 400, false, 'message_id is required.'),
  topic_required: code('queue', 400, false, 'topic is required.'),
  redrive_failed: code('queue', 500, true, 'Redriving the DLQ failed.'),
  redrive_message_failed: code('queue', 500, true, 'Redriving one DLQ message failed.'),
  discard_message_failed: code('queue', 500, true, 'Discarding one DLQ message failed.'),
  list_topics_failed: code('queue', 500, true, 'Listing queues and topics failed.'),
  topic_stats_failed: code('queue', 500, true, 'Reading queue statistics failed.'),
  dlq_topics_failed: code('queue', 500, true, 'Listing DLQs failed.'),
  dlq_messages_failed: code('queue', 500, true, 'Listing DLQ messages failed.'),

  // Observability (BUILTINS.md §10)
  memory_exporter_not_enabled: code(
    'observability',
    400,
    false,
    'Trace queries need exporter memory or both.',
  ),
  time_value_overflow: code('observability', 400, false, 'A time filter is out of range.'),
  deserialization_error: code(
    'observability',
    400,
    false,
    'The input does not match the expected shape.',
  ),

  // Configuration (BUILTINS.md §13)
  NOT_REGISTERED: code('configuration', 404, false, 'No configuration entry with that id.'),
  INVALID_ID: code('configuration', 400, false, 'Configuration ids match [a-z0-9_-]{1,64}.'),
  SCHEMA_INVALID: code('configuration', 400, false, 'The value or the schema fails validation.'),
  SCHEMA_UNAVAILABLE: code('configuration', 500, false, 'The entry has no usable schema.'),
  ADAPTER_ERROR: code('configuration', 500, true, 'The configuration store failed.'),
  EXPAND_FAILED: code('configuration', 400, false, 'A placeholder has no value and no default.'),
  APPLY_FAILED: code(
    'configuration',
    500,
    false,
    'A built-in worker could not run the new config; the previous one keeps running.',
  ),

  // Storage: every file adapter (state, stream, queue) and its write-ahead log
  STORAGE_FULL: code(
    'storage',
    507,
    true,
    'The disk is full (ENOSPC/EDQUOT); nothing was stored. Retry once space is freed.',
  ),
  STORAGE_ERROR: code(
    'storage',
    503,
    true,
    'The disk failed the write or its fsync (EIO and the like); nothing was stored.',
  ),
  VALUE_TOO_DEEP: code(
    'storage',
    400,
    false,
    'The value nests deeper than the storage limit (the limit is in the message).',
  ),
  VALUE_NOT_SERIALIZABLE: code(
    'storage',
    400,
    false,
    'The value cannot be stored as JSON (a cycle, a BigInt, or over the record size limit).',
  ),

  // Bridge (BUILTINS.md §11)
  bridge_error: code(
    'bridge',
    502,
    true,
    "The reference engine's bridge failure code; not raised by this engine (see BRIDGE_UNAVAILABLE, BRIDGE_LOOP).",
  ),
  BRIDGE_UNAVAILABLE: code(
    'bridge',
    503,
    true,
    'The bridge is not connected to the remote engine; the call was not sent.',
  ),
  BRIDGE_LOOP: code(
    'bridge',
    508,
    false,
    'The call or registration would loop between bridged engines, or the url is this engine.',
  ),
  BRIDGE_FRAME_TOO_LARGE: code(
    'bridge',
    413,
    false,
    "The call or result exceeds the remote engine's frame limit; nothing was sent.",
  ),
} as const satisfies Record<string, ErrorCodeInfo>

export type ErrorCode = keyof typeof errorCodes

/** Looks up a code; unknown codes (a handler's own) map to 500, not retryable. */
export function describeErrorCode(name: string): ErrorCodeInfo | undefined {
  return Object.hasOwn(errorCodes, name) ? errorCodes[name as ErrorCode] : undefined
}

/** The HTTP status for a code; codes outside the registry map to 500. */
export function httpStatusOf(name: string): number {
  return describeErrorCode(name)?.status ?? 500
}

/**
 * Codes that were once in the registry and were removed. A retired code is never raised again
 * nor given a new meaning: the registry test refuses a code that is both here and in
 * `errorCodes`. Append only.
 */
export const retiredCodes: readonly string[] = []
