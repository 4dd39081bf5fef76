//! The hand-written runtime copied into every generated crate (ids, dates, errors,
//! decoding), kept in `codegen/runtime/` so that there is one source of it.

/// (file name, contents), sorted by name.
pub const FILES: &[(&str, &str)] = &[
    ("bitmask.rs", include_str!("../../runtime/bitmask.rs")),
    ("container.rs", include_str!("../../runtime/container.rs")),
    ("de.rs", include_str!("../../runtime/de.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("external_id.rs", include_str!("../../runtime/external_id.rs")),
    ("limits.rs", include_str!("../../runtime/limits.rs")),
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("object.rs", include_str!("../../runtime/object.rs")),
    ("patch.rs", include_str!("../../runtime/patch.rs")),
    ("rules.rs", include_str!("../../runtime/rules.rs")),
    ("salesforce.rs", include_str!("../../runtime/salesforce.rs")),
    ("scalar.rs", include_str!("../../runtime/scalar.rs")),
    ("sobject_collections.rs", include_str!("../../runtime/sobject_collections.rs")),
    ("stalwart.rs", include_str!("../../runtime/stalwart.rs")),
    ("time.rs", include_str!("../../runtime/time.rs")),
    ("wire_enum.rs", include_str!("../../runtime/wire_enum.rs")),
];
