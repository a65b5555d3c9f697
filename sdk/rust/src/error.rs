//! The one error type of the client.

use crate::error_codes::{error_code_info, ErrorCodeInfo};
use crate::protocol::ErrorBody;
use std::fmt;

/// An error from the engine, a handler or this client. `code` is a registry code
/// ([`crate::codes`]) or a handler's own code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: String,
    pub message: String,
    pub stacktrace: Option<String>,
    pub function_id: Option<String>,
}

impl Error {
    /// An error with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Error { code: code.into(), message: message.into(), stacktrace: None, function_id: None }
    }

    /// The registry entry of the code, if it is registered.
    pub fn info(&self) -> Option<&'static ErrorCodeInfo> {
        error_code_info(&self.code)
    }

    /// Whether the same call may succeed when repeated unchanged.
    pub fn retryable(&self) -> bool {
        self.info().map(|i| i.retryable).unwrap_or(false)
    }

    pub(crate) fn from_body(body: ErrorBody, function_id: Option<String>) -> Self {
        Error { code: body.code, message: body.message, stacktrace: body.stacktrace, function_id }
    }

    pub(crate) fn to_body(&self) -> ErrorBody {
        ErrorBody { code: self.code.clone(), message: self.message.clone(), stacktrace: self.stacktrace.clone() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::new(crate::error_codes::SERIALIZATION_ERROR, e.to_string())
    }
}
