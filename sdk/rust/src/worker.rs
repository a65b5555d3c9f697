//! A worker connection: registrations, calls, inbound invocations and reconnects.

use crate::error::Error;
use crate::error_codes as codes;
use crate::options::WorkerOptions;
use crate::protocol as p;
use crate::trace::{child_traceparent, current_traceparent, TRACEPARENT};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

/// This client's version, announced to the engine.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A boxed, sendable future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;
type HandlerFn = Arc<dyn Fn(Value) -> BoxFuture<Result<Value, Error>> + Send + Sync>;

/// A binding the engine delivers to the provider of its trigger type.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerBinding {
    pub id: String,
    pub trigger_type: String,
    pub function_id: String,
    pub config: Value,
    pub metadata: Option<Value>,
}

/// What a trigger-type provider implements.
pub trait TriggerTypeHandler: Send + Sync + 'static {
    fn register_trigger(&self, binding: TriggerBinding) -> BoxFuture<Result<(), Error>>;
    fn unregister_trigger(&self, binding: TriggerBinding) -> BoxFuture<Result<(), Error>>;
}

/// The optional parts of a call.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Deadline; `None` is the worker's `invocation_timeout`.
    pub timeout: Option<Duration>,
    /// Target namespace; `None` is `default`.
    pub namespace: Option<String>,
    /// Travels beside the payload, never merged into it.
    pub metadata: Option<Value>,
}

#[derive(Default)]
struct State {
    out: Option<mpsc::UnboundedSender<Message>>,
    worker_id: Option<String>,
    reattach_token: Option<String>,
    functions: HashMap<String, (p::RegisterFunction, HandlerFn)>,
    trigger_types: HashMap<String, (p::RegisterTriggerType, Arc<dyn TriggerTypeHandler>)>,
    triggers: HashMap<String, p::RegisterTrigger>,
    pending: HashMap<String, oneshot::Sender<Result<Value, Error>>>,
    fatal: Option<Error>,
}

struct Inner {
    url: String,
    options: WorkerOptions,
    name: String,
    state: Mutex<State>,
    connected: watch::Sender<bool>,
    closed: watch::Sender<bool>,
}

/// One connection to the engine; cheap to clone. It reconnects and replays its registrations
/// until [`Worker::close`].
#[derive(Clone)]
pub struct Worker {
    inner: Arc<Inner>,
    runner: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// A registered function, trigger type or trigger.
pub struct Registration {
    worker: Worker,
    kind: Kind,
    id: String,
}

enum Kind {
    Function,
    TriggerType,
    Trigger,
}

impl Registration {
    /// The registered id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Removes the registration from the engine and from the replay set.
    pub fn unregister(self) {
        let inner = &self.worker.inner;
        let frame = {
            let mut st = inner.state.lock().unwrap();
            match self.kind {
                Kind::Function => {
                    st.functions.remove(&self.id);
                    p::Frame::UnregisterFunction(p::UnregisterFunction { id: self.id.clone() })
                }
                Kind::Trigger => {
                    st.triggers.remove(&self.id);
                    p::Frame::UnregisterTrigger(p::UnregisterTrigger { id: self.id.clone(), trigger_type: None })
                }
                Kind::TriggerType => {
                    st.trigger_types.remove(&self.id);
                    p::Frame::UnregisterTriggerType(p::UnregisterTriggerType {
                        id: self.id.clone(),
                        namespace: inner.options.namespace.clone(),
                        description: None,
                    })
                }
            }
        };
        send(inner, &frame);
    }
}

impl Worker {
    /// Connects and waits until the engine accepted the connection.
    pub async fn connect(url: &str, options: WorkerOptions) -> Result<Worker, Error> {
        let (connected, _) = watch::channel(false);
        let (closed, _) = watch::channel(false);
        let inner = Arc::new(Inner {
            url: url.to_owned(),
            name: options.resolved_name(),
            options,
            state: Mutex::new(State::default()),
            connected,
            closed,
        });
        let mut up = inner.connected.subscribe();
        let mut handle = tokio::spawn(run(inner.clone()));
        let worker = Worker { inner, runner: Arc::new(Mutex::new(None)) };
        tokio::select! {
            _ = up.wait_for(|c| *c) => {
                *worker.runner.lock().unwrap() = Some(handle);
                Ok(worker)
            }
            _ = &mut handle => {
                let fatal = worker.inner.state.lock().unwrap().fatal.clone();
                Err(fatal.unwrap_or_else(|| Error::new(codes::UNAVAILABLE, format!("could not connect to {url}"))))
            }
        }
    }

