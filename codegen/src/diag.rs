//! Diagnostics: every schema problem at `file:line:col`, with its YAML path and a hint.

use std::fmt;
use std::sync::Arc;

/// Where something stands in a schema file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// The file, as given to the loader.
    pub file: Arc<str>,
    /// 1-based line; 0 when the problem concerns a whole file or folder.
    pub line: u32,
    /// 1-based column; 0 with line 0.
    pub col: u32,
    /// The YAML path of the node (`types.TaskStatus.variants[0].fields`).
    pub path: String,
}

impl Loc {
    /// A location for a problem that concerns a whole file or folder: it has no line
    /// to point at, and none is made up.
    pub fn file(file: Arc<str>) -> Loc {
        Loc { file, line: 0, col: 0, path: String::new() }
    }
}

/// One problem found in a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub loc: Loc,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a hint.
    pub fn new(loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic { loc, message: message.into(), hint: None }
    }
    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Loc { file, line, col, path } = &self.loc;
        if *line == 0 {
            write!(f, "{file}: error: {}", self.message)?;
        } else {
            write!(f, "{file}:{line}:{col}: error: {}", self.message)?;
        }
        if !path.is_empty() {
            write!(f, "\n  --> at `{path}`")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found, sorted by place; never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    /// Whether none were found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Sorts by file, line, column, so that output is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| a.loc.cmp(&b.loc).then_with(|| a.message.cmp(&b.message)));
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} errors", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// A schema word in backticks after its article: an `int`, a `picklist`. Initialisms
/// read letter by letter (`UTCDateTime`: "a U-T-C...") take `a`, as words with a
/// consonant sound do.
pub fn a_or_an(word: &str) -> String {
    let lower = word.to_lowercase();
    let initialism = word.chars().take(2).all(|c| c.is_ascii_uppercase());
    let vowel = lower.starts_with(['a', 'e', 'i', 'o']) || (lower.starts_with('u') && !initialism);
    format!("{} `{word}`", if vowel { "an" } else { "a" })
}

/// The closest candidate to `name`, for "did you mean" hints.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["IndexDocumentType", "AccountType", "TaskStatus"];
        assert_eq!(closest("IndexDocumentTyp", names), Some("IndexDocumentType"));
        assert_eq!(closest("taskstatus", names), Some("TaskStatus"));
        assert_eq!(closest("Wholly", names), None);
    }

    #[test]
    fn a_folder_level_problem_has_no_made_up_line() {
        let d = Diagnostic::new(Loc::file("schema/other".into()), "the folder holds thing.yaml but no `api.yaml`");
        assert_eq!(d.to_string(), "schema/other: error: the folder holds thing.yaml but no `api.yaml`");
    }

    /// `a` or `an` before a schema word, as it is pronounced (`an int`, `a picklist`).
    #[test]
    fn articles_follow_the_word() {
        assert_eq!(a_or_an("int"), "an `int`");
        assert_eq!(a_or_an("picklist"), "a `picklist`");
        assert_eq!(a_or_an("email"), "an `email`");
        assert_eq!(a_or_an("UTCDateTime"), "a `UTCDateTime`");
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::new(
            Loc { file: "a.yaml".into(), line: 3, col: 7, path: "fields.x.type".into() },
            "unknown type `Strin`",
        )
        .hint("did you mean `String`?");
        assert_eq!(
            d.to_string(),
            "a.yaml:3:7: error: unknown type `Strin`\n  --> at `fields.x.type`\n  = hint: did you mean `String`?"
        );
    }
}
