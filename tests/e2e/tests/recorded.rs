//! Without the server: every body the real server sent in the recorded exchanges
//! (`recorded/`, made by the `server` test with `E2E_RECORD=1`) reads with the generated
//! types, and the recordings hold what the checks rely on.

use std::collections::BTreeSet;

use e2e::bodies::read_response;
use e2e::record;

#[test]
fn every_recorded_server_body_reads_with_the_generated_types() {
    let groups = record::read(&e2e::recorded_dir()).expect("recorded/ reads");
    let (mut tasks, mut ids, mut exchanges, mut partials) = (0, 0, 0, 0);
    let mut set_error_types = BTreeSet::new();
    let mut variants = BTreeSet::new();
    let mut failures = Vec::new();
    let bugs = e2e::server_bugs().expect("server-bugs.json reads");
    for (group, items) in &groups {
        for item in items {
            exchanges += 1;
            let known_bad = e2e::is_known_bad_read(&item.label, &bugs);
            match read_response(item.request.get(), item.response.get()) {
                // A known server bug (server-bugs.json): the crate must refuse what it wrote.
                Err(_) if known_bad => {}
                Ok(_) if known_bad => failures
                    .push(format!("{group}: {}: reads, though server-bugs.json says it is malformed", item.label)),
                Ok(read) => {
                    tasks += read.tasks.len();
                    partials += read.partials;
                    ids += read.ids;
                    variants.extend(read.tasks.iter().map(|t| t.type_name().to_owned()));
                    set_error_types.extend(read.set_errors.iter().map(|e| e.kind.clone()));
                }
                Err(e) => failures.push(format!("{group}: {}: {e}", item.label)),
            }
        }
    }
    assert!(failures.is_empty(), "{} recorded bodies do not read:\n{}", failures.len(), failures.join("\n"));
    println!("{exchanges} exchanges: {tasks} tasks ({variants:?}), {partials} partial reads, {ids} ids, SetErrors {set_error_types:?}");
    assert!(partials >= 10, "too few recorded partial reads: {partials}");
    // What the recordings must hold for this test to mean something.
    assert!(exchanges > 100 && tasks >= 20 && ids > 100, "the recordings are smaller than a full run's");
    for kind in ["invalidPatch", "validationFailed", "invalidForeignKey", "forbidden"] {
        assert!(set_error_types.contains(kind), "no recorded `{kind}` SetError");
    }
    for v in [
        "IndexDocument",
        "UnindexDocument",
        "AccountMaintenance",
        "TenantMaintenance",
        "StoreMaintenance",
        "SpamFilterMaintenance",
        "AcmeRenewal",
        "DkimManagement",
        "DnsManagement",
        "DestroyAccount",
    ] {
        assert!(variants.contains(v), "no recorded read of a {v}");
    }
}

#[test]
fn recorded_server_reads_write_the_type_last() {
    // The server writes `@type` last (and `null` for an absent nullable member); the
    // recordings keep the text as sent, so the reads above met that order.
    let groups = record::read(&e2e::recorded_dir()).expect("recorded/ reads");
    let raw = &groups["roundtrip"][1].response;
    let text = raw.get();
    let at_type = text.find(r#""@type":"IndexDocument""#).expect("a recorded IndexDocument read");
    assert!(text.find(r#""documentType""#).expect("its members") < at_type, "{text}");
}