    /// Closes the connection; pending calls fail with `invocation_stopped`.
    pub async fn close(&self) {
        self.inner.closed.send_replace(true);
        let handle = self.runner.lock().unwrap().take();
        if let Some(handle) = handle {
            let _ = handle.await;
        }
        let pending: Vec<_> = self.inner.state.lock().unwrap().pending.drain().collect();
        for (_, tx) in pending {
            let _ = tx.send(Err(Error::new(codes::INVOCATION_STOPPED, "worker closed")));
        }
    }

    /// The engine URL this worker connects to.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// The engine's id of the current connection.
    pub fn worker_id(&self) -> Option<String> {
        self.inner.state.lock().unwrap().worker_id.clone()
    }

    /// Registers an async handler under `id`; it is replayed after every reconnect.
    pub fn register_function<F, Fut>(&self, id: &str, handler: F) -> Result<Registration, Error>
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Value, Error>> + Send + 'static,
    {
        self.register_function_with(id, None, handler)
    }

    /// [`Worker::register_function`] with a description shown in discovery.
    pub fn register_function_with<F, Fut>(
        &self,
        id: &str,
        description: Option<&str>,
        handler: F,
    ) -> Result<Registration, Error>
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Value, Error>> + Send + 'static,
    {
        if id.is_empty() {
            return Err(Error::new(codes::INVALID_ARGUMENTS, "function id must not be empty"));
        }
        let frame = p::RegisterFunction {
            id: id.to_owned(),
            description: description.map(str::to_owned),
            ..Default::default()
        };
        let boxed: HandlerFn = Arc::new(move |v| Box::pin(handler(v)) as BoxFuture<Result<Value, Error>>);
        self.inner.state.lock().unwrap().functions.insert(id.to_owned(), (frame.clone(), boxed));
        send(&self.inner, &p::Frame::RegisterFunction(frame));
        Ok(Registration { worker: self.clone(), kind: Kind::Function, id: id.to_owned() })
    }

    /// Provides a trigger type; the engine delivers its bindings to `handler`.
    pub fn register_trigger_type(
        &self,
        id: &str,
        description: &str,
        handler: impl TriggerTypeHandler,
    ) -> Result<Registration, Error> {
        if id.is_empty() {
            return Err(Error::new(codes::INVALID_ARGUMENTS, "trigger type id must not be empty"));
        }
        let frame = p::RegisterTriggerType {
            id: id.to_owned(),
            description: description.to_owned(),
            namespace: self.inner.options.namespace.clone(),
            ..Default::default()
        };
        self.inner.state.lock().unwrap().trigger_types.insert(id.to_owned(), (frame.clone(), Arc::new(handler)));
        send(&self.inner, &p::Frame::RegisterTriggerType(frame));
        Ok(Registration { worker: self.clone(), kind: Kind::TriggerType, id: id.to_owned() })
    }

    /// Binds `function_id` to a trigger of `trigger_type` with `config`.
    pub fn register_trigger(&self, trigger_type: &str, function_id: &str, config: Value) -> Result<Registration, Error> {
        if trigger_type.is_empty() || function_id.is_empty() {
            return Err(Error::new(codes::INVALID_ARGUMENTS, "a trigger needs a trigger type and a function id"));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let frame = p::RegisterTrigger {
            id: id.clone(),
            trigger_type: trigger_type.to_owned(),
            function_id: function_id.to_owned(),
            config,
            ..Default::default()
        };
        self.inner.state.lock().unwrap().triggers.insert(id.clone(), frame.clone());
        send(&self.inner, &p::Frame::RegisterTrigger(frame));
        Ok(Registration { worker: self.clone(), kind: Kind::Trigger, id })
    }

    /// Calls a function and waits for its result.
    pub async fn call(&self, function_id: &str, data: Value) -> Result<Value, Error> {
        self.invoke(function_id, data, None, CallOptions::default()).await
    }

    /// [`Worker::call`] with a deadline, namespace or metadata.
    pub async fn call_with(&self, function_id: &str, data: Value, options: CallOptions) -> Result<Value, Error> {
        self.invoke(function_id, data, None, options).await
    }

    /// Sends a call without waiting for it to run; the engine discards the result.
    pub async fn call_void(&self, function_id: &str, data: Value) -> Result<(), Error> {
        let action = p::TriggerAction::Void(p::TriggerActionVoid {});
        self.invoke(function_id, data, Some(action), CallOptions::default()).await.map(|_| ())
    }

    /// Puts a call on `queue`; returns the message receipt id.
    pub async fn enqueue(&self, function_id: &str, data: Value, queue: &str) -> Result<String, Error> {
        let action = p::TriggerAction::Enqueue(p::TriggerActionEnqueue { queue: queue.to_owned(), ..Default::default() });
        let receipt = self.invoke(function_id, data, Some(action), CallOptions::default()).await?;
        receipt
            .get("messageReceiptId")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| Error::new(codes::SERIALIZATION_ERROR, format!("no messageReceiptId in {receipt}")))
    }

