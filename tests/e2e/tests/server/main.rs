//! The end-to-end run: one fresh Stalwart server, inside a loopback-only network
//! namespace, and every check against it (see `tests/e2e/README.md`).
//!
//! Skips with a message when the server archive, `xz` or namespaces are missing, unless
//! `E2E_REQUIRED=1` (CI), which makes a skip a failure. `E2E_RECORD=1` rewrites
//! `recorded/` from this run.

mod checks;
mod differential;
mod fixtures;
mod roundtrip;
mod set_errors;

use std::process::ExitCode;
use std::time::Instant;

use e2e::jmap::Jmap;
use e2e::netns::{self, Entered};
use e2e::server::{self, Server, Unavailable};

fn skip(reason: &str) -> ExitCode {
    if e2e::required() {
        eprintln!("e2e: cannot run against the real server: {reason} (E2E_REQUIRED=1: failing)");
        return ExitCode::FAILURE;
    }
    println!("e2e: SKIPPED, no real server run: {reason}");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let started = Instant::now();
    let target_tmp = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    // Prepared outside the namespace too, so a missing archive skips before unshare.
    let bin = match server::binary(target_tmp) {
        Ok(bin) => bin,
        Err(Unavailable::Skip(reason)) => return skip(&reason),
        Err(Unavailable::Fail(reason)) => {
            eprintln!("e2e: {reason}");
            return ExitCode::FAILURE;
        }
    };
    match netns::enter() {
        Entered::Inside => {}
        Entered::Unavailable(reason) => return skip(&reason),
    }
    let interfaces = netns::interfaces();
    if interfaces != ["lo"] {
        eprintln!("e2e: refusing to start the server: this namespace has interfaces {interfaces:?}, not only lo");
        return ExitCode::FAILURE;
    }
    let server = match Server::start(&bin, target_tmp) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("e2e: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("e2e: Stalwart {} on {} (ready after {:.1?})", server::VERSION, server.base, started.elapsed());
    let mut jmap = Jmap::new(&server);
    let mut report = checks::Report::default();
    let fixtures = match fixtures::Fixtures::create(&mut jmap) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("e2e: setting up the referenced objects failed: {e}\n{}", server.log_tail());
            return ExitCode::FAILURE;
        }
    };
    roundtrip::run(&mut jmap, &fixtures, &mut report);
    let refusals = differential::run(&mut jmap, &fixtures, &mut report);
    set_errors::run(&refusals, &mut report);
    checks::every_body_reads(&jmap, &mut report);
    report.check_recordings(&jmap);
    drop(server);
    report.finish(started)
}
