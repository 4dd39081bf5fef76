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
