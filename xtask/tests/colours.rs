//! Schema problems as the CLI prints them: plain text when stderr is not a terminal (a
//! pipe, CI logs), colours when asked for (`CLICOLOR_FORCE`, as on a terminal), never
//! colours with `NO_COLOR` (issue 12: "plain output when not a terminal, colours when it
//! is").

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// `xtask generate` on a hostile schema, into a scratch folder it must leave alone; its
/// stderr, with `env` set.
fn stderr_of(env: &[(&str, &str)]) -> String {
    let out = std::env::temp_dir().join(format!("xtask-colours-{}-{}", std::process::id(), env.len()));
    let schema = root().join("tests/hostile-schemas/08-unknown-salesforce-property");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.args(["generate", "--schema"]).arg(&schema).arg("--out").arg(&out);
    for k in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "TERM"] {
        cmd.env_remove(k);
    }
    cmd.envs(env.iter().copied());
    let run = cmd.output().expect("xtask runs");
    let _ = std::fs::remove_dir_all(&out);
    assert_eq!(run.status.code(), Some(2), "a schema problem exits with 2");
    String::from_utf8(run.stderr).expect("UTF-8")
}

#[test]
fn schema_problems_are_plain_off_a_terminal_and_coloured_when_forced() {
    // Captured through a pipe: plain, with the source line and caret.
    let plain = stderr_of(&[]);
    assert!(plain.contains("error: unknown property `Editable`"), "{plain}");
    assert!(plain.contains("^^^^^^^^ at `fields.Subject.properties[1]`"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "no escape codes through a pipe: {plain:?}");
    // Forced, as a terminal would have them: coloured, the same words.
    let coloured = stderr_of(&[("CLICOLOR_FORCE", "1")]);
    assert!(coloured.contains("\u{1b}["), "colours when forced: {coloured:?}");
    assert!(coloured.contains("unknown property `Editable`"), "{coloured:?}");
    // NO_COLOR wins.
    let no_color = stderr_of(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!no_color.contains('\u{1b}'), "{no_color:?}");
}
