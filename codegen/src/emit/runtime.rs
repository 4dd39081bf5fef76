//! The hand-written runtime (`runtime/`, package `api-runtime`): how a generated crate
//! reaches it, as a dependency (the default) or as a copy of its sources (for a crate
//! with no such dependency, as progenitor's `--include-client` bundles its client).

/// The runtime crate's package name, and the name its library is used by.
pub const PACKAGE: &str = "api-runtime";
/// The version generated crates ask for (`runtime/Cargo.toml`'s, checked by a test).
pub const VERSION: &str = "0.1.0";

/// The runtime's sources, (file name, contents), sorted by name.
const FILES: &[(&str, &str)] = &[
    ("bitmask.rs", include_str!("../../../runtime/src/bitmask.rs")),
    ("client.rs", include_str!("../../../runtime/src/client.rs")),
    ("container.rs", include_str!("../../../runtime/src/container.rs")),
    ("custom_fields.rs", include_str!("../../../runtime/src/custom_fields.rs")),
    ("de.rs", include_str!("../../../runtime/src/de.rs")),
    ("error.rs", include_str!("../../../runtime/src/error.rs")),
    ("external_id.rs", include_str!("../../../runtime/src/external_id.rs")),
    ("finite.rs", include_str!("../../../runtime/src/finite.rs")),
    ("jmap.rs", include_str!("../../../runtime/src/jmap.rs")),
    ("lib.rs", include_str!("../../../runtime/src/lib.rs")),
    ("limits.rs", include_str!("../../../runtime/src/limits.rs")),
    ("object.rs", include_str!("../../../runtime/src/object.rs")),
    ("partial.rs", include_str!("../../../runtime/src/partial.rs")),
    ("patch.rs", include_str!("../../../runtime/src/patch.rs")),
    ("related_records.rs", include_str!("../../../runtime/src/related_records.rs")),
    ("rules.rs", include_str!("../../../runtime/src/rules.rs")),
    ("salesforce.rs", include_str!("../../../runtime/src/salesforce.rs")),
    ("salesforce_composite.rs", include_str!("../../../runtime/src/salesforce_composite.rs")),
    ("salesforce_rest.rs", include_str!("../../../runtime/src/salesforce_rest.rs")),
    ("scalar.rs", include_str!("../../../runtime/src/scalar.rs")),
    ("sobject_collections.rs", include_str!("../../../runtime/src/sobject_collections.rs")),
    ("stalwart.rs", include_str!("../../../runtime/src/stalwart.rs")),
    ("time.rs", include_str!("../../../runtime/src/time.rs")),
    ("wire_enum.rs", include_str!("../../../runtime/src/wire_enum.rs")),
    ("wire_record.rs", include_str!("../../../runtime/src/wire_record.rs")),
];

/// The runtime as files of a generated crate's `src/runtime/` module: `lib.rs` becomes
/// `mod.rs`, and paths from the runtime crate's root (`crate::de::Op`, `$crate::de::…`
/// in macros) gain the module's name (`crate::runtime::de::Op`).
pub fn copied() -> impl Iterator<Item = (String, String)> {
    FILES.iter().map(|(name, text)| {
        let target = if *name == "lib.rs" { "mod.rs" } else { name };
        let contents = format!(
            "// @generated: copied from runtime/src/{name} by `cargo xtask generate`; edit it there.\n{}",
            text.replace("crate::", "crate::runtime::")
        );
        (format!("src/runtime/{target}"), contents)
    })
}

#[cfg(test)]
mod tests {
    /// Generated crates ask for the version the runtime crate has.
    #[test]
    fn version_is_the_runtime_crates() {
        let manifest = include_str!("../../../runtime/Cargo.toml");
        assert!(manifest.contains(&format!("\nversion = \"{}\"\n", super::VERSION)), "{manifest}");
    }

    /// Every source file of the runtime is copied: a new module cannot be forgotten.
    #[test]
    fn every_runtime_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("runtime/src exists")
            .map(|e| e.expect("readable").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, listed);
    }
}
