//! End-to-end tests against a real Stalwart server (0.16.19, the registry the Stalwart
//! schema was written from).
//!
//! The server comes from `../shared/reference/stalwart/server/`: [`server`] decompresses it
//! into the build's target folder once (its sha256 checked), starts a fresh instance in
//! recovery mode on 127.0.0.1 with its own SQLite folder, waits for `/jmap/session`, and
//! kills it when dropped. [`netns`] runs the whole test binary inside a network namespace
//! that has only loopback (and its own PID namespace, so the server cannot outlive the
//! tests whatever happens), so nothing the server tries can leave the machine.
//! [`jmap`] sends JMAP requests and keeps every exchange; [`record`] normalises them
//! (ids, times) for `recorded/`, which the offline test reads with the generated types.

pub mod bodies;
pub mod jmap;
pub mod netns;
pub mod record;
pub mod server;

use std::path::PathBuf;

/// The repository's root (where `Cargo.toml` of the workspace is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the recorded exchanges live (`tests/e2e/recorded/`).
pub fn recorded_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("recorded")
}

/// Whether a skipped run must fail instead (CI sets `E2E_REQUIRED=1`: the suite must
/// really run there).
pub fn required() -> bool {
    std::env::var_os("E2E_REQUIRED").is_some_and(|v| v == "1")
}

/// The label of the exchange that reads back what the case `name` created.
pub fn read_back_label(name: &str) -> String {
    format!("differential: read back: {name}")
}

/// Known server bugs in what it writes back (`server-bugs.json`, `readBack`): case name
/// -> why the read-back of what it created is malformed. The crate must refuse those
/// reads; every other read must succeed.
pub fn server_bugs() -> Result<std::collections::BTreeMap<String, String>, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("server-bugs.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let entries = v["readBack"].as_object().ok_or("server-bugs.json: no `readBack` object")?;
    entries
        .iter()
        .map(|(k, why)| {
            why.as_str().map(|w| (k.clone(), w.to_owned())).ok_or(format!("server-bugs.json: {k}: not a reason"))
        })
        .collect()
}

/// Whether an exchange is the read-back of a case whose read-back is a known server bug.
pub fn is_known_bad_read(label: &str, bugs: &std::collections::BTreeMap<String, String>) -> bool {
    bugs.keys().any(|name| read_back_label(name) == label)
}
