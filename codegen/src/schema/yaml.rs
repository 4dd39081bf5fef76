//! A YAML document as a tree whose every node knows its line and column.
//!
//! yaml-rust2's event parser gives positions; serde-based loaders do not, and stop at
//! the first problem, while the checker must report every problem where it stands.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub col: u32,
}

impl Pos {
    fn of(m: Marker) -> Pos {
        Pos { line: m.line() as u32, col: m.col() as u32 + 1 }
    }
}

/// One node of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub pos: Pos,
    /// What it holds.
    pub kind: Kind,
}

/// The kinds of YAML node.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A scalar; `plain` is false when it was quoted or a block scalar.
    Scalar {
        /// Its text.
        value: String,
        /// Whether it was written without quotes.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order; keys are scalars (non-scalar keys are rejected).
    Map(Vec<(Node, Node)>),
    /// An alias (`*name`); the schema language does not use anchors.
    Alias,
}

impl Node {
    /// The scalar text, if the node is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
    /// Whether the node is a plain `null`, `~` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, plain: true } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
    /// A short name of the node's kind, for messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "null",
            Kind::Scalar { .. } => "a scalar",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
            Kind::Alias => "an alias",
        }
    }
}

/// A syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the parser stopped (or, for an unclosed `[` or `{`, where it opened).
    pub pos: Pos,
    /// What it said.
    pub message: String,
    /// The YAML path of the keys around the place, as far as the parser got.
    pub path: String,
    /// What usually causes the message, when we know.
    pub hint: Option<&'static str>,
}

/// The usual cause of each of yaml-rust2's scanner and parser messages.
fn hint_for(message: &str) -> Option<&'static str> {
    const HINTS: &[(&str, &str)] = &[
        ("tabs disallowed", "indent with spaces: YAML does not allow tabs in indentation"),
        ("flow sequence", "this `[` list is not closed: end it with `]`, with `,` between its items"),
        ("flow mapping", "this `{` mapping is not closed: end it with `}`, with `,` between its entries"),
        ("flow construct", "a `[` or `{` above is not closed, or a line inside it is indented less than its key"),
        ("illegal placement of ':'", "is a `[` or `{` above left open? Otherwise quote the value"),
        ("unknown escape", "inside double quotes `\\` starts an escape: write `\\\\`, or use single quotes"),
        ("quoted scalar", "a quoted text is not closed: add the closing quote on the same line"),
        ("trailing content after", "text follows a closing quote: put all of it inside the quotes"),
        ("mapping values are not allowed", "a plain value holds `: `: quote it, or check this line's indentation"),
        ("did not find expected key", "check the indentation: the keys of one mapping start in the same column"),
        ("expected '-' indicator", "the items of a list start with `-` in one column, and nothing else may"),
        ("simple key expect ':'", "each line of a mapping is `key: value`; a list item starts with `- `"),
        ("unexpected character", "quote the value: YAML reserves this character at the start of plain text"),
        ("anchor or alias", "`&` and `*` start YAML anchors and aliases: quote the value"),
        ("recursion limit", "the document nests too deep; a schema needs only a few levels"),
    ];
    HINTS.iter().find(|(needle, _)| message.contains(needle)).map(|(_, hint)| *hint)
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    documents: usize,
    /// Where the second document starts, if there is one.
    second_document: Option<Pos>,
    non_scalar_key: Option<Pos>,
}

enum Frame {
    Seq(Pos, Vec<Node>),
    Map(Pos, Vec<(Node, Node)>, Option<Node>),
}