    async fn invoke(
        &self,
        function_id: &str,
        data: Value,
        action: Option<p::TriggerAction>,
        options: CallOptions,
    ) -> Result<Value, Error> {
        let timeout = options.timeout.unwrap_or(self.inner.options.invocation_timeout);
        let void = matches!(action, Some(p::TriggerAction::Void(_)));
        let invocation_id = (!void).then(|| uuid::Uuid::new_v4().to_string());
        let frame = p::Frame::InvokeFunction(p::InvokeFunction {
            invocation_id: invocation_id.clone(),
            function_id: function_id.to_owned(),
            data: Some(data),
            traceparent: Some(child_traceparent(current_traceparent().as_deref())),
            action,
            metadata: options.metadata,
            namespace: options.namespace,
            ..Default::default()
        });
        let text = serde_json::to_string(&frame)?;
        let rx = invocation_id.as_ref().map(|id| {
            let (tx, rx) = oneshot::channel();
            self.inner.state.lock().unwrap().pending.insert(id.clone(), tx);
            rx
        });
        let call = async {
            self.send_when_online(text).await?;
            match rx {
                None => Ok(Value::Null),
                Some(rx) => rx.await.unwrap_or_else(|_| Err(Error::new(codes::INVOCATION_STOPPED, "worker closed"))),
            }
        };
        let outcome = tokio::time::timeout(timeout, call).await;
        if let Some(id) = &invocation_id {
            self.inner.state.lock().unwrap().pending.remove(id);
        }
        match outcome {
            Ok(result) => result,
            Err(_) => Err(Error {
                function_id: Some(function_id.to_owned()),
                ..Error::new(codes::TIMEOUT, format!("invocation timed out after {}ms", timeout.as_millis()))
            }),
        }
    }

