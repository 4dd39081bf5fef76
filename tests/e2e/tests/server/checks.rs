//! Counting checks, and keeping the recorded exchanges in step with the run.

use std::process::ExitCode;
use std::time::{Instant, SystemTime};

use e2e::jmap::Jmap;
use e2e::record;

/// Passed and failed checks.
pub struct Report {
    passed: usize,
    failed: Vec<(String, String)>,
    /// Unix time when the run began (recorded times near it are the server's clock).
    pub began: i64,
}

pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl Default for Report {
    fn default() -> Self {
        Report { passed: 0, failed: Vec::new(), began: unix_now() }
    }
}

impl Report {
    /// Counts one check, printing its outcome.
    pub fn check(&mut self, name: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => {
                self.passed += 1;
                println!("ok      {name}");
            }
            Err(why) => {
                println!("FAILED  {name}\n{}", indent(&why));
                self.failed.push((name.to_owned(), why));
            }
        }
    }

    /// Counts one check, printing it only when it fails.
    pub fn check_quiet(&mut self, name: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.passed += 1,
            Err(_) => self.check(name, outcome),
        }
    }

    /// Writes this run's exchanges, normalised, to the target folder (and to
    /// `recorded/` with `E2E_RECORD=1`); otherwise checks that `recorded/` holds the same
    /// exchanges, by label, so a stale recording is noticed.
    pub fn check_recordings(&mut self, jmap: &Jmap) {
        let groups = record::normalise(&jmap.exchanges, self.began, unix_now());
        let scratch = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-recorded");
        let _ = std::fs::remove_dir_all(&scratch);
        let wrote = record::write(&scratch, &groups).map_err(|e| format!("{}: {e}", scratch.display()));
        self.check("recordings: this run's exchanges written to the target folder", wrote);
        let dir = e2e::recorded_dir();
        if std::env::var_os("E2E_RECORD").is_some_and(|v| v == "1") {
            let _ = std::fs::remove_dir_all(&dir);
            let outcome = record::write(&dir, &groups).map_err(|e| format!("{}: {e}", dir.display()));
            self.check("recordings: rewritten (E2E_RECORD=1)", outcome);
            return;
        }
        let outcome = record::read(&dir).and_then(|stored| {
            let labels = |g: &std::collections::BTreeMap<String, Vec<record::Recorded>>| {
                g.values().flatten().map(|r| r.label.clone()).collect::<Vec<_>>()
            };
            let (now, then) = (labels(&groups), labels(&stored));
            if now == then {
                return Ok(());
            }
            let missing: Vec<_> = now.iter().filter(|l| !then.contains(l)).take(5).collect();
            let extra: Vec<_> = then.iter().filter(|l| !now.contains(l)).take(5).collect();
            Err(format!(
                "recorded/ does not hold this run's exchanges (rerun with E2E_RECORD=1):\n  not recorded: {missing:?}\n  recorded, not made: {extra:?}"
            ))
        });
        self.check("recordings: recorded/ holds this run's exchanges", outcome);
    }

    /// Prints the totals; fails when a check failed.
    pub fn finish(self, started: Instant) -> ExitCode {
        println!("e2e: finished in {:.1?}", started.elapsed());
        for (name, _) in &self.failed {
            println!("e2e: failed: {name}");
        }
        println!("e2e: {} passed, {} failed", self.passed, self.failed.len());
        if self.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

pub fn indent(s: &str) -> String {
    s.lines().map(|l| format!("        {l}")).collect::<Vec<_>>().join("\n")
}

/// Every response body of the run reads with the generated types.
pub fn every_body_reads(jmap: &Jmap, report: &mut Report) {
    let mut problems = Vec::new();
    let (mut tasks, mut ids, mut errors, mut known_bad, mut partials) = (0, 0, 0, 0, 0);
    let bugs = e2e::server_bugs().unwrap_or_default();
    for e in &jmap.exchanges {
        let known = e2e::is_known_bad_read(&e.label, &bugs);
        match e2e::bodies::read_response(&e.request, &e.response) {
            Err(_) if known => known_bad += 1,
            Ok(_) if known => {
                problems.push(format!("{}: reads, though server-bugs.json says it is malformed", e.label))
            }
            Ok(read) => {
                tasks += read.tasks.len();
                partials += read.partials;
                ids += read.ids;
                errors += read.set_errors.len();
            }
            Err(why) => problems.push(format!("{}: {why}", e.label)),
        }
    }
    println!(
        "bodies: {} responses read: {tasks} tasks, {partials} partial reads, {ids} ids, {errors} SetErrors; {known_bad} malformed by a known server bug (server-bugs.json)",
        jmap.exchanges.len()
    );
    let outcome = if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) };
    report.check("every response body the server sent reads with the generated types", outcome);
}
