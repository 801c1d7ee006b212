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

    /// The message followed by a sentence of what still holds: `"{msg} ({after})"`.
    pub fn context_after(self, after: impl fmt::Display) -> Self {
        Error::new(format!("{} ({after})", self.msg))
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

/// Refuses `value` outside [lo, hi] (or not a number), naming the parameter, value and range.
pub fn check_range(what: &str, value: f64, unit: &str, lo: f64, hi: f64) -> Result<()> {
    if !(value.is_finite() && value >= lo && value <= hi) {
        let (v, lo, hi) = (readable(value), readable(lo), readable(hi));
        return Err(Error::new(format!(
            "{what} = {v} {unit} is out of range [{lo}, {hi}] {unit}"
        )));
    }
    Ok(())
}

/// A number as people write it: plain for moderate magnitudes, `1e308` style otherwise.
pub fn readable(v: f64) -> String {
    if v == 0.0 || !v.is_finite() || (1e-4..1e6).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}
