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
    code: Option<&'static str>,
}

impl ValidationError {
    /// A new error at `pointer` (RFC 6901, `""` for the whole payload).
    pub fn new(pointer: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        ValidationError { pointer: pointer.into(), kind, message: message.into(), code: None }
    }
    /// The same error with an API error code more specific than its kind
    /// (`MALFORMED_ID`, `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`).
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }
    /// The API error code the check gave, if any.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }
    /// Puts `segment` (`/key`, already escaped) in front of the pointer: the decoder
    /// records errors relative to where they occur and each enclosing level adds its own.
    pub(crate) fn prefix(&mut self, segment: &str) {
        self.pointer.insert_str(0, segment);
    }
    /// Replaces a first segment `/name` (the whole pointer, or followed by `/`) with
    /// `/sent`, escaped as RFC 6901 says.
    pub(crate) fn respell_first(&mut self, name: &str, sent: &str) {
        let rest = match self.pointer.strip_prefix('/').and_then(|p| p.strip_prefix(name)) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_owned(),
            _ => return,
        };
        let escaped = sent.replace('~', "~0").replace('/', "~1");
        self.pointer = format!("/{escaped}{rest}");
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

/// Why a lone value (an id, a date, a date-time) could not be parsed from a string
/// (`"abc".parse::<Id>()`): one problem about the value itself, with no payload around it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    kind: ErrorKind,
    message: String,
    code: Option<&'static str>,
}

