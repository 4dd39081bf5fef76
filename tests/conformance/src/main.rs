//! `conformance [--op read|create|update] DIR…`: runs every case under the folders
//! (`--op create` and `--op update` include the sObject Collections records,
//! `collection_create` and `collection_update`)
//! against the generated crate, prints each failure with what was expected and what
//! came back, and ends with `N passed, N failed`.

use std::path::PathBuf;
use std::process::ExitCode;

use conformance::case;

fn usage() -> ExitCode {
    eprintln!("usage: conformance [--op read|create|update] DIR...");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut op = None;
    let mut dirs = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--op" => match args.next().as_deref().and_then(case::parse_op) {
                Some(o) => op = Some(o),
                None => return usage(),
            },
            "-h" | "--help" => return usage(),
            _ => dirs.push(PathBuf::from(a)),
        }
    }
    if dirs.is_empty() {
        return usage();
    }
    let summary = match conformance::run_dirs(&dirs, op) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for (name, file, why) in &summary.failures {
        println!("FAIL {name} ({})\n{why}\n", file.display());
    }
    println!("{} passed, {} failed", summary.passed, summary.failures.len());
    if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
