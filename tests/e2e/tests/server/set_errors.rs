//! The server's SetErrors against the crate's own report for the same body: each
//! SetError reads, and every property the server names is named by the crate too.
//!
//! The server stops at the first problem and the crate reports all, so the server's
//! names must be among the crate's, not equal to them. How the server names a property:
//! `properties` holds paths (`status/due`; `""` is the object itself, as for a missing
//! `@type`); `validationErrors` name a member of the object that holds it
//! (`failureReason` for `status/failureReason`); `invalidForeignKey` names the object
//! referred to, which stands for the member referring to it.

use api_models::runtime::jmap::SetError;
use api_models::runtime::Op;

use crate::checks::Report;
use crate::differential::Refusal;

/// The member that refers to an object of this kind.
fn referring_member(object: &str) -> &'static [&'static str] {
    match object {
        "Account" => &["accountId"],
        "Tenant" => &["tenantId"],
        "Domain" => &["domainId", "accountDomainId"],
        "Trace" => &["traceId"],
        _ => &[],
    }
}

/// The properties a SetError names, as (name, how it is written).
fn named(e: &SetError) -> Vec<(String, Naming)> {
    let mut out = Vec::new();
    for p in e.properties.iter().flatten() {
        out.push((p.clone(), Naming::Path));
    }
    for v in &e.validation_errors {
        // Every kind of the server's validation errors names one property.
        let named = serde_json::to_value(v).ok().and_then(|v| v["property"].as_str().map(str::to_owned));
        if let Some(p) = named {
            out.push((p, Naming::Member));
        }
    }
    if let Some(object) = &e.object_id {
        for m in referring_member(&object.object) {
            out.push(((*m).to_owned(), Naming::Path));
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Naming {
    /// A path from the object's root (`""` is the root).
    Path,
    /// A member name, of whichever nested object holds it.
    Member,
}

/// Whether the crate's name `ours` and the server's `theirs` are the same property (the
/// crate's may be more precise: inside the server's path). A path's last segment is the
/// member a member name gives; a missing or bad `@type` is named by the crate as the
/// member `@type` and by the server as the object that lacks it.
fn same((theirs, their_way): (&str, Naming), (ours, our_way): (&str, Naming)) -> bool {
    let last = |p: &str| p.rsplit('/').next().unwrap_or_default().to_owned();
    match (their_way, our_way) {
        (Naming::Path, Naming::Path) => theirs.is_empty() || ours == theirs || ours.starts_with(&format!("{theirs}/")),
        (Naming::Path, Naming::Member) => theirs.is_empty() || last(theirs) == ours || ours == "@type",
        (Naming::Member, Naming::Path) => ours == theirs || ours.ends_with(&format!("/{theirs}")),
        (Naming::Member, Naming::Member) => ours == theirs,
    }
}

/// Known gaps (`crate-gaps.json`, `setErrorNames`): case name -> why the crate's report
/// does not name what the server names.
fn known_gaps() -> Result<std::collections::BTreeMap<String, String>, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crate-gaps.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let gaps = v["setErrorNames"].as_object().ok_or("crate-gaps.json: no `setErrorNames` object")?;
    Ok(gaps.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
}

pub fn run(refusals: &[Refusal], report: &mut Report) {
    let gaps = match known_gaps() {
        Ok(g) => g,
        Err(e) => return report.check("set errors: crate-gaps.json", Err(e)),
    };
    let mut gaps_seen = 0;
    let (mut compared, mut same_type, mut variant_first, mut crate_accepts) = (0, 0, 0, 0);
    let mut by_type = std::collections::BTreeMap::<String, usize>::new();
    for r in refusals {
        // The server's SetError, as the crate's type.
        let theirs: SetError = match serde_json::from_value(r.set_error.clone()) {
            Ok(e) => e,
            Err(e) => {
                report.check(
                    &format!("set error reads as the crate's SetError: {}", r.case),
                    Err(format!("{e}: {}", r.set_error)),
                );
                continue;
            }
        };
        *by_type.entry(theirs.kind.clone()).or_default() += 1;
        let parsed = e2e::bodies::set_error(&r.set_error);
        let current = r.current.as_ref().map(|c| c.to_string().into_bytes());
        let outcome =
            api_models::objects::canonical("stalwart/Task", r.op, r.sent.to_string().as_bytes(), current.as_deref());
        let (ours, variant_only) = match outcome {
            Some(Err(errors)) => (errors.to_set_error(r.op), errors.iter().all(|e| e.pointer() == "/@type")),
            // A marked difference: the crate accepts what the server refuses.
            _ => {
                crate_accepts += 1;
                report.check_quiet(&format!("set error reads: {}", r.case), parsed);
                continue;
            }
        };
        let our_names = named(&ours);
        // A variant the crate refuses (unknown, or one clients may not create) is the only
        // problem it reports (the conformance rule); the server reads the members first
        // and names one of them.
        if r.op == Op::Create && variant_only {
            variant_first += 1;
            report.check_quiet(&format!("set error reads: {}", r.case), parsed);
            continue;
        }
        compared += 1;
        if ours.kind == theirs.kind {
            same_type += 1;
        }
        let missing: Vec<String> = named(&theirs)
            .into_iter()
            .filter(|(theirs, how)| !our_names.iter().any(|(ours, way)| same((theirs, *how), (ours, *way))))
            .map(|(theirs, _)| theirs)
            .collect();
        let gap = gaps.get(&r.case);
        let outcome = parsed.and_then(|()| {
            if let Some(why) = gap {
                gaps_seen += 1;
                return if missing.is_empty() {
                    Err(format!("crate-gaps.json lists this case ({why}), but the crate's report names what the server names: remove the entry"))
                } else {
                    Ok(())
                };
            }
            if missing.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "the server names {missing:?}, the crate's report does not:\n  server: {}\n  crate:  {}",
                    r.set_error,
                    serde_json::to_string(&ours).unwrap_or_default()
                ))
            }
        });
        report.check_quiet(&format!("set error names the crate's properties: {}", r.case), outcome);
    }
    println!(
        "set errors: {} refusals by the server ({by_type:?}); {compared} also refused by the crate, compared property by property \
         (same SetError type in {same_type}; {gaps_seen} known gaps, crate-gaps.json); {variant_first} where the crate refuses the variant first; {crate_accepts} the crate accepts (marked)",
        refusals.len()
    );
}