impl ParseError {
    /// The kind of problem (`format` for a malformed id or date).
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// A sentence a person understands.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The API error code the check gave, if any (`MALFORMED_ID`).
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }
    /// The problem of a scalar decoded outside any payload: the first one found (a
    /// scalar check records one), or a generic one when none was recorded.
    pub(crate) fn from_errors(errors: ValidationErrors, expected: &str) -> Self {
        match errors.into_vec().into_iter().next() {
            Some(e) => ParseError { kind: e.kind, message: e.message, code: e.code },
            None => ParseError { kind: ErrorKind::Format, message: format!("not {expected}"), code: None },
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// The problem as a payload report: one error at pointer `""`.
    ///
    /// A method rather than `From`: a second `From` impl into `ValidationErrors` would
    /// leave `.map_err(|e| panic!(..))?` in callers' code without a type to infer.
    pub fn into_errors(self) -> ValidationErrors {
        let mut error = ValidationError::new("", self.kind, self.message);
        error.code = self.code;
        ValidationErrors::from_vec(vec![error])
    }
}

impl ValidationErrors {
    /// The Salesforce REST API's error body: `[{"message", "errorCode", "fields"}]`,
    /// one entry per problem.
    #[cfg(feature = "salesforce")]
    pub fn to_salesforce_errors(&self) -> serde_json::Value {
        let entries = self.errors.iter().map(|e| {
            let code = e.code.unwrap_or(match e.kind {
                ErrorKind::UnknownField => "INVALID_FIELD",
                ErrorKind::Forbidden => "INVALID_FIELD_FOR_INSERT_UPDATE",
                ErrorKind::Required => "REQUIRED_FIELD_MISSING",
                ErrorKind::Type | ErrorKind::Format | ErrorKind::Syntax => "JSON_PARSER_ERROR",
                ErrorKind::InvalidValue => "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                ErrorKind::TooLong => "STRING_TOO_LONG",
                ErrorKind::OutOfRange => "NUMBER_OUTSIDE_VALID_RANGE",
                ErrorKind::Rule => "FIELD_INTEGRITY_EXCEPTION",
            });
            let fields: Vec<String> = first_segment(&e.pointer).into_iter().collect();
            serde_json::json!({ "message": e.message, "errorCode": code, "fields": fields })
        });
        serde_json::Value::Array(entries.collect())
    }

    /// The JMAP `SetError` the Stalwart server gives for the same problems (its
    /// `crates/registry` and `crates/jmap`, and the exchanges recorded in the server
    /// README), as JSON: see [`to_set_error`](Self::to_set_error).
    #[cfg(feature = "stalwart")]
    pub fn to_jmap_set_error(&self, op: crate::Op) -> serde_json::Value {
        serde_json::to_value(self.to_set_error(op)).unwrap_or(serde_json::Value::Null)
    }

    /// The JMAP `SetError` the Stalwart server gives for the same problems:
    ///
    /// - A value the server cannot take while applying the body (a member it does not
    ///   know, a server-set or read-only one, a wrong type, format, value or range):
    ///   `invalidPatch`, with `properties` listing each key as sent (`status/due`). The
    ///   server stops at the first; this lists them all.
    /// - Otherwise a missing required member or a broken rule (found by the server's
    ///   validation after applying the body): `validationFailed`, with one
    ///   `validationErrors` entry each (`Required`, `Invalid`) naming the property.
    /// - Otherwise a variant clients may not create: `forbidden`.
    ///
    /// `op` is kept for callers that tell creates from updates; the server answers both
    /// alike. An `invalidForeignKey` (an id naming no stored object) can only come from
    /// the server.
    #[cfg(feature = "stalwart")]
    pub fn to_set_error(&self, op: crate::Op) -> crate::jmap::SetError {
        use crate::jmap::{ServerValidationError, SetError};
        let _ = op;
        let key = |e: &ValidationError| e.pointer.strip_prefix('/').unwrap_or(&e.pointer).to_owned();
        let description = self.errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        let patch_level: Vec<&ValidationError> = self
            .errors
            .iter()
            .filter(|e| {
                // Found after the body applied (validation), or the variant itself.
                let validation = matches!(e.kind, ErrorKind::Required | ErrorKind::Rule);
                let internal_variant = e.kind == ErrorKind::Forbidden && e.pointer == "/@type";
                !(validation || internal_variant)
            })
            .collect();
        let mut out;
        if !patch_level.is_empty() {
            out = SetError::new("invalidPatch");
            let mut properties: Vec<String> = Vec::new();
            for e in patch_level {
                let k = key(e);
                if !properties.contains(&k) {
                    properties.push(k);
                }
            }
            out.properties = Some(properties);
        } else if self.errors.iter().any(|e| matches!(e.kind, ErrorKind::Required | ErrorKind::Rule)) {
            out = SetError::new("validationFailed");
            // The server names a property, not a path: the last segment.
            let property = |e: &ValidationError| {
                let k = key(e);
                k.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~")
            };
            out.validation_errors = self
                .errors
                .iter()
                .map(|e| match e.kind {
                    ErrorKind::Required => ServerValidationError::Required { property: property(e) },
                    _ => ServerValidationError::Invalid { property: property(e), value: String::new() },
                })
                .collect();
        } else {
            out = SetError::new("forbidden");
        }
        out.description = Some(description);
        out
    }
}

/// The member a pointer starts at, unescaped (`/TaskWhoIds/1` gives `TaskWhoIds`).
#[cfg(feature = "salesforce")]
fn first_segment(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix('/')?;
    let seg = rest.split('/').next().unwrap_or(rest);
    Some(seg.replace("~1", "/").replace("~0", "~"))
}

// Both cases are an API's error body.
#[cfg(all(test, any(feature = "salesforce", feature = "stalwart")))]
mod tests {
    use super::*;
    #[cfg(feature = "stalwart")]
    use crate::Op;

    #[cfg(feature = "salesforce")]
    fn errors() -> ValidationErrors {
        ValidationErrors::from_vec(vec![
            ValidationError::new("/Subject", ErrorKind::TooLong, "too long"),
            ValidationError::new("/WhoId", ErrorKind::Format, "not an id").with_code("MALFORMED_ID"),
            ValidationError::new("/TaskWhoIds/1", ErrorKind::InvalidValue, "wrong target")
                .with_code("FIELD_INTEGRITY_EXCEPTION"),
            ValidationError::new("/Priority", ErrorKind::Required, "required"),
        ])
    }

    #[test]
    #[cfg(feature = "salesforce")]
    fn salesforce_body_has_one_entry_per_problem_with_its_field() {
        let body = errors().to_salesforce_errors();
        let codes: Vec<&str> = body.as_array().unwrap().iter().map(|e| e["errorCode"].as_str().unwrap()).collect();
        assert_eq!(codes, ["STRING_TOO_LONG", "MALFORMED_ID", "FIELD_INTEGRITY_EXCEPTION", "REQUIRED_FIELD_MISSING"]);
        assert_eq!(body[2]["fields"], serde_json::json!(["TaskWhoIds"]));
        assert_eq!(body[0]["message"], "too long");
    }

    #[test]
    #[cfg(feature = "stalwart")]
    fn jmap_set_error_is_what_the_server_gives() {
        let forbidden = ValidationErrors::from_vec(vec![
            ValidationError::new("/status/createdAt", ErrorKind::Forbidden, "server-set"),
            ValidationError::new("/due", ErrorKind::Type, "bad"),
        ]);
        // The server refuses a server-set member while applying the patch.
        let e = forbidden.to_jmap_set_error(Op::Update);
        assert_eq!(e["type"], "invalidPatch");
        assert_eq!(e["properties"], serde_json::json!(["status/createdAt", "due"]));
        // Keys as sent: a patch key holding an escaped slash stays escaped.
        let escaped = ValidationErrors::from_vec(vec![ValidationError::new("/a~1b", ErrorKind::UnknownField, "no")]);
        assert_eq!(escaped.to_jmap_set_error(Op::Update)["properties"], serde_json::json!(["a~1b"]));
        // Missing members are found by validation, after the body applied.
        let missing = ValidationErrors::from_vec(vec![
            ValidationError::new("/accountName", ErrorKind::Required, "required"),
            ValidationError::new("/status/due", ErrorKind::Required, "required"),
        ]);
        let e = missing.to_jmap_set_error(Op::Create);
        assert_eq!(e["type"], "validationFailed");
        assert_eq!(
            e["validationErrors"],
            serde_json::json!([{"type": "Required", "property": "accountName"}, {"type": "Required", "property": "due"}])
        );
        assert!(e.get("properties").is_none());
        // An internal variant: forbidden.
        let internal = ValidationErrors::from_vec(vec![ValidationError::new("/@type", ErrorKind::Forbidden, "internal")]);
        assert_eq!(internal.to_jmap_set_error(Op::Create)["type"], "forbidden");
        let patch = ValidationErrors::from_vec(vec![ValidationError::new(
            "/status/attemptNumber",
            ErrorKind::UnknownField,
            "no such member",
        )]);
        assert_eq!(patch.to_jmap_set_error(Op::Update)["type"], "invalidPatch");
        assert_eq!(patch.to_jmap_set_error(Op::Create)["type"], "invalidPatch");
    }
}
