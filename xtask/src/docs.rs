//! The generated crate's documentation shows the user API only: what generated code calls
//! in the runtime (codecs, decoding builders, patch machinery) is `#[doc(hidden)]`, and so
//! are the generated impls of those traits.

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;
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
        ("api_models", "Task"),
        ("api_models", "TaskPatch"),
        ("api_models", "TaskUpdate"),
    ];

    /// The item names `all.html` lists (the last path segment of each link's text).
    fn listed(all: &str) -> Vec<String> {
        all.split("<a href=\"")
            .skip(1)
            .filter_map(|a| a.split_once("\">").and_then(|(_, rest)| rest.split_once("</a>")).map(|(t, _)| t))
            .map(|t| t.rsplit("::").next().unwrap_or(t).to_owned())
            .collect()
    }

    #[test]
    fn docs_show_the_user_api_only() {
        let root = workspace_root();
        let target = root.join("target/out-anywhere");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(&cargo)
            .args(["doc", "--quiet", "--no-deps", "-p", "api-models", "-p", "api-runtime"])
            .current_dir(&root)
            // One cache with `out_anywhere`, so that dependencies build once.
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo doc fails");
        let doc = target.join("doc");
        let mut shown = Vec::new();
        for krate in ["api_runtime", "api_models"] {
            let all = fs::read_to_string(doc.join(krate).join("all.html")).expect("rustdoc writes all.html");
            shown.extend(listed(&all).into_iter().map(|n| (krate, n)));
        }
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
