//! Rust client of the iii engine: register functions and trigger types, bind triggers, and
//! call functions over the engine's WebSocket worker protocol.
//!
//! Message types ([`protocol`]) and the error-code registry ([`codes`]) are generated from the
//! protocol's JSON Schema by `pnpm schema`.

mod channels;
mod error;
pub mod error_codes;
mod options;
pub mod protocol;
mod trace;
mod worker;

/// The error-code registry: one constant per code, and [`codes::error_code_info`].
pub use error_codes as codes;
pub use channels::{parse_channel_ref, ChannelReader, ChannelWriter};
pub use error::Error;
pub use options::{ReconnectOptions, WorkerOptions};
pub use trace::{current_traceparent, trace_id};
pub use worker::{BoxFuture, CallOptions, Registration, TriggerBinding, TriggerTypeHandler, Worker, VERSION};

/// Shorthand for a handler's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
