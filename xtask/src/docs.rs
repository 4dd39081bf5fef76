//! The generated crate's documentation shows the user API only: what generated code calls
//! in the runtime (codecs, decoding builders, patch machinery) is `#[doc(hidden)]`, and so
//! are the generated impls of those traits.

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use crate::workspace_root;

    /// Runtime items only generated code uses, as rustdoc would name them in a page.
    const INTERNAL: &[&str] = &[
        "Codec",
        "Ctx",
        "Builder",
        "Members",
        "Union",
        "Scalar",
        "Slot",
        "Seed",
        "MemberSeed",
        "drain_map",
        "drain_seq",
        "fill",
        "fill_direct",
        "forbidden",
        "required",
        "Patchable",
        "PatchBuilder",
        "Bitmask",
        "BitmaskCodec",
        "PartialObject",
        "KeyPrefixes",
        "Reference",
        "LookupTargets",
        "ByExternalId",
        "InYear",
        "Nullable",
        "Tri",
        "Array",
        "ObjectList",
        "ObjectSet",
        "StrMax",
        "NonEmpty",
        "ExactInt",
        "DateIso",
        "DateTimeSecondsZ",
        "DateTimeMillisOffset",
        "builders",
    ];

    /// Names a user reaches for, which must stay: without them the check would pass on
    /// empty pages.
    const USER: &[(&str, &str)] = &[
        ("api_runtime", "Field"),
        ("api_runtime", "Date"),
        ("api_runtime", "UtcDateTime"),
        ("api_runtime", "ValidationErrors"),
        ("api_runtime", "ParseError"),
        ("api_runtime", "Patch"),
        ("api_runtime", "Id"),
        ("api_runtime", "SetError"),
        ("api_runtime", "CustomFields"),
        ("api_models", "Task"),
        ("api_models", "TaskPatch"),
        ("api_models", "TaskUpdate"),
    ];

    /// The tests share one documentation folder, each writing it and then reading it.
    static DOCS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// The paths `all.html` lists (each link's text: `salesforce::task::Task`).
    fn listed(all: &str) -> Vec<String> {
        all.split("<a href=\"")
            .skip(1)
            .filter_map(|a| a.split_once("\">").and_then(|(_, rest)| rest.split_once("</a>")).map(|(t, _)| t))
            .map(str::to_owned)
            .collect()
    }

    /// Documents api-models and api-runtime with `features` of api-models (none: its
    /// defaults) and returns the documentation folder and what each crate's all.html
    /// lists, as `(crate, last path segment, path)`.
    fn document(features: Option<&str>) -> (PathBuf, Vec<(&'static str, String, String)>) {
        let root = workspace_root();
        let target = root.join("target/out-anywhere");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut command = Command::new(&cargo);
        command.args(["doc", "--quiet", "--no-deps", "-p", "api-models", "-p", "api-runtime"]);
        if let Some(f) = features {
            command.args(["--no-default-features", "--features", &format!("api-models/{f}")]);
        }
        // One cache with `out_anywhere`, so that dependencies build once.
        let status = command.current_dir(&root).env("CARGO_TARGET_DIR", &target).status().expect("cargo runs");
        assert!(status.success(), "cargo doc fails ({features:?})");
        let doc = target.join("doc");
        let mut shown = Vec::new();
        for krate in ["api_runtime", "api_models"] {
            let all = fs::read_to_string(doc.join(krate).join("all.html")).expect("rustdoc writes all.html");
            for path in listed(&all) {
                shown.push((krate, path.rsplit("::").next().unwrap_or(&path).to_owned(), path));
            }
        }
        (doc, shown)
    }

    /// With one API's feature only, the other API's names are not there: not its
    /// module of the generated crate, nor the runtime's support for it.
    #[test]
    fn one_api_feature_exports_none_of_the_other_api() {
        let _docs = DOCS.lock().unwrap_or_else(|e| e.into_inner());
        let salesforce = [
            "salesforce::",
            "salesforce_rest::",
            "salesforce_composite::",
            "sobject_collections::",
            "external_id::",
            "related_records::",
        ];
        let stalwart = ["stalwart::", "jmap::", "patch::", "partial::"];
        for (on, off, own) in [
            ("stalwart", &salesforce[..], "stalwart::task::TaskPatch"),
            ("salesforce", &stalwart[..], "salesforce::task::TaskUpdate"),
        ] {
            let (doc, shown) = document(Some(on));
            assert!(shown.iter().any(|(_, _, p)| p == own), "with `{on}` only, `{own}` is not documented");
            let other: Vec<_> = shown.iter().filter(|(_, _, p)| off.iter().any(|o| p.starts_with(o))).collect();
            assert!(other.is_empty(), "with `{on}` only, the other API's names are exported: {other:?}");
            // Methods too: the errors' conversions to each API's error bodies.
            let (kept, gone) = if on == "stalwart" {
                ("to_jmap_set_error", "to_salesforce_errors")
            } else {
                ("to_salesforce_errors", "to_jmap_set_error")
            };
            let page =
                fs::read_to_string(doc.join("api_runtime/error/struct.ValidationErrors.html")).unwrap_or_default();
            assert!(
                page.contains(&format!("id=\"method.{kept}\"")),
                "with `{on}` only, ValidationErrors lacks `{kept}`"
            );
            assert!(
                !page.contains(&format!("id=\"method.{gone}\"")),
                "with `{on}` only, ValidationErrors has `{gone}`"
            );
        }
    }

    #[test]
    fn docs_show_the_user_api_only() {
        let _docs = DOCS.lock().unwrap_or_else(|e| e.into_inner());
        let (doc, shown) = document(None);
        let shown: Vec<(&str, String)> = shown.into_iter().map(|(k, n, _)| (k, n)).collect();
        for (krate, name) in USER {
            assert!(shown.iter().any(|(k, n)| k == krate && n == name), "{krate} does not document `{name}`");
        }
        let internal: Vec<_> = shown.iter().filter(|(_, n)| INTERNAL.contains(&n.as_str())).collect();
        assert!(internal.is_empty(), "internal items are documented: {internal:?}");
        // A generated type's page lists its trait impls: none of a hidden trait.
        let mut impls = Vec::new();
        pages(&doc.join("api_models"), &mut |path, html| {
            for name in INTERNAL {
                if html.contains(&format!("id=\"impl-{name}-for-")) || html.contains(&format!("id=\"impl-{name}%3C")) {
                    impls.push(format!("{name} in {}", path.display()));
                }
            }
        });
        assert!(impls.is_empty(), "impls of internal traits are documented: {impls:?}");
    }

    fn pages(dir: &Path, f: &mut impl FnMut(&Path, &str)) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pages(&path, f);
            } else if path.extension().is_some_and(|e| e == "html") {
                f(&path, &fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
}
