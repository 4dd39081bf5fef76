//! The semantic-version bump the generated crate needs, read off the Rust axis.
//!
//! Cargo's SemVer rules: a change that can stop code from compiling is major (for a
//! `0.y.z` crate, that moves `y`); anything else that changes what the crate does or
//! offers is minor; documentation alone is a patch. An `attention` verdict on the Rust
//! axis (a new member of an exhaustive struct breaks struct literals without `..`) is a
//! change Cargo counts as major, so it is major here too. Accepted changes count: the
//! allow file decides what a review lets through, not what the release must say.

use super::{Change, Kind, Verdict};

/// A semantic-version bump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// New or changed behaviour; existing code still compiles.
    Minor,
    /// Existing code may stop compiling, or compile and mean something else.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The bump one change needs.
pub fn bump_of(c: &Change) -> Bump {
    match (c.rust, &c.kind) {
        (Verdict::Breaking | Verdict::Attention, _) => Bump::Major,
        (Verdict::Compatible, Kind::Documentation) => Bump::Patch,
        (Verdict::Compatible, _) => Bump::Minor,
    }
}

/// The bump a set of changes needs: the largest of theirs.
pub fn bump(changes: &[Change]) -> Bump {
    changes.iter().map(bump_of).max().unwrap_or(Bump::None)
}

/// The version after `bump` of `current` (`major.minor.patch`); a `0.y.z` crate moves
/// `y` for a major bump and `z` for a minor one, as Cargo reads versions below 1.0.
/// A pre-release or build suffix is dropped.
pub fn next_version(current: &str, bump: Bump) -> Result<String, String> {
    let bad = || format!("`{current}` is not a version `major.minor.patch`");
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let parts: Vec<u64> = core.split('.').map(|p| p.parse::<u64>().map_err(|_| bad())).collect::<Result<_, _>>()?;
    let [major, minor, patch] = parts[..] else { return Err(bad()) };
    let (major, minor, patch) = match bump {
        Bump::None => (major, minor, patch),
        Bump::Major if major == 0 => (0, minor + 1, 0),
        Bump::Major => (major + 1, 0, 0),
        Bump::Minor if major == 0 => (0, minor, patch + 1),
        Bump::Minor => (major, minor + 1, 0),
        Bump::Patch => (major, minor, patch + 1),
    };
    Ok(format!("{major}.{minor}.{patch}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_move_as_cargo_reads_them() {
        assert_eq!(next_version("1.4.2", Bump::Major).unwrap(), "2.0.0");
        assert_eq!(next_version("1.4.2", Bump::Minor).unwrap(), "1.5.0");
        assert_eq!(next_version("1.4.2", Bump::Patch).unwrap(), "1.4.3");
        assert_eq!(next_version("0.1.0", Bump::Major).unwrap(), "0.2.0");
        assert_eq!(next_version("0.1.0", Bump::Minor).unwrap(), "0.1.1");
        assert_eq!(next_version("0.1.0", Bump::None).unwrap(), "0.1.0");
        assert!(next_version("1.2", Bump::Patch).is_err());
        assert!(next_version("x.y.z", Bump::Patch).is_err());
    }
}