impl Builder {
    /// The YAML path of what is being read: each open mapping's pending key, and the
    /// index of each open list's item under construction.
    fn path(&self) -> String {
        let mut path = String::new();
        for (i, frame) in self.stack.iter().enumerate() {
            let deeper = i + 1 < self.stack.len();
            match frame {
                Frame::Seq(_, items) if deeper => path.push_str(&format!("[{}]", items.len())),
                Frame::Map(_, _, Some(key)) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key.as_str().unwrap_or("?"));
                }
                _ => break,
            }
        }
        path
    }

    fn add(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, key)) => match key.take() {
                None => {
                    if !matches!(node.kind, Kind::Scalar { .. }) && self.non_scalar_key.is_none() {
                        self.non_scalar_key = Some(node.pos);
                    }
                    *key = Some(node);
                }
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = Pos::of(mark);
        match ev {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 {
                    self.second_document = Some(pos);
                }
            }
            Event::Scalar(value, style, _, _) => {
                let plain = style == TScalarStyle::Plain;
                self.add(Node { pos, kind: Kind::Scalar { value, plain } });
            }
            Event::Alias(_) => self.add(Node { pos, kind: Kind::Alias }),
            Event::SequenceStart(..) => self.stack.push(Frame::Seq(pos, Vec::new())),
            Event::MappingStart(..) => self.stack.push(Frame::Map(pos, Vec::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq(pos, items)) => Node { pos, kind: Kind::Seq(items) },
                    Some(Frame::Map(pos, entries, _)) => {
                        // A block mapping's own mark is unreliable; its first key's is not.
                        let pos = entries.first().map_or(pos, |(k, _)| k.pos);
                        Node { pos, kind: Kind::Map(entries) }
                    }
                    None => return,
                };
                self.add(node);
            }
            _ => {}
        }
    }
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    // A byte order mark may start a YAML stream (YAML 1.2, 5.2); yaml-rust2 would read it
    // as part of the first key. Editors do not count it as a column, and neither do we.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(i) = text.find('\0') {
        // yaml-rust2 reads a NUL as the end of the stream, and would blame a quote.
        let before = &text[..i];
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.chars().rev().take_while(|c| *c != '\n').count() as u32 + 1;
        return Err(SyntaxError {
            pos: Pos { line, col },
            message: "the file holds a NUL character".into(),
            path: String::new(),
            hint: Some("schema files are text: remove it"),
        });
    }
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, true) {
        let message = e.info().to_owned();
        let mut pos = Pos::of(*e.marker());
        // An unclosed `[` or `{` is noticed lines later, or at the end of the file: point
        // at where it opened.
        let unclosed = match builder.stack.last() {
            Some(Frame::Seq(at, _)) if message.contains("flow sequence") => Some(*at),
            Some(Frame::Map(at, _, _)) if message.contains("flow mapping") => Some(*at),
            _ => None,
        };
        if let Some(at) = unclosed {
            pos = at;
        } else if message.contains("did not find expected key") {
            // A key indented unlike its siblings: the parser stops at its `:`; the
            // problem is the indentation, at the line's first character.
            if let Some(line) = text.lines().nth((pos.line as usize).saturating_sub(1)) {
                let indent = line.chars().take_while(|c| *c == ' ').count() as u32;
                if indent < line.chars().count() as u32 {
                    pos.col = indent + 1;
                }
            }
        }
        return Err(SyntaxError { pos, path: builder.path(), hint: hint_for(&message), message });
    }
    let error = |pos, message: &str, hint| SyntaxError { pos, message: message.into(), path: String::new(), hint };
    if let Some(pos) = builder.second_document {
        return Err(error(
            pos,
            "a schema file holds exactly one YAML document",
            Some("split it into one file per object"),
        ));
    }
    if let Some(pos) = builder.non_scalar_key {
        return Err(error(pos, "mapping keys must be plain names", None));
    }
    Ok(builder
        .root
        .unwrap_or(Node { pos: Pos { line: 1, col: 1 }, kind: Kind::Scalar { value: String::new(), plain: true } }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_know_their_place() {
        let root = parse("a: 1\nbb:\n  - x: \"q\"\n").unwrap();
        let Kind::Map(entries) = &root.kind else { panic!("not a map") };
        assert_eq!(entries[0].0.pos, Pos { line: 1, col: 1 });
        assert_eq!(entries[1].0.pos, Pos { line: 2, col: 1 });
        let Kind::Seq(items) = &entries[1].1.kind else { panic!("not a seq") };
        let Kind::Map(inner) = &items[0].kind else { panic!("not a map") };
        assert_eq!(inner[0].1.pos, Pos { line: 3, col: 8 });
        assert_eq!(inner[0].1.kind, Kind::Scalar { value: "q".into(), plain: false });
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = parse("a: [1\nb: 2\n").unwrap_err();
        assert_eq!(e.pos.line, 2);
    }

    #[test]
    fn duplicate_keys_are_kept_for_the_checker() {
        let root = parse("a: 1\na: 2\n").unwrap();
        let Kind::Map(entries) = &root.kind else { panic!("not a map") };
        assert_eq!(entries.len(), 2);
    }
}
