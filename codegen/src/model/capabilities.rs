//! What the Rust form of a type can promise, decided once here from the resolved model
//! so that every emitter agrees: whether its values admit `Eq` and `Hash`, and whether
//! an enumeration's `FromStr` takes values the schema does not list, and why a client body
//! may not carry a member.

use super::{Api, Field, Ty, TypeId, TypeKind, Vocabulary};

impl Api {
    /// Why a client body may not carry member `f` of a create (`create`) or an update:
    /// the message of its `forbidden` error, in the words of the API's reference pages.
    pub fn refusal(&self, f: &Field, create: bool) -> String {
        let w = &f.wire_name;
        let server_set = f.modifiers.iter().any(|m| m == "server-set");
        match (self.vocabulary, create) {
            (Vocabulary::Salesforce, true) => format!("`{w}` cannot be set on create (no Create property)"),
            (Vocabulary::Salesforce, false) => format!("`{w}` cannot be updated (no Update property)"),
            (Vocabulary::Stalwart, true) => format!("`{w}` is server-set: clients may not send it"),
            (Vocabulary::Stalwart, false) if server_set => format!("`{w}` is server-set: clients may not send it"),
            (Vocabulary::Stalwart, false) => format!("`{w}` is read-only: it cannot change after creation"),
        }
    }

    /// Whether the values of type `id` admit `Eq` and `Hash`: none of its members, at
    /// any depth, is a float (whose `NaN` is not equal to itself). Everything else the
    /// generated types hold does (ids, dates, text, enumerations, JSON kept as received).
    ///
    /// Walks the types `id` reaches with a stack, not recursion, each once.
    pub fn admits_eq(&self, id: TypeId) -> bool {
        let mut seen = vec![false; self.types.len()];
        let mut stack = vec![id];
        seen[id.0] = true;
        while let Some(t) = stack.pop() {
            let mut named = Vec::new();
            match &self.ty(t).kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        let mut ty = &f.ty;
                        while let Ty::List(inner) | Ty::Set(inner) = ty {
                            ty = inner;
                        }
                        match ty {
                            Ty::Float => return false,
                            Ty::Named(n) => named.push(*n),
                            _ => {}
                        }
                    }
                }
                TypeKind::Union(u) => named.extend(u.variants.iter().map(|v| v.fields)),
                TypeKind::Enum(_) | TypeKind::Bitmask(_) => {}
            }
            for n in named {
                if !std::mem::replace(&mut seen[n.0], true) {
                    stack.push(n);
                }
            }
        }
        true
    }

    /// Whether enumeration `id` takes, from a string in Rust (`FromStr`), a value the
    /// schema does not list: only when no field of that type is restricted (a
    /// Salesforce picklist that is not restricted, to which an org adds its own
    /// values). A value a client body would refuse is refused there too.
    pub fn enum_is_open(&self, id: TypeId) -> bool {
        let mut used = false;
        for t in &self.types {
            let TypeKind::Struct(s) = &t.kind else { continue };
            for f in &s.fields {
                let mut ty = &f.ty;
                while let Ty::List(inner) | Ty::Set(inner) = ty {
                    ty = inner;
                }
                if *ty == Ty::Named(id) {
                    if f.restricted {
                        return false;
                    }
                    used = true;
                }
            }
        }
        used
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::{load, SourceApi, SourceFile};

    const API: &str = "api: demo\ntitle: Demo\nvocabulary: stalwart\nwire:\n  keys: camelCase\n  discriminator: \"@type\"\n  date: iso\n  date-time: seconds-z\n  id: stalwart-base32\n  list: object-by-index\n  set: object-of-true\n";

    fn api(object: &str) -> crate::model::Api {
        let src = SourceApi {
            dir: "demo".into(),
            api: SourceFile { name: "demo/api.yaml".into(), text: API.into() },
            objects: vec![("job.yaml".into(), SourceFile { name: "demo/job.yaml".into(), text: object.into() })],
        };
        load(&[src]).unwrap_or_else(|d| panic!("{d}")).apis.remove(0)
    }

    fn by_name(api: &crate::model::Api, name: &str) -> crate::model::TypeId {
        crate::model::TypeId(api.types.iter().position(|t| t.name == name).expect(name))
    }

    #[test]
    fn a_float_at_any_depth_takes_eq_away_from_its_users_only() {
        let a = api("object: Job\ndescription: J.\nfields:\n  outer:\n    type: List<Outer>\n    modifiers: [required]\n  kind:\n    type: Kind\n    modifiers: [required]\ntypes:\n  Outer:\n    description: O.\n    fields:\n      inner:\n        type: Inner?\n  Inner:\n    description: I.\n    fields:\n      ratio:\n        type: Float\n        modifiers: [required]\n  Plain:\n    description: P.\n    fields:\n      name:\n        type: String\n        modifiers: [required]\n  Kind:\n    description: K.\n    enum:\n      - value: a\n");
        for (name, expected) in [("Job", false), ("Outer", false), ("Inner", false), ("Plain", true), ("Kind", true)] {
            assert_eq!(a.admits_eq(by_name(&a, name)), expected, "{name}");
        }
    }

    #[test]
    fn only_an_enumeration_no_field_restricts_is_open() {
        let a = api("object: Job\ndescription: J.\nfields:\n  kind:\n    type: Kind\n    modifiers: [required]\ntypes:\n  Kind:\n    description: K.\n    enum:\n      - value: a\n  Unused:\n    description: U.\n    enum:\n      - value: b\n");
        // Stalwart enumerations are restricted; an unused one takes nothing unknown either.
        assert!(!a.enum_is_open(by_name(&a, "Kind")));
        assert!(!a.enum_is_open(by_name(&a, "Unused")));
    }
}
