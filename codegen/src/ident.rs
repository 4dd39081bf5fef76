//! Identifier rules, one set for the schema checker (`model::resolve`) and the importers
//! alike: which words Rust keeps, which names generated code takes for itself, what may
//! name an API, a module, a type, a field or a constant, and how a schema's names become
//! Rust names (with `heck`, as prost-build's `ident` module does).
//!
//! An importer that writes a name the checker would refuse adds `rust-name:` exactly
//! there; both asking this module is what keeps the two in step.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions), which cannot name a field, module
/// or API.
pub const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Member names the generated structs use themselves.
pub const RESERVED_FIELDS: &[&str] = &["unknown_fields", "custom_fields", "attributes", "variant"];

/// The type names of the Stalwart vocabulary (its reference pages' words).
pub const STALWART_TYPES: &[&str] =
    &["String", "Text", "Boolean", "Integer", "UnsignedInt", "Float", "UTCDateTime", "Id", "BlobId", "EmailAddress"];

/// The field types of the Salesforce vocabulary (its describe's `type` values).
pub const SALESFORCE_TYPES: &[&str] = &[
    "id",
    "reference",
    "string",
    "textarea",
    "boolean",
    "int",
    "double",
    "date",
    "dateTime",
    "picklist",
    "combobox",
    "email",
    "phone",
    "url",
    "JunctionIdList",
];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` is a name the schema language has already: a built-in type of either
/// vocabulary, or one of its type constructors.
pub fn is_builtin_type(s: &str) -> bool {
    STALWART_TYPES.contains(&s) || SALESFORCE_TYPES.contains(&s) || matches!(s, "List" | "Set" | "Self")
}

/// Whether `s` is an ASCII `snake_case` identifier (`_` alone is a pattern, not a name).
pub fn is_lower_ident(s: &str) -> bool {
    s != "_"
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `s` is an ASCII `UpperCamelCase` identifier.
pub fn is_upper_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `s` is an ASCII `SHOUTY_SNAKE_CASE` identifier.
pub fn is_const_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `s` may name a Rust field of a generated struct.
pub fn is_field_name(s: &str) -> bool {
    is_lower_ident(s) && !is_keyword(s) && !RESERVED_FIELDS.contains(&s)
}

/// Whether `s` may name an API (its Rust module and cargo feature) or a module.
pub fn is_module_name(s: &str) -> bool {
    is_lower_ident(s) && !is_keyword(s)
}

/// Whether `s` may name a variant of a generated enumeration: `Unknown` holds what the
/// schema does not know.
pub fn is_variant_name(s: &str) -> bool {
    is_upper_ident(s) && s != "Unknown" && s != "Self"
}

/// The Rust name derived from a field's wire name (`accountId` → `account_id`).
pub fn field_name(wire: &str) -> String {
    wire.to_snake_case()
}

/// The Rust name derived from a schema name of a type, variant or picklist
/// (`account_maintenance` → `AccountMaintenance`).
pub fn type_name(name: &str) -> String {
    name.to_upper_camel_case()
}

/// The module name of an object file (`task.yaml` → `task`).
pub fn module_name(file_name: &str) -> String {
    file_name.trim_end_matches(".yaml").trim_end_matches(".yml").to_snake_case()
}

/// The file an importer writes an object into (`EmailAccount` → `email_account.yaml`),
/// whose module name [`module_name`] gives back.
pub fn object_file(object: &str) -> String {
    format!("{}.yaml", object.to_snake_case())
}

/// The variant name derived from an enumeration value: `Value` before a leading digit.
pub fn value_name(wire: &str) -> String {
    let mut n = wire.to_upper_camel_case();
    if n.starts_with(|c: char| c.is_ascii_digit()) {
        n.insert_str(0, "Value");
    }
    n
}

/// The constant name derived from a bitmask flag (`readOnly` → `READ_ONLY`).
pub fn const_name(flag: &str) -> String {
    flag.to_shouty_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_derived_with_heck() {
        assert_eq!(field_name("accountId"), "account_id");
        assert_eq!(field_name("AccountId"), "account_id");
        assert_eq!(type_name("account_maintenance"), "AccountMaintenance");
        assert_eq!(module_name("due-task.yaml"), "due_task");
        assert_eq!(module_name("task.yml"), "task");
        assert_eq!(object_file("EmailAccount"), "email_account.yaml");
        assert_eq!(module_name(&object_file("EmailAccount")), "email_account");
        assert_eq!(value_name("in-progress"), "InProgress");
        assert_eq!(value_name("3des"), "Value3des");
        assert_eq!(const_name("readOnly"), "READ_ONLY");
    }

    #[test]
    fn identifiers_are_checked() {
        assert!(is_lower_ident("task_2") && is_lower_ident("_x"));
        assert!(!is_lower_ident("_") && !is_lower_ident("Task") && !is_lower_ident("naïve") && !is_lower_ident(""));
        assert!(is_upper_ident("TaskStatus") && !is_upper_ident("taskStatus") && !is_upper_ident("Task_Status"));
        assert!(is_const_ident("READ_ONLY") && !is_const_ident("ReadOnly"));
        assert!(is_field_name("status") && !is_field_name("type") && !is_field_name("unknown_fields"));
        assert!(is_module_name("task") && !is_module_name("mod") && !is_module_name("Task"));
        assert!(is_variant_name("Pending") && !is_variant_name("Unknown") && !is_variant_name("Self"));
    }

    #[test]
    fn keywords_and_builtins_are_known() {
        for k in ["type", "async", "gen", "Self", "try"] {
            assert!(is_keyword(k), "{k}");
        }
        assert!(!is_keyword("status"));
        assert!(is_builtin_type("UTCDateTime") && is_builtin_type("picklist") && is_builtin_type("List"));
        assert!(!is_builtin_type("TaskStatus"));
    }
}
