//! Problems found in input: what the UI shows next to a field or in an error summary.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Blocks the next step (a download, saving a setting).
    Error,
    /// Shown, but does not block.
    Warning,
    /// Worth knowing; not a problem with the input.
    Notice,
}

/// One finding, with a Dutch message for the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
        }
    }
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
        }
    }
    pub fn notice(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Notice,
            message: message.into(),
        }
    }
}

/// True when any problem in the list blocks the next step.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}
