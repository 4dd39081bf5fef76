//! A small, deterministic YAML writer for the importers.
//!
//! It writes the subset of YAML the schema files use (block mappings, block and flow
//! lists, plain, double-quoted and folded scalars, comments) and quotes a scalar exactly
//! when a YAML reader could take it for something else.

use std::fmt::Write as _;

/// Width that long text is folded to (content columns, after the indentation).
const FOLD_WIDTH: usize = 88;
/// A `key: value` line longer than this is written as a folded block instead.
const MAX_LINE: usize = 100;

/// Words a YAML 1.1 or 1.2 reader takes for a boolean or null.
const RESERVED: &[&str] = &[
    "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
    "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", "=",
];

/// Whether `s` can be written as a plain scalar; `flow` when it sits in `[...]` or `{...}`.
pub fn is_plain_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if RESERVED.contains(&s) {
        return false;
    }
    // Numbers, signs and dots first: anything a reader might parse as a number.
    if !(first.is_ascii_alphabetic() || first == '_' || first == '(' || first == '/' || !first.is_ascii()) {
        return false;
    }
    if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) || s.ends_with(':') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains(":\t") || s.contains("\t#") {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    if s.chars().any(needs_escape) {
        return false;
    }
    // `.inf`, `nan` and friends start with a letter too.
    !matches!(s.to_ascii_lowercase().as_str(), "inf" | "nan" | "infinity")
}

/// Characters that may not appear unescaped in a scalar: controls, tabs, line breaks
/// (YAML 1.1 counts NEL, LS and PS as line breaks) and the byte-order mark.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A double-quoted scalar with YAML escapes.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a scalar in block context: plain when safe, double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    if is_plain_safe(s, false) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

