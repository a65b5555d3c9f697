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

pub(crate) fn child_traceparent(parent: Option<&str>) -> String {
    let id = parent.and_then(trace_id).map(str::to_owned).unwrap_or_else(|| random_hex(16));
    format!("00-{}-{}-01", id, random_hex(8))
}
