// Generated from sdk/protocol/schema by `pnpm schema`; do not edit.
//! The wire protocol's message types.
#![allow(clippy::all)]

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// An error on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stacktrace: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TriggerActionVoid {
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TriggerActionEnqueue {
    pub queue: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<i64>,
}

/// Routing of an invokefunction frame; absent means synchronous.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum TriggerAction {
    #[serde(rename = "void")]
    Void(TriggerActionVoid),
    #[serde(rename = "enqueue")]
    Enqueue(TriggerActionEnqueue),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VoidAction {
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EnqueueAction {
    pub queue: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HttpAuthConfigHmac {
    pub secret_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HttpAuthConfigBearer {
    pub token_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HttpAuthConfigApiKey {
    pub header: String,
    pub value_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum HttpAuthConfig {
    #[serde(rename = "hmac")]
    Hmac(HttpAuthConfigHmac),
    #[serde(rename = "bearer")]
    Bearer(HttpAuthConfigBearer),
    #[serde(rename = "api_key")]
    ApiKey(HttpAuthConfigApiKey),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpInvocationRefMethod {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
    #[serde(rename = "PATCH")]
    Patch,
    #[serde(rename = "DELETE")]
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HttpInvocationRef {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpInvocationRefMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<HttpAuthConfig>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StreamChannelRefDirection {
    #[serde(rename = "read")]
    Read,
    #[serde(rename = "write")]
    Write,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamChannelRef {
    pub channel_id: String,
    pub access_key: String,
    pub direction: StreamChannelRefDirection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkerMetrics {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_heap_used: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_heap_total: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_rss: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_external: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_user_micros: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_system_micros: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_loop_lag_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime_seconds: Option<f64>,
    pub timestamp_ms: i64,
    pub runtime: String,
}

/// E→W, first frame after accept: the connection id, its reattach secret and the engine id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WorkerRegistered {
    pub worker_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reattach_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_id: Option<String>,
}

/// W→E, first frame of a reconnect: take over the previous connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Reattach {
    pub previous_worker_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reattach_token: Option<String>,
}

/// W→E: register a function owned by this connection (or served by a URL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegisterFunction {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_format: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation: Option<HttpInvocationRef>,
}

/// W→E: remove a function this connection owns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UnregisterFunction {
    pub id: String,
}

/// W→E: provide a trigger type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegisterTriggerType {
    pub id: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_request_format: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_request_format: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// W→E: stop providing a trigger type; its bindings are parked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UnregisterTriggerType {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// W→E: create a binding. E→W: deliver a binding to its provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegisterTrigger {
    pub id: String,
    pub trigger_type: String,
    pub function_id: String,
    pub config: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_namespace: Option<String>,
}

/// W→E: remove a binding. E→W: tell a provider to stop one binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UnregisterTrigger {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_type: Option<String>,
}

/// W→E: a provider acknowledges a binding. E→W: a binding failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TriggerRegistrationResult {
    pub id: String,
    pub trigger_type: String,
    pub function_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

/// W→E: descriptive service grouping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegisterService {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_service_id: Option<String>,
}

/// W→E: a call. E→W: execute this function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InvokeFunction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation_id: Option<String>,
    pub function_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baggage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<TriggerAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// The answer to an invokefunction that carried an invocation_id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InvocationResult {
    pub invocation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baggage: Option<String>,
}

/// E→W: a function or worker name is held by another live connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RegistrationRejected {
    pub code: String,
    pub namespace: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_id: Option<String>,
    pub owner_worker_id: String,
}

/// Keep-alive; answered with pong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Ping {
}

/// Answer to ping; ignored when inbound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Pong {
}

/// E→W, sent only when authentication fails, then the socket closes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Error {
    pub error: ErrorBody,
}

/// Any frame, tagged by its `type` literal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Frame {
    #[serde(rename = "workerregistered")]
    WorkerRegistered(WorkerRegistered),
    #[serde(rename = "reattach")]
    Reattach(Reattach),
    #[serde(rename = "registerfunction")]
    RegisterFunction(RegisterFunction),
    #[serde(rename = "unregisterfunction")]
    UnregisterFunction(UnregisterFunction),
    #[serde(rename = "registertriggertype")]
    RegisterTriggerType(RegisterTriggerType),
    #[serde(rename = "unregistertriggertype")]
    UnregisterTriggerType(UnregisterTriggerType),
    #[serde(rename = "registertrigger")]
    RegisterTrigger(RegisterTrigger),
    #[serde(rename = "unregistertrigger")]
    UnregisterTrigger(UnregisterTrigger),
    #[serde(rename = "triggerregistrationresult")]
    TriggerRegistrationResult(TriggerRegistrationResult),
    #[serde(rename = "registerservice")]
    RegisterService(RegisterService),
    #[serde(rename = "invokefunction")]
    InvokeFunction(InvokeFunction),
    #[serde(rename = "invocationresult")]
    InvocationResult(InvocationResult),
    #[serde(rename = "registrationrejected")]
    RegistrationRejected(RegistrationRejected),
    #[serde(rename = "ping")]
    Ping(Ping),
    #[serde(rename = "pong")]
    Pong(Pong),
    #[serde(rename = "error")]
    Error(Error),
}
