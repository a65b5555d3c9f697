//! Options of a worker connection, with the defaults of the Node iii-sdk where they apply.

use std::collections::BTreeMap;
use std::time::Duration;

/// Exponential backoff between reconnect attempts.
#[derive(Debug, Clone)]
pub struct ReconnectOptions {
    pub initial_delay: Duration,
    pub max_delay: Duration,
    pub backoff_multiplier: f64,
    pub jitter_factor: f64,
    /// `None` retries forever.
    pub max_retries: Option<u32>,
}

impl Default for ReconnectOptions {
    fn default() -> Self {
        ReconnectOptions {
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            backoff_multiplier: 2.0,
            jitter_factor: 0.3,
            max_retries: None,
        }
    }
}

/// How a worker connects and announces itself.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Shown in engine::workers::list; env `III_WORKER_NAME` wins, then `hostname:pid`.
    pub worker_name: Option<String>,
    pub worker_description: Option<String>,
    /// The namespace this worker registers into; `None` is `default`.
    pub namespace: Option<String>,
    /// Deadline of a call without its own.
    pub invocation_timeout: Duration,
    pub reconnect: ReconnectOptions,
    /// Extra headers of the WebSocket upgrade (seen by an auth function).
    pub headers: BTreeMap<String, String>,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            worker_name: None,
            worker_description: None,
            namespace: None,
            invocation_timeout: Duration::from_secs(30),
            reconnect: ReconnectOptions::default(),
            headers: BTreeMap::new(),
        }
    }
}

impl WorkerOptions {
    /// Options with a worker name.
    pub fn named(name: impl Into<String>) -> Self {
        WorkerOptions { worker_name: Some(name.into()), ..Default::default() }
    }

    pub(crate) fn resolved_name(&self) -> String {
        std::env::var("III_WORKER_NAME").ok().filter(|s| !s.is_empty())
            .or_else(|| self.worker_name.clone())
            .unwrap_or_else(|| format!("rust:{}", std::process::id()))
    }
}
