//! W3C trace context: a call made inside a handler continues the handler's trace.

tokio::task_local! {
    pub(crate) static TRACEPARENT: Option<String>;
}

/// The traceparent of the invocation this task is handling, if any.
pub fn current_traceparent() -> Option<String> {
    TRACEPARENT.try_with(|t| t.clone()).ok().flatten()
}

/// The trace id of a traceparent, or `None` when it is malformed.
pub fn trace_id(traceparent: &str) -> Option<&str> {
    let parts: Vec<&str> = traceparent.split('-').collect();
    (parts.len() == 4 && parts[1].len() == 32).then(|| parts[1])
}

fn random_hex(bytes: usize) -> String {
    let mut out = String::new();
    while out.len() < bytes * 2 {
        out.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    out.truncate(bytes * 2);
    out
}

/// The traceparent of a call: the handler's own (this client records no spans, so the
/// engine's span of the running invocation stays the parent), else a new trace.
pub(crate) fn child_traceparent(parent: Option<&str>) -> String {
    match parent {
        Some(p) if trace_id(p).is_some() => p.to_owned(),
        _ => format!("00-{}-{}-01", random_hex(16), random_hex(8)),
    }
}
