//! Diagnostics: every schema problem at `file:line:col`, with its YAML path and a hint,
//! rendered as rustc renders its own (by `annotate-snippets`, rustc's renderer).

use std::fmt;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

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
    /// The text of the line at `loc`, once the loader has attached its sources.
    line_text: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a hint.
    pub fn new(loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic { loc, message: message.into(), hint: None, line_text: None }
    }
    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Keeps the line the diagnostic points at, from its file's text, for the snippet.
    pub(crate) fn attach_source(&mut self, text: &str) {
        if self.loc.line > 0 && self.line_text.is_none() {
            self.line_text = text.lines().nth(self.loc.line as usize - 1).map(str::to_owned);
        }
    }

    /// The report: title, `--> file:line:col`, the source line with a caret under the
    /// token and the YAML path as its label, and the hint as `= help:`.
    fn group(&self) -> Group<'_> {
        let Loc { file, line, col, path } = &self.loc;
        let title = Level::ERROR.primary_title(self.message.as_str());
        let snippet = self.line_text.as_deref().filter(|_| *line > 0).map(|text| {
            let span = token_span(text, *col as usize);
            let label = (!path.is_empty()).then(|| format!("at `{path}`"));
            Snippet::source(text)
                .line_start(*line as usize)
                .path(&**file)
                .annotation(AnnotationKind::Primary.span(span).label(label))
        });
        let mut group = match snippet {
            Some(snippet) => title.element(snippet),
            None => {
                // No text to show (a folder, a file that is not UTF-8, a line past the end):
                // the place alone, and the YAML path as a note.
                let origin = Origin::path(&**file);
                let origin = if *line > 0 { origin.line(*line as usize).char_column(*col as usize) } else { origin };
                let group = title.element(origin);
                if path.is_empty() {
                    group
                } else {
                    group.element(Level::NOTE.message(format!("at `{path}`")))
                }
            }
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        group
    }

    /// The report as text; `styled` adds terminal colours (print it through `anstream`,
    /// which strips them when stderr is not a terminal or `NO_COLOR` is set).
    pub fn render(&self, styled: bool) -> String {
        renderer(styled).render(&[self.group()])
    }
}

fn renderer(styled: bool) -> Renderer {
    if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// The byte range of the token starting at 1-based character column `col` of `line`: a
/// quoted scalar to its closing quote, a flow collection to its closing bracket, a plain
/// scalar or key to where YAML ends it (`: `, ` #`, and `,]}` inside a flow list).
fn token_span(line: &str, col: usize) -> std::ops::Range<usize> {
    let start = line.char_indices().nth(col.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let in_flow = line[..start].contains(['[', '{']);
    let mut chars = rest.char_indices().peekable();
    let end = match rest.chars().next() {
        None => return start..start,
        Some(c) if c.is_control() => c.len_utf8(),
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
        Some(open @ ('[' | '{')) => {
            let close = if open == '[' { ']' } else { '}' };
            // An unclosed one: the bracket alone.
            let mut depth = 0usize;
            let mut end = 1;
            for (i, c) in rest.char_indices() {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
            }
            end
        }
        Some(_) => {
            let mut end = rest.len();
            while let Some((i, c)) = chars.next() {
                let next = chars.peek().map(|(_, c)| *c);
                let ends = match c {
                    ':' => next.is_none_or(char::is_whitespace),
                    '#' => i > 0 && rest[..i].ends_with([' ', '\t']),
                    ',' | ']' | '}' => in_flow,
                    _ => false,
                };
                if ends {
                    end = i;
                    break;
                }
            }
            rest[..end].trim_end().len()
        }
    };
    // At least the first character whole (a token of only whitespace trims to nothing,
    // and one byte of a wider character is no span: fuzz schema_loader crash-16cc9131).
    let first = rest.chars().next().map_or(0, char::len_utf8);
    start..start + end.max(first).min(rest.len())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
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
    /// Gives each diagnostic the line it points at, from `text` of the file `name`.
    pub(crate) fn attach_source(&mut self, name: &str, text: &str) {
        let mut mine = self.0.iter_mut().filter(|d| &*d.loc.file == name && d.loc.line > 0).peekable();
        if mine.peek().is_none() {
            return;
        }
        // One pass over the file for all its diagnostics: a huge file may have many.
        let lines: Vec<&str> = text.lines().collect();
        for d in mine {
            let i = d.loc.line as usize - 1;
            if d.line_text.is_none() {
                // The line after the last is where the parser met the end of the file.
                d.line_text = lines.get(i).map(|l| (*l).to_owned()).or_else(|| (i == lines.len()).then(String::new));
            }
        }
    }
    /// Every report, one after another as rustc prints them, and the count; `styled` as
    /// in [`Diagnostic::render`].
    pub fn render(&self, styled: bool) -> String {
        let groups: Vec<Group<'_>> = self.0.iter().map(Diagnostic::group).collect();
        let mut out = String::new();
        for (i, g) in groups.into_iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&renderer(styled).render(&[g]));
        }
        if self.0.len() > 1 {
            out.push_str(&format!("\n\n{} errors", self.0.len()));
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
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
        assert_eq!(d.to_string(), "error: the folder holds thing.yaml but no `api.yaml`\n--> schema/other");
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
        let mut d = Diagnostic::new(
            Loc { file: "a.yaml".into(), line: 3, col: 13, path: "fields.x.type".into() },
            "unknown type `Strin`",
        )
        .hint("did you mean `String`?");
        d.attach_source("object: X\nfields:\n  x: {type: Strin, label: X}\n");
        assert_eq!(
            d.to_string(),
            "error: unknown type `Strin`
 --> a.yaml:3:13
  |
3 |   x: {type: Strin, label: X}
  |             ^^^^^ at `fields.x.type`
  |
  = help: did you mean `String`?"
        );
        // Colours only when asked for (the CLI asks, and anstream strips them off a terminal).
        assert!(!d.render(false).contains('\u{1b}'));
        assert!(d.render(true).contains("\u{1b}["));
    }

    #[test]
    fn without_its_text_a_diagnostic_still_says_where_it_is() {
        let d = Diagnostic::new(
            Loc { file: "a.yaml".into(), line: 3, col: 7, path: "fields.x.type".into() },
            "unknown type `Strin`",
        );
        assert_eq!(d.to_string(), "error: unknown type `Strin`\n--> a.yaml:3:7\n = note: at `fields.x.type`");
    }

    /// The caret covers the token that starts at the column, as YAML delimits it.
    #[test]
    fn the_caret_covers_the_token() {
        let at = |line: &str, col: usize| {
            let r = token_span(line, col);
            line[r].to_owned()
        };
        assert_eq!(at("    type: Strin", 11), "Strin");
        assert_eq!(at("  Type:", 3), "Type");
        assert_eq!(at("    properties: [Create, Nilable, Restricted Picklist]", 35), "Restricted Picklist");
        assert_eq!(at("    properties: [Create, Nilable, Restricted Picklist]", 26), "Nilable");
        assert_eq!(at(r#"    default: "a: b" # why"#, 14), r#""a: b""#);
        assert_eq!(at("    default: a b # why", 14), "a b");
        assert_eq!(at("  - when: {Subjet: Call}", 11), "{Subjet: Call}");
        assert_eq!(at("    modifiers: [required", 16), "[");
        assert_eq!(at("    description: naïve café", 18), "naïve café");
        assert_eq!(at("a: \"a\0b\"", 6), "\0", "a control character alone");
        assert_eq!(at("x", 5), "", "past the end: an empty span, which renders as a caret");
    }
}
