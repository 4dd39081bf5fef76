// @generated: copied from codegen/runtime/error.rs by `cargo xtask generate`; edit it there.
//! Validation errors: every problem in a payload, each with an RFC 6901 pointer and a kind.

use std::fmt;

/// What went wrong with one member of a payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A member the object (or the chosen variant) does not define.
    UnknownField,
    /// A defined member that may not be sent in this operation.
    Forbidden,
    /// A required member is missing, or `null` where `null` is not allowed.
    Required,
    /// The JSON type is wrong.
    Type,
    /// The JSON type is right but the content is malformed (a date, an identifier).
    Format,
    /// A value outside a restricted set, or one clients may not set.
    InvalidValue,
    /// A string longer than its limit, counted in characters.
    TooLong,
    /// A number outside its range.
    OutOfRange,
    /// A rule tying several members together does not hold.
    Rule,
    /// The body is not JSON at all; the pointer says how far parsing got.
    Syntax,
}

impl ErrorKind {
    /// The kind's name as the conformance cases spell it (`unknown_field`, `too_long`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnknownField => "unknown_field",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::Required => "required",
            ErrorKind::Type => "type",
            ErrorKind::Format => "format",
            ErrorKind::InvalidValue => "invalid_value",
            ErrorKind::TooLong => "too_long",
            ErrorKind::OutOfRange => "out_of_range",
            ErrorKind::Rule => "rule",
            ErrorKind::Syntax => "syntax",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, located by a JSON pointer into the payload as sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationError {
    pointer: String,
    kind: ErrorKind,
    message: String,
}

impl ValidationError {
    /// A new error at `pointer` (RFC 6901, `""` for the whole payload).
    pub fn new(pointer: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        ValidationError { pointer: pointer.into(), kind, message: message.into() }
    }
    /// The RFC 6901 pointer of the offending member.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }
    /// The kind of problem.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// A sentence a person understands.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() { "(payload)" } else { &self.pointer };
        write!(f, "{at}: {} [{}]", self.message, self.kind)
    }
}

/// Every problem found in one payload; never empty when returned as an error.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ValidationErrors {
    errors: Vec<ValidationError>,
}

impl ValidationErrors {
    /// Wraps a list of errors.
    pub fn from_vec(errors: Vec<ValidationError>) -> Self {
        ValidationErrors { errors }
    }
    /// The errors, in the order they were found.
    pub fn errors(&self) -> &[ValidationError] {
        &self.errors
    }
    /// Iterates over the errors.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.errors.iter()
    }
    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.errors.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
    /// The errors as a vector.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.errors
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in payload", self.errors.len())?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}
