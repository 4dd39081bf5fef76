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
    /// Where the parser stopped.
    pub pos: Pos,
    /// What it said.
    pub message: String,
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
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, true)
        .map_err(|e| SyntaxError { pos: Pos::of(*e.marker()), message: e.info().to_owned() })?;
    if let Some(pos) = builder.second_document {
        return Err(SyntaxError { pos, message: "a schema file holds exactly one YAML document".into() });
    }
    if let Some(pos) = builder.non_scalar_key {
        return Err(SyntaxError { pos, message: "mapping keys must be plain names".into() });
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
