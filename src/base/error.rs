//! One error type for the whole engine. Every failure a user can cause (bad file, unknown element,
//! absurd parameter, a run that blows up) becomes one of these, with a message that names the
//! problem; front ends print it as one line and never panic.

use std::fmt;

/// An engine error: a human-readable message naming what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    msg: String,
}

impl Error {
    /// An error with the given message.
    pub fn new(msg: impl Into<String>) -> Self {
        Error { msg: msg.into() }
    }

    /// The message, one line.
    pub fn message(&self) -> &str {
        &self.msg
    }

    /// Prefixes the message with context, e.g. the file name: `"Au.eam.alloy: line 5: ..."`.
    pub fn context(self, ctx: impl fmt::Display) -> Self {
        Error::new(format!("{ctx}: {}", self.msg))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(e.to_string())
    }
}

/// Result with the engine's error type.
pub type Result<T> = std::result::Result<T, Error>;

/// Returns early with an [`Error`] built from a format string.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::base::error::Error::new(format!($($arg)*))) };
}