    /// Waits for a connection, then hands the frame to its writer.
    async fn send_when_online(&self, text: String) -> Result<(), Error> {
        let mut up = self.inner.connected.subscribe();
        loop {
            let out = {
                let st = self.inner.state.lock().unwrap();
                if let Some(fatal) = &st.fatal {
                    return Err(fatal.clone());
                }
                st.out.clone()
            };
            if *self.inner.closed.borrow() {
                return Err(Error::new(codes::INVOCATION_STOPPED, "worker closed"));
            }
            if let Some(out) = out {
                if out.send(Message::Text(text.clone())).is_ok() {
                    return Ok(());
                }
            }
            if up.wait_for(|c| *c).await.is_err() {
                return Err(Error::new(codes::INVOCATION_STOPPED, "worker closed"));
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// Queues a frame on the current connection; dropped when offline (registrations replay).
fn send(inner: &Inner, frame: &p::Frame) -> bool {
    let Ok(text) = serde_json::to_string(frame) else { return false };
    let out = inner.state.lock().unwrap().out.clone();
    out.map(|o| o.send(Message::Text(text)).is_ok()).unwrap_or(false)
}

fn random_unit() -> f64 {
    (uuid::Uuid::new_v4().as_u128() >> 64) as f64 / u64::MAX as f64
}

async fn run(inner: Arc<Inner>) {
    let mut attempt: u32 = 0;
    let mut closed = inner.closed.subscribe();
    loop {
        if *closed.borrow() {
            return;
        }
        if connect_once(&inner, &mut closed).await {
            attempt = 0;
        }
        if *closed.borrow() || inner.state.lock().unwrap().fatal.is_some() {
            return;
        }
        let r = &inner.options.reconnect;
        if r.max_retries.is_some_and(|max| attempt >= max) {
            return;
        }
        let base = (r.initial_delay.as_secs_f64() * r.backoff_multiplier.powi(attempt as i32)).min(r.max_delay.as_secs_f64());
        let delay = (base + base * r.jitter_factor * (2.0 * random_unit() - 1.0)).max(0.0);
        attempt += 1;
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs_f64(delay)) => {}
            _ = closed.changed() => return,
        }
    }
}

fn frames_on_open(inner: &Inner, st: &State) -> Vec<p::Frame> {
    let mut frames = Vec::new();
    if let (Some(id), Some(token)) = (&st.worker_id, &st.reattach_token) {
        frames.push(p::Frame::Reattach(p::Reattach { previous_worker_id: id.clone(), reattach_token: Some(token.clone()) }));
    }
    frames.push(announcement(inner));
    frames.extend(st.trigger_types.values().map(|(f, _)| p::Frame::RegisterTriggerType(f.clone())));
    frames.extend(st.functions.values().map(|(f, _)| p::Frame::RegisterFunction(f.clone())));
    frames.extend(st.triggers.values().map(|f| p::Frame::RegisterTrigger(f.clone())));
    frames
}

fn announcement(inner: &Inner) -> p::Frame {
    let mut data = json!({
        "runtime": "rust",
        "version": VERSION,
        "name": inner.name,
        "os": format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        "pid": std::process::id(),
        "telemetry": { "language": "rust", "framework": "iii-client" },
    });
    if let Some(d) = &inner.options.worker_description {
        data["description"] = json!(d);
    }
    if let Some(ns) = &inner.options.namespace {
        data["namespace"] = json!(ns);
    }
    p::Frame::InvokeFunction(p::InvokeFunction {
        function_id: "engine::workers::register".to_owned(),
        data: Some(data),
        action: Some(p::TriggerAction::Void(p::TriggerActionVoid {})),
        ..Default::default()
    })
}

/// Runs one connection to its end; reports whether it opened.
async fn connect_once(inner: &Arc<Inner>, closed: &mut watch::Receiver<bool>) -> bool {
    let Ok(mut request) = inner.url.as_str().into_client_request() else { return false };
    for (k, v) in &inner.options.headers {
        if let (Ok(k), Ok(v)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
            request.headers_mut().insert(k, v);
        }
    }
    let mut config = WebSocketConfig::default();
    config.max_message_size = None;
    config.max_frame_size = None;
    let connecting = tokio_tungstenite::connect_async_with_config(request, Some(config), true);
    let ws = match tokio::time::timeout(Duration::from_secs(10), connecting).await {
        Ok(Ok((ws, _))) => ws,
        _ => return false,
    };
    let (mut sink, mut stream) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    {
        let mut st = inner.state.lock().unwrap();
        for frame in frames_on_open(inner, &st) {
            if let Ok(text) = serde_json::to_string(&frame) {
                let _ = tx.send(Message::Text(text));
            }
        }
        st.out = Some(tx.clone());
    }
    inner.connected.send_replace(true);
    let writer = tokio::spawn(async move {
        while let Some(message) = rx.recv().await {
            let close = matches!(message, Message::Close(_));
            if sink.send(message).await.is_err() || close {
                break;
            }
        }
        let _ = sink.close().await;
    });
    loop {
        tokio::select! {
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => dispatch(inner, &text),
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            _ = closed.changed() => {
                let _ = tx.send(Message::Close(None));
                break;
            }
        }
    }
    inner.connected.send_replace(false);
    inner.state.lock().unwrap().out = None;
    drop(tx);
    let _ = tokio::time::timeout(Duration::from_secs(5), writer).await;
    true
}

fn dispatch(inner: &Arc<Inner>, text: &str) {
    let Ok(frame) = serde_json::from_str::<p::Frame>(text) else { return };
    match frame {
        p::Frame::InvocationResult(r) => {
            let waiter = inner.state.lock().unwrap().pending.remove(&r.invocation_id);
            if let Some(tx) = waiter {
                let outcome = match r.error {
                    Some(e) => Err(Error::from_body(e, r.function_id)),
                    None => Ok(r.result.unwrap_or(Value::Null)),
                };
                let _ = tx.send(outcome);
            }
        }
        p::Frame::InvokeFunction(f) => {
            tokio::spawn(on_invoke(inner.clone(), f));
        }
        p::Frame::WorkerRegistered(w) => {
            let mut st = inner.state.lock().unwrap();
            st.worker_id = Some(w.worker_id);
            st.reattach_token = w.reattach_token;
        }
        p::Frame::Ping(_) => {
            send(inner, &p::Frame::Pong(p::Pong {}));
        }
        p::Frame::RegisterTrigger(t) => {
            tokio::spawn(on_binding(inner.clone(), t));
        }
        p::Frame::UnregisterTrigger(t) => {
            tokio::spawn(on_unbind(inner.clone(), t));
        }
        p::Frame::RegistrationRejected(r) if r.code == codes::WORKER_NAMESPACE_CONFLICT => {
            let msg = format!("worker name is held by {}", r.owner_worker_id);
            inner.state.lock().unwrap().fatal = Some(Error::new(r.code, msg));
        }
        p::Frame::Error(e) => {
            inner.state.lock().unwrap().fatal = Some(Error::from_body(e.error, None));
        }
        _ => {}
    }
}

async fn on_invoke(inner: Arc<Inner>, f: p::InvokeFunction) {
    let handler = inner.state.lock().unwrap().functions.get(&f.function_id).map(|(_, h)| h.clone());
    let outcome = match handler {
        None => Err(Error::new(
            codes::FUNCTION_NOT_FOUND,
            format!("Function {} is not registered on this worker", f.function_id),
        )),
        Some(h) => {
            let run = TRACEPARENT.scope(f.traceparent.clone(), h(f.data.clone().unwrap_or(Value::Null)));
            // A panicking handler is answered like a failing one.
            match tokio::spawn(run).await {
                Ok(result) => result,
                Err(e) => Err(Error::new(codes::INVOCATION_FAILED, panic_message(e))),
            }
        }
    };
    let Some(invocation_id) = f.invocation_id else { return };
    let (result, error) = match outcome {
        Ok(v) => (Some(v), None),
        Err(e) => (None, Some(e.to_body())),
    };
    let frame = p::Frame::InvocationResult(p::InvocationResult {
        invocation_id,
        function_id: Some(f.function_id),
        result,
        error,
        traceparent: f.traceparent,
        baggage: f.baggage,
    });
    send(&inner, &frame);
}

fn panic_message(e: tokio::task::JoinError) -> String {
    match e.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "handler panicked".to_owned()),
        Err(e) => e.to_string(),
    }
}

async fn on_binding(inner: Arc<Inner>, t: p::RegisterTrigger) {
    let handler = inner.state.lock().unwrap().trigger_types.get(&t.trigger_type).map(|(_, h)| h.clone());
    let binding = TriggerBinding {
        id: t.id.clone(),
        trigger_type: t.trigger_type.clone(),
        function_id: t.function_id.clone(),
        config: t.config.clone(),
        metadata: t.metadata.clone(),
    };
    let error = match handler {
        None => Some(Error::new(codes::TRIGGER_TYPE_NOT_FOUND, format!("trigger type {} not provided here", t.trigger_type))),
        Some(h) => h.register_trigger(binding).await.err().map(|e| Error::new(codes::TRIGGER_REGISTRATION_FAILED, e.message)),
    };
    let frame = p::Frame::TriggerRegistrationResult(p::TriggerRegistrationResult {
        id: t.id,
        trigger_type: t.trigger_type,
        function_id: t.function_id,
        error: error.map(|e| e.to_body()),
    });
    send(&inner, &frame);
}

async fn on_unbind(inner: Arc<Inner>, t: p::UnregisterTrigger) {
    let Some(trigger_type) = t.trigger_type else { return };
    let handler = inner.state.lock().unwrap().trigger_types.get(&trigger_type).map(|(_, h)| h.clone());
    if let Some(h) = handler {
        let binding = TriggerBinding { id: t.id, trigger_type, function_id: String::new(), config: Value::Null, metadata: None };
        let _ = h.unregister_trigger(binding).await;
    }
}
