//! Running the test binary inside a loopback-only network namespace.
//!
//! The binary runs itself again under `unshare --net --pid --fork`: in the new network
//! namespace only `lo` exists (brought up first), so neither the server nor the tests can
//! reach anything beyond this machine; in the new PID namespace the kernel kills every
//! process left (the server) when its first process ends, so no server outlives a test
//! run, even one that panics or is killed. `sh` stays that first process (it does not
//! `exec` the tests) because a namespace's first process ignores signals it has no
//! handler for, and Ctrl-C must still stop the tests.

use std::ffi::OsString;
use std::process::{Command, Stdio};

/// Marks the environment of the binary started inside the namespace.
const INSIDE: &str = "E2E_INSIDE_NETNS";

/// The script the namespace's first process runs: `$0` is the test binary.
const SCRIPT: &str = r#"ip link set lo up || exit 97; "$0" "$@"; exit $?"#;

/// Where the rest of `main` runs.
pub enum Entered {
    /// Already inside a loopback-only namespace: go on.
    Inside,
    /// Namespaces are not available here (the reason); the caller skips.
    Unavailable(String),
}

/// Returns [`Entered::Inside`] when this process runs inside the namespace; otherwise
/// runs this binary again inside one, with the same arguments, and exits with its
/// status (it never returns then), or says why it cannot.
pub fn enter() -> Entered {
    if std::env::var_os(INSIDE).is_some() {
        return Entered::Inside;
    }
    // Without root, a user namespace may still grant the rights a network namespace needs.
    let prefixes: [&[&str]; 2] = [&[], &["--map-root-user"]];
    let Some(prefix) = prefixes.into_iter().find(|p| probe(p)) else {
        return Entered::Unavailable(
            "`unshare --net --pid --fork` with `ip link set lo up` is not possible here \
             (needs util-linux, iproute2 and root or user namespaces)"
                .into(),
        );
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return Entered::Unavailable(format!("cannot find this test binary: {e}")),
    };
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let status = Command::new("unshare")
        .args(prefix)
        .args(["--net", "--pid", "--fork", "--kill-child", "sh", "-c", SCRIPT])
        .arg(exe)
        .args(args)
        .env(INSIDE, "1")
        .status();
    match status {
        Ok(s) => std::process::exit(s.code().unwrap_or(1)),
        Err(e) => Entered::Unavailable(format!("cannot run unshare: {e}")),
    }
}

/// Whether a namespace with loopback up can be made with these `unshare` options.
fn probe(prefix: &[&str]) -> bool {
    Command::new("unshare")
        .args(prefix)
        .args(["--net", "--pid", "--fork", "sh", "-c", "ip link set lo up"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The network interfaces this process sees (from `/proc/net/dev`, which belongs to the
/// reader's network namespace).
pub fn interfaces() -> Vec<String> {
    let text = std::fs::read_to_string("/proc/net/dev").unwrap_or_default();
    text.lines().skip(2).filter_map(|l| l.split(':').next()).map(|n| n.trim().to_owned()).collect()
}
