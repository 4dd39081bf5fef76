//! The Stalwart server binary, prepared once, and one running instance.

use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server release the Stalwart schema was written from.
pub const VERSION: &str = "0.16.19";

/// Why there is no server binary.
#[derive(Debug)]
pub enum Unavailable {
    /// Something this machine lacks (the archive, `xz`, `sha256sum`): the tests skip.
    Skip(String),
    /// Something is wrong (a checksum that does not match, a failed write): the tests fail.
    Fail(String),
}

/// The folder holding the server archive and its checksum.
pub fn reference_dir() -> PathBuf {
    crate::repo_root().join("../shared/reference/stalwart/server")
}

/// The decompressed, checked server binary in `target_tmp` (the build's target folder),
/// decompressing it from the reference archive the first time.
pub fn binary(target_tmp: &Path) -> Result<PathBuf, Unavailable> {
    let src = reference_dir();
    let archive = src.join(format!("stalwart-{VERSION}-x86_64-linux.xz"));
    if !archive.is_file() {
        return Err(Unavailable::Skip(format!("no server archive at {}", archive.display())));
    }
    let sums = fs::read_to_string(src.join("stalwart.sha256"))
        .map_err(|e| Unavailable::Skip(format!("no checksum beside the archive: {e}")))?;
    let want = sums.split_whitespace().next().unwrap_or_default().to_owned();
    let dir = target_tmp.join(format!("stalwart-{VERSION}"));
    let bin = dir.join("stalwart");
    if bin.is_file() && sha256(&bin)? == want {
        return Ok(bin);
    }
    fs::create_dir_all(&dir).map_err(|e| Unavailable::Fail(format!("{}: {e}", dir.display())))?;
    // Written beside the final name and renamed, so a concurrent or interrupted run never
    // sees half a binary.
    let partial = dir.join(format!("stalwart.partial-{}", std::process::id()));
    let out = fs::File::create(&partial).map_err(|e| Unavailable::Fail(format!("{}: {e}", partial.display())))?;
    let status = match Command::new("xz").arg("-dc").arg(&archive).stdout(out).status() {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(Unavailable::Skip(format!("cannot run `xz` to decompress the server: {e}")));
        }
    };
    let checked =
        if status.success() { sha256(&partial) } else { Err(Unavailable::Fail(format!("xz -dc failed: {status}"))) };
    match checked {
        Ok(got) if got == want => {}
        Ok(got) => {
            let _ = fs::remove_file(&partial);
            return Err(Unavailable::Fail(format!(
                "the decompressed server's sha256 is {got}, stalwart.sha256 says {want}"
            )));
        }
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
    }
    use std::os::unix::fs::PermissionsExt;
    let made =
        fs::set_permissions(&partial, fs::Permissions::from_mode(0o755)).and_then(|()| fs::rename(&partial, &bin));
    made.map_err(|e| Unavailable::Fail(format!("{}: {e}", bin.display())))?;
    Ok(bin)
}

/// The sha256 of a file, through coreutils' `sha256sum`.
fn sha256(path: &Path) -> Result<String, Unavailable> {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .map_err(|e| Unavailable::Skip(format!("cannot run `sha256sum`: {e}")))?;
    if !out.status.success() {
        return Err(Unavailable::Fail(format!("sha256sum {}: {}", path.display(), out.status)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or_default().to_owned())
}

/// A running server: a fresh instance in recovery mode (HTTP only, no background task,
/// so stored tasks stay as they are) on a free port of 127.0.0.1, with its own SQLite
/// folder. Dropping it kills the server and removes the folder.
pub struct Server {
    child: Child,
    dir: PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The administrator's user name and password (HTTP Basic).
    pub credentials: (String, String),
}

impl Server {
    /// Starts an instance of `bin` with its data in a new folder under `work`, and waits
    /// until it answers `/jmap/session` (at most 30 seconds).
    pub fn start(bin: &Path, work: &Path) -> Result<Server, String> {
        let dir = work.join(format!("e2e-run-{}", std::process::id()));
        // A folder of that name is left from an earlier run that had this process id.
        let _ = fs::remove_dir_all(&dir);
        let data = dir.join("data");
        fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
        let config = dir.join("config.json");
        let store = serde_json::json!({"@type": "Sqlite", "path": data.join("stalwart.db")});
        fs::write(&config, store.to_string()).map_err(|e| format!("{}: {e}", config.display()))?;
        let log = fs::File::create(dir.join("server.log")).map_err(|e| format!("server.log: {e}"))?;
        let log2 = log.try_clone().map_err(|e| format!("server.log: {e}"))?;
        // A free port: bound and released at once; only this namespace's processes compete.
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port on 127.0.0.1: {e}"))?
            .port();
        let password = format!("e2e-{}-{}", std::process::id(), port);
        let child = Command::new(bin)
            .arg("--config")
            .arg(&config)
            .env("STALWART_HOSTNAME", "localhost")
            .env("STALWART_RECOVERY_ADMIN", format!("admin:{password}"))
            .env("STALWART_RECOVERY_MODE", "true")
            .env("STALWART_RECOVERY_MODE_BIND", format!("127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let mut server =
            Server { child, dir, base: format!("http://127.0.0.1:{port}"), credentials: ("admin".into(), password) };
        server.wait_ready(Duration::from_secs(30))?;
        Ok(server)
    }

    /// Polls `/jmap/session` until it answers 200.
    fn wait_ready(&mut self, limit: Duration) -> Result<(), String> {
        let agent = crate::jmap::agent();
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server exited ({status}) before answering:\n{}", self.log_tail()));
            }
            let answer = agent
                .get(format!("{}/jmap/session", self.base))
                .header("Authorization", crate::jmap::basic(&self.credentials))
                .call();
            if answer.is_ok_and(|r| r.status() == 200) {
                return Ok(());
            }
            if start.elapsed() > limit {
                return Err(format!("no answer from /jmap/session within {limit:?}:\n{}", self.log_tail()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The last lines of the server's log.
    pub fn log_tail(&self) -> String {
        let mut text = String::new();
        if let Ok(mut f) = fs::File::open(self.dir.join("server.log")) {
            let _ = f.read_to_string(&mut text);
        }
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The server is one process; the PID namespace (see `netns`) ends anything else.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::env::var_os("E2E_KEEP").is_none() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
