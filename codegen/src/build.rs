//! Generation from a build script, as `prost-build` and `typify` offer it: the schema
//! tree is checked and turned into one Rust file in `OUT_DIR`, which the crate includes.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! if let Err(e) = codegen::Builder::new().schema_dir("schema").generate() {
//!     // The same diagnostics as `cargo xtask generate`: file:line:col, YAML path, hint.
//!     eprintln!("{e}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: at the crate root (the generated code names `crate::runtime` and
//! // `crate::<api>`), in a crate that depends on `api-runtime`, `serde` and `serde_json`.
//! include!(concat!(env!("OUT_DIR"), "/api_models.rs"));
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use crate::Diagnostics;

/// Generates the module tree of a schema tree into a folder (by default `OUT_DIR`).
#[derive(Clone, Debug, Default)]
pub struct Builder {
    schema_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
}

/// Why [`Builder::generate`] failed; its `Display` is what a build script prints.
#[derive(Debug)]
pub enum BuildError {
    /// The schema has problems: every one, located, as `cargo xtask generate` shows them.
    Schema(Diagnostics),
    /// No schema folder was given.
    NoSchemaDir,
    /// No output folder was given and `OUT_DIR` is not set (not run by Cargo).
    NoOutDir,
    /// The file could not be written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Schema(d) => write!(f, "{d}\nerror: the schema has problems; nothing was generated"),
            BuildError::NoSchemaDir => write!(f, "error: no schema folder: call Builder::schema_dir"),
            BuildError::NoOutDir => write!(f, "error: OUT_DIR is not set (not a build script?): call Builder::out_dir"),
            BuildError::Io(path, e) => write!(f, "error: writing {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// A builder with no schema folder yet, writing `api_models.rs` into `OUT_DIR`.
    pub fn new() -> Self {
        Builder::default()
    }

    /// The schema tree: one folder per API, each with an `api.yaml` (relative paths are
    /// from the build script's crate, where Cargo runs it).
    pub fn schema_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.schema_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Where the file goes instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The file's name instead of `api_models.rs`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Checks the schema and writes the module tree; returns the written file's path.
    /// Prints `cargo:rerun-if-changed` for the schema folder, so Cargo reruns the build
    /// script when a schema file changes. The file is only rewritten when its contents
    /// change, and is written whole (through a temporary file) or not at all.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        let schema = self.schema_dir.ok_or(BuildError::NoSchemaDir)?;
        let out = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(BuildError::NoOutDir)?,
        };
        println!("cargo:rerun-if-changed={}", schema.display());
        let model = crate::schema::load_dir(&schema).map_err(BuildError::Schema)?;
        let text = crate::emit::include_file(&model);
        let path = out.join(self.file_name.as_deref().unwrap_or("api_models.rs"));
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            return Ok(path);
        }
        let io = |e| BuildError::Io(path.clone(), e);
        std::fs::create_dir_all(&out).map_err(io)?;
        let tmp = path.with_extension("rs.tmp");
        std::fs::write(&tmp, &text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_problem_is_reported_located_and_nothing_is_written() {
        let dir = std::env::temp_dir().join(format!("codegen-build-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let schema = dir.join("schema/stalwart");
        std::fs::create_dir_all(&schema).unwrap();
        std::fs::write(schema.join("api.yaml"), "api: stalwart\ntitle: [unclosed\n").unwrap();
        let e = Builder::new().schema_dir(dir.join("schema")).out_dir(dir.join("out")).generate().unwrap_err();
        let shown = e.to_string();
        assert!(matches!(e, BuildError::Schema(_)), "{shown}");
        assert!(shown.contains("api.yaml:"), "{shown}");
        // As rustc shows it, plain (a build script's output is not a terminal): the line,
        // a caret, the hint.
        assert!(shown.contains("2 | title: [unclosed\n  |        ^ at `title`"), "{shown}");
        assert!(shown.contains("= help: this `[` list is not closed"), "{shown}");
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(!dir.join("out/api_models.rs").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn no_out_dir_outside_cargo_is_an_error() {
        if std::env::var_os("OUT_DIR").is_none() {
            assert!(matches!(Builder::new().schema_dir(".").generate(), Err(BuildError::NoOutDir)));
        }
    }
}