/// `s` as a scalar inside a flow collection.
pub fn flow_scalar(s: &str) -> String {
    if is_plain_safe(s, true) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

/// A flow mapping `{k: v, ...}` of already formatted values (keys are quoted as needed).
pub fn flow_map(pairs: &[(&str, String)]) -> String {
    let items: Vec<String> = pairs.iter().map(|(k, v)| format!("{}: {v}", flow_scalar(k))).collect();
    format!("{{{}}}", items.join(", "))
}

/// One line of a folded block: it reads back unchanged when folded.
fn foldable_line(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.contains("  ")
        && !s.chars().any(|c| needs_escape(c) || (c.is_whitespace() && c != ' '))
}

/// Whether `s` can be written as a folded block (`>-`) and read back unchanged: its
/// lines (between line breaks) are foldable, and it neither starts nor ends with a break.
fn foldable(s: &str) -> bool {
    !s.starts_with('\n')
        && !s.ends_with('\n')
        && s.split('\n').all(|line| line.is_empty() || foldable_line(line))
        && s.split('\n').any(|line| !line.is_empty())
}

/// A YAML document under construction.
#[derive(Default)]
pub struct Yaml {
    out: String,
}

impl Yaml {
    /// An empty document.
    pub fn new() -> Self {
        Yaml::default()
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn pad(&mut self, indent: usize) {
        self.out.push_str(&" ".repeat(indent));
    }

    /// Appends another document's text.
    pub fn append(&mut self, other: Yaml) {
        self.out.push_str(&other.out);
    }

    /// A blank line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// `# text`, one comment line per line of `text`, long lines wrapped at spaces.
    pub fn comment(&mut self, indent: usize, text: &str) {
        let width = MAX_LINE.saturating_sub(indent + 2).max(40);
        for line in text.lines() {
            let line = line.replace(needs_escape, " ");
            let mut current = String::new();
            for word in line.split(' ') {
                if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                    self.pad(indent);
                    let _ = writeln!(self.out, "# {current}");
                    current.clear();
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            self.pad(indent);
            if current.is_empty() {
                self.out.push_str("#\n");
            } else {
                let _ = writeln!(self.out, "# {current}");
            }
        }
    }

    /// `key:` opening a nested block, with an optional trailing comment.
    pub fn key(&mut self, indent: usize, key: &str, comment: Option<&str>) {
        self.pad(indent);
        self.out.push_str(&scalar(key));
        self.out.push(':');
        if let Some(c) = comment {
            let _ = write!(self.out, "  # {}", c.replace(needs_escape, " "));
        }
        self.out.push('\n');
    }

    /// `key: raw`, where `raw` is already YAML (a number, a flow list, a quoted scalar).
    pub fn raw(&mut self, indent: usize, key: &str, raw: &str, comment: Option<&str>) {
        self.pad(indent);
        let _ = write!(self.out, "{}: {raw}", scalar(key));
        if let Some(c) = comment {
            let _ = write!(self.out, "  # {}", c.replace(needs_escape, " "));
        }
        self.out.push('\n');
    }

    /// `key: text`: a scalar, folded into a `>-` block when the line would be long.
    pub fn text(&mut self, indent: usize, key: &str, text: &str) {
        let one_line = scalar(text);
        if indent + key.len() + 2 + one_line.len() <= MAX_LINE || !foldable(text) {
            self.raw(indent, key, &one_line, None);
            return;
        }
        self.pad(indent);
        let _ = writeln!(self.out, "{}: >-", scalar(key));
        let inner = indent + 2;
        // In a folded block a line break reads as a space and each empty line as a line
        // break: a text line is wrapped at spaces, and `n` breaks become `n` empty lines.
        // `breaks` counts the breaks after the first one between two text lines.
        let mut breaks = 0;
        let mut first = true;
        for part in text.split('\n') {
            if part.is_empty() {
                breaks += 1;
                continue;
            }
            if !first {
                // End the previous line, then one empty line per line break.
                for _ in 0..breaks + 2 {
                    self.out.push('\n');
                }
            }
            breaks = 0;
            first = false;
            let mut line = String::new();
            for word in part.split(' ') {
                if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > FOLD_WIDTH {
                    self.pad(inner);
                    self.out.push_str(&line);
                    self.out.push('\n');
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            self.pad(inner);
            self.out.push_str(&line);
        }
        self.out.push('\n');
    }

    /// `key: [a, b, c]` from already formatted flow items, wrapped onto continuation
    /// lines when long.
    pub fn flow_list(&mut self, indent: usize, key: &str, items: &[String], comment: Option<&str>) {
        let single = format!("[{}]", items.join(", "));
        if indent + key.len() + 2 + single.len() <= MAX_LINE {
            self.raw(indent, key, &single, comment);
            return;
        }
        self.pad(indent);
        let _ = write!(self.out, "{}: [", scalar(key));
        let mut col = indent + key.len() + 3;
        for (i, item) in items.iter().enumerate() {
            let piece = if i + 1 == items.len() { format!("{item}]") } else { format!("{item},") };
            if i > 0 {
                if col + 1 + piece.len() > MAX_LINE {
                    self.out.push('\n');
                    self.pad(indent + 2);
                    col = indent + 2;
                } else {
                    self.out.push(' ');
                    col += 1;
                }
            }
            self.out.push_str(&piece);
            col += piece.len();
        }
        if let Some(c) = comment {
            let _ = write!(self.out, "  # {}", c.replace(needs_escape, " "));
        }
        self.out.push('\n');
    }

    /// `- raw`: a list item that is already YAML.
    pub fn item(&mut self, indent: usize, raw: &str) {
        self.pad(indent);
        let _ = writeln!(self.out, "- {raw}");
    }

    /// `- key: text`: the first entry of a block mapping that is a list item; further
    /// entries of the same mapping go at `indent + 2`.
    pub fn item_text(&mut self, indent: usize, key: &str, text: &str) {
        self.pad(indent);
        self.out.push_str("- ");
        let mut rest = Yaml::new();
        rest.text(indent + 2, key, text);
        self.out.push_str(rest.out.trim_start_matches(' '));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_a_reader_would_misread() {
        for s in [
            "",
            "true",
            "null",
            "No",
            "~",
            "12",
            "1.5",
            "-3",
            ".5",
            "0x1F",
            "+1",
            "inf",
            "NaN",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "end:",
            "@type",
            "#x",
            "*x",
            "&x",
            "!x",
            "|x",
            ">x",
            "%x",
            "`x",
            "'x",
            "\"x",
            "-x",
            "?x",
            "[x",
            "{x",
            "a\nb",
            "tab\there",
        ] {
            assert!(!is_plain_safe(s, false), "{s:?} must be quoted");
        }
        for s in ["Email", "relaxed/simple", "acme.auth-start", "(Task closed)", "Recalculate the account's data"] {
            assert!(is_plain_safe(s, false), "{s:?} can be plain");
        }
        assert!(!is_plain_safe("a, b", true));
        assert!(is_plain_safe("a, b", false));
        assert_eq!(quoted("a\"b\\c\n\u{2028}"), "\"a\\\"b\\\\c\\n\\u2028\"");
    }

    #[test]
    fn folds_long_text_and_keeps_short_text_inline() {
        let mut y = Yaml::new();
        y.text(2, "description", "short");
        let long = "word ".repeat(40);
        y.text(2, "description", long.trim_end());
        let out = y.finish();
        assert!(out.starts_with("  description: short\n  description: >-\n    word word"), "{out}");
        assert!(out.lines().all(|l| l.len() <= MAX_LINE), "{out}");
    }

    #[test]
    fn round_trips_through_the_schema_reader() {
        let long = "long ".repeat(30);
        let tricky = [
            "plain words",
            "yes",
            "42",
            "a: b # c",
            " padded ",
            "line\nbreak",
            "first paragraph, long enough to be folded onto more than one line of the folded block\nsecond\n\n\nthird",
            "quote \" and \\ slash",
            long.trim_end(),
            "(GMT+14:00) Line Islands Time (Pacific/Kiritimati)",
            "Dumont-d’Urville",
        ];
        let mut y = Yaml::new();
        y.key(0, "m", None);
        for (i, s) in tricky.iter().enumerate() {
            y.text(2, &format!("k{i}"), s);
        }
        let items: Vec<String> = tricky.iter().map(|s| flow_scalar(s)).collect();
        y.flow_list(0, "list", &items, None);
        let text = y.finish();
        let root = crate::schema::yaml::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let crate::schema::yaml::Kind::Map(top) = &root.kind else { panic!("{text}") };
        let crate::schema::yaml::Kind::Map(m) = &top[0].1.kind else { panic!("{text}") };
        for (i, s) in tricky.iter().enumerate() {
            assert_eq!(m[i].1.as_str(), Some(*s), "{text}");
        }
        let crate::schema::yaml::Kind::Seq(l) = &top[1].1.kind else { panic!("{text}") };
        for (i, s) in tricky.iter().enumerate() {
            assert_eq!(l[i].as_str(), Some(*s), "{text}");
        }
    }
}
