//! Writing a generated tree: atomically per file, only when bytes change, and a
//! readable diff when checking.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use codegen::emit::OutputFile;

/// How a file on disk differs from what generation wants.
pub struct Stale {
    /// Path relative to the output directory.
    pub path: String,
    /// What is on disk (None: missing).
    pub on_disk: Option<String>,
    /// What generation wants (None: the file should not be there).
    pub wanted: Option<String>,
}

/// What a write did.
pub struct Report {
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// Files under `out` that generation owns: everything but build output and dotfiles.
fn owned_files(out: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, acc: &mut Vec<String>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.filter_map(Result::ok) {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            if p.is_dir() {
                walk(&p, base, acc);
            } else if let Ok(rel) = p.strip_prefix(base) {
                acc.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut acc = Vec::new();
    walk(out, out, &mut acc);
    acc.sort();
    acc
}

/// Every difference between `out` and `outputs`.
pub fn stale(out: &Path, outputs: &[OutputFile]) -> Vec<Stale> {
    let mut diffs = Vec::new();
    for f in outputs {
        let on_disk = fs::read_to_string(out.join(&f.path)).ok();
        if on_disk.as_deref() != Some(f.contents.as_str()) {
            diffs.push(Stale { path: f.path.clone(), on_disk, wanted: Some(f.contents.clone()) });
        }
    }
    let wanted: BTreeSet<&str> = outputs.iter().map(|f| f.path.as_str()).collect();
    for path in owned_files(out) {
        if !wanted.contains(path.as_str()) {
            let on_disk = fs::read_to_string(out.join(&path)).ok();
            diffs.push(Stale { path, on_disk, wanted: None });
        }
    }
    diffs
}

/// A unified diff of every stale file.
pub fn render_diff(stale: &[Stale]) -> String {
    let mut s = String::new();
    for d in stale {
        let old = d.on_disk.as_deref().unwrap_or("");
        let new = d.wanted.as_deref().unwrap_or("");
        let (a, b) = match (&d.on_disk, &d.wanted) {
            (None, _) => ("/dev/null".to_owned(), format!("b/{}", d.path)),
            (_, None) => (format!("a/{}", d.path), "/dev/null".to_owned()),
            _ => (format!("a/{}", d.path), format!("b/{}", d.path)),
        };
        let diff = similar::TextDiff::from_lines(old, new);
        s.push_str(&diff.unified_diff().context_radius(3).header(&a, &b).to_string());
    }
    s
}

/// Writes every output whose bytes differ (each through a temporary file renamed into
/// place, so no file is ever half written) and removes files generation no longer makes.
pub fn write_all(out: &Path, outputs: &[OutputFile]) -> io::Result<Report> {
    let dirs: BTreeSet<PathBuf> =
        outputs.iter().filter_map(|f| out.join(&f.path).parent().map(Path::to_path_buf)).collect();
    for dir in &dirs {
        fs::create_dir_all(dir)?;
    }
    let mut report = Report { written: 0, removed: 0, unchanged: 0 };
    for f in outputs {
        let path = out.join(&f.path);
        if fs::read(&path).ok().as_deref() == Some(f.contents.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        write_atomic(&path, f.contents.as_bytes())?;
        report.written += 1;
    }
    let wanted: BTreeSet<&str> = outputs.iter().map(|f| f.path.as_str()).collect();
    for path in owned_files(out) {
        if !wanted.contains(path.as_str()) {
            fs::remove_file(out.join(&path))?;
            report.removed += 1;
        }
    }
    Ok(report)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        // No fsync: the rename alone keeps readers from ever seeing half a file, and
        // after a crash `generate --check` finds any file that did not reach the disk
        // and `generate` rewrites it. Syncing each of the registry's 766 files cost a
        // quarter of a second.
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
