//! `conformance [--op read|create|update] DIR…`: runs every case under the folders
//! against the generated crate, prints each failure with what was expected and what
//! came back, and ends with `N passed, N failed`.

mod case;

use std::path::PathBuf;
use std::process::ExitCode;

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
    let cases = match case::load_all(&dirs) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    for c in cases.iter().filter(|c| op.is_none_or(|o| c.op == o)) {
        match case::run(c) {
            Ok(()) => passed += 1,
            Err(why) => {
                failed += 1;
                println!("FAIL {} ({})\n{why}\n", c.name, c.file.display());
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
