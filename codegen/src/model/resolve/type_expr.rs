//! Stalwart type expressions (`List<Set<Id<Account>>>`, `T?`) and what a set may hold.

use super::*;

/// How deeply a type expression may nest (`List<Set<T>>` is 2): more than any API needs,
/// and a bound on the work a hostile expression can cause.
const MAX_TYPE_DEPTH: usize = 8;

impl Resolver<'_> {
    /// Parses a Stalwart type expression: `Name`, `Name?`, `Name[]`, `List<T>`, `Set<T>`, `Id<Object>`.
    pub(super) fn type_expr(&mut self, s: &str, loc: &Loc, cx: &ApiCx<'_>) -> Option<(Ty, bool)> {
        let s = s.trim();
        let (body, nullable) = match s.strip_suffix('?') {
            Some(b) => (b.trim_end(), true),
            None => (s, false),
        };
        if body.contains('?') {
            self.err_hint(
                loc,
                format!("`{s}`: `?` may only end a type"),
                "write `T?` for a nullable value; collections hold no nulls",
            );
            return None;
        }
        // `type_inner` recurses once per level: bound the depth before it starts.
        let depth = body.matches('<').count() + body.matches("[]").count();
        if depth > MAX_TYPE_DEPTH {
            self.err_hint(
                loc,
                format!("a type expression nests {depth} levels deep"),
                format!(
                    "at most {MAX_TYPE_DEPTH} levels (`List<Set<T>>` is 2); name an object type under `types:` instead"
                ),
            );
            return None;
        }
        Some((self.type_inner(body, loc, cx)?, nullable))
    }

    pub(super) fn type_inner(&mut self, s: &str, loc: &Loc, cx: &ApiCx<'_>) -> Option<Ty> {
        if let Some(inner) = s.strip_suffix("[]") {
            return Some(Ty::List(Box::new(self.type_inner(inner.trim_end(), loc, cx)?)));
        }
        if let Some(open) = s.find('<') {
            let Some(inner) = s[open + 1..].strip_suffix('>') else {
                self.err_hint(
                    loc,
                    format!("`{s}` is not a type expression"),
                    "expected `List<T>`, `Set<T>` or `Id<Object>`",
                );
                return None;
            };
            let inner = inner.trim();
            return match &s[..open] {
                "List" => Some(Ty::List(Box::new(self.type_inner(inner, loc, cx)?))),
                "Set" => {
                    let member = self.type_inner(inner, loc, cx)?;
                    self.set_member(&member, s, loc, cx)?;
                    Some(Ty::Set(Box::new(member)))
                }
                "Id" if ident::is_upper_ident(inner) => Some(Ty::Id(Some(inner.to_owned()))),
                other => {
                    self.err_hint(
                        loc,
                        format!("unknown type constructor `{other}<…>`"),
                        "expected `List<T>`, `Set<T>` or `Id<Object>`",
                    );
                    None
                }
            };
        }
        Some(match s {
            "String" | "Text" => Ty::String,
            "Boolean" => Ty::Bool,
            "Integer" => Ty::Int64,
            "UnsignedInt" => Ty::UInt64,
            "Float" => Ty::Float,
            "UTCDateTime" => Ty::DateTime,
            "Id" => Ty::Id(None),
            "BlobId" => Ty::BlobId,
            "EmailAddress" => Ty::Email,
            name => match self.names.get(name) {
                Some((id, _)) => Ty::Named(*id),
                None => {
                    self.unknown_type(name, loc, cx);
                    return None;
                }
            },
        })
    }

    /// Checks that a set can hold `member`: sets are ordered sets (`BTreeSet`), so members
    /// need a total order (no `Float`, no objects), and with `set: object-of-true` each is
    /// a JSON object key, so it must travel as a string (no numbers, booleans, lists).
    pub(super) fn set_member(&mut self, member: &Ty, expr: &str, loc: &Loc, cx: &ApiCx<'_>) -> Option<()> {
        let as_key = cx.wire.set == Collection::ObjectOfTrue;
        let ok = match member {
            Ty::String | Ty::Id(_) | Ty::BlobId | Ty::Email | Ty::DateTime | Ty::Date => true,
            Ty::Bool | Ty::Int32 | Ty::Int64 | Ty::UInt64 => !as_key,
            // Enumerations are resolved before any field, so the kind is known here.
            Ty::Named(id) => matches!(self.types[id.0].as_ref().map(|t| &t.kind), Some(TypeKind::Enum(_))),
            Ty::Float | Ty::List(_) | Ty::Set(_) => false,
        };
        if ok {
            return Some(());
        }
        let why = if as_key {
            "its members are JSON object keys (`wire.set: object-of-true`), so each must travel as a string: \
             String, Id, BlobId, EmailAddress, UTCDateTime or an enumeration"
        } else {
            "its members need a total order and equality: not Float, an object, a list or a set"
        };
        self.err_hint(
            loc,
            format!("`{expr}` cannot be a set: {why}"),
            "use `List<…>` for a collection of these, or a set of ids",
        );
        None
    }
}
