//! The example values an object's documentation shows (a read, a create, an update and
//! an error report), chosen here from the model so that emitters only write them out.
//!
//! Every value is made by this module, never taken from schema text, except names the
//! resolver has checked (wire names, enumeration values, variant tags) which the writers
//! escape. A value is chosen to be valid: required members only (optional ones are left
//! out, so no rule on them can fail), booleans `false` (rules are written "when X is
//! true"), numbers inside `range` rules, texts within `length`, ids with the target's
//! key prefix.

use super::{Api, CreateRule, DateTimeForm, Field, IdForm, ReadRule, RuleKind, Ty, TypeId, TypeKind, UpdateRule};

/// Nested objects deeper than this get no example (a bound, not a need).
const MAX_DEPTH: usize = 16;

/// A value of an example.
#[derive(Clone, Debug, PartialEq)]
pub enum Sample {
    /// Text (also e-mail addresses, dates, date-times, ids, blob ids: `Ty` tells which).
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// The enumeration value at this index of type `TypeId`.
    Enum(TypeId, usize),
    /// A bitmask with no flag set.
    NoBits(TypeId),
    /// An empty list or set.
    Empty,
    /// A field set: its members by index into the struct's fields, with their values.
    Struct(TypeId, Vec<(usize, Sample)>),
    /// A multi-variant object: the variant's index and its field set's value.
    Union(TypeId, usize, Box<Sample>),
}

/// The examples of one object.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectExamples {
    /// A read body's value: the members a read must carry, the create's, and the id.
    pub read: Sample,
    /// A create value: its required members, or `None` when clients cannot create one.
    pub create: Option<Sample>,
    /// One member an update changes: its field set, field index and new value.
    pub update: Option<(TypeId, usize, Sample)>,
    /// A create body member given a value of the wrong JSON kind: its field index and
    /// whether the wrong value is `true` (for lists and sets) rather than `[]`.
    pub bad: Option<(usize, bool)>,
}

impl Api {
    /// The examples of the object of module `m`; `None` when none can be made (a nesting
    /// deeper than any real API's).
    pub fn object_examples(&self, m: usize) -> Option<ObjectExamples> {
        let id = self.modules[m].object;
        // Of a multi-variant object, the first variant clients may create that has a
        // member an update can change, else the first they may create.
        let variants: Vec<Option<usize>> = match &self.ty(id).kind {
            TypeKind::Union(u) => (0..u.variants.len()).filter(|&v| u.variants[v].client_creatable).map(Some).collect(),
            _ => vec![None],
        };
        let mut first = None;
        for v in variants {
            let Some(ex) = self.examples_of(id, v) else { continue };
            if ex.update.is_some() {
                return Some(ex);
            }
            first.get_or_insert(ex);
        }
        first
    }

    /// The examples of object `id`, of its variant `variant` when it has variants.
    fn examples_of(&self, id: TypeId, variant: Option<usize>) -> Option<ObjectExamples> {
        let top = |purpose: Purpose| match (&self.ty(id).kind, variant) {
            (TypeKind::Union(u), Some(v)) => {
                Some(Sample::Union(id, v, Box::new(self.sample_named(u.variants[v].fields, purpose, 1)?)))
            }
            _ => self.sample_named(id, purpose, 0),
        };
        let read = top(Purpose::Read)?;
        let create = top(Purpose::Create);
        // The field set the create's and read's members are in.
        let fields_of = |s: &Sample| match s {
            Sample::Struct(t, _) => Some(*t),
            Sample::Union(_, _, inner) => match **inner {
                Sample::Struct(t, _) => Some(t),
                _ => None,
            },
            _ => None,
        };
        let set = fields_of(create.as_ref().unwrap_or(&read))?;
        let TypeKind::Struct(s) = &self.ty(set).kind else { return None };
        let update = s
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.update == UpdateRule::Allowed)
            .filter_map(|(i, f)| {
                let rank = match f.ty {
                    Ty::String => 0,
                    Ty::Email => 1,
                    Ty::Int32 | Ty::Int64 | Ty::UInt64 => 2,
                    Ty::DateTime | Ty::Date => 3,
                    Ty::Named(t) if matches!(self.ty(t).kind, TypeKind::Enum(_)) => 4,
                    _ => return None,
                };
                Some((rank, i, f))
            })
            .min_by_key(|(rank, i, _)| (*rank, *i))
            .and_then(|(_, i, f)| Some((set, i, self.sample_changed(set, f, i)?)));
        let bad = create.as_ref().and_then(|_| {
            let i = s
                .fields
                .iter()
                .position(|f| f.create == CreateRule::Required)
                .or_else(|| s.fields.iter().position(|f| f.create == CreateRule::Optional))?;
            Some((i, matches!(s.fields[i].ty, Ty::List(_) | Ty::Set(_))))
        });
        Some(ObjectExamples { read: self.with_id(read), create, update, bad })
    }

    /// `read` with the member holding the object's id (`id`, Salesforce's `Id`) set.
    fn with_id(&self, read: Sample) -> Sample {
        let add = |t: TypeId, mut members: Vec<(usize, Sample)>| {
            if let TypeKind::Struct(s) = &self.ty(t).kind {
                let id = s.fields.iter().position(|f| {
                    f.ty == Ty::Id(None) && f.create == CreateRule::Forbidden && f.update == UpdateRule::Forbidden
                });
                if let Some(i) = id.filter(|i| !members.iter().any(|(j, _)| j == i)) {
                    members.push((i, Sample::Text(self.id_text(&s.fields[i], t))));
                    members.sort_by_key(|(j, _)| *j);
                }
            }
            Sample::Struct(t, members)
        };
        match read {
            Sample::Struct(t, members) => add(t, members),
            Sample::Union(u, v, inner) => match *inner {
                Sample::Struct(t, members) => Sample::Union(u, v, Box::new(add(t, members))),
                other => Sample::Union(u, v, Box::new(other)),
            },
            other => other,
        }
    }

    fn sample_named(&self, id: TypeId, purpose: Purpose, depth: usize) -> Option<Sample> {
        if depth > MAX_DEPTH {
            return None;
        }
        let t = self.ty(id);
        match &t.kind {
            TypeKind::Struct(s) => {
                let mut members = Vec::new();
                for (i, f) in s.fields.iter().enumerate() {
                    let wanted = match purpose {
                        // A Salesforce read requires nothing: show what a create sends.
                        Purpose::Read => f.read == ReadRule::Required || f.create == CreateRule::Required,
                        Purpose::Create => f.create == CreateRule::Required,
                    };
                    if wanted {
                        members.push((i, self.sample(id, f, i, purpose, depth + 1)?));
                    }
                }
                Some(Sample::Struct(id, members))
            }
            TypeKind::Union(u) => {
                u.variants.iter().enumerate().filter(|(_, v)| v.client_creatable).find_map(|(i, v)| {
                    Some(Sample::Union(id, i, Box::new(self.sample_named(v.fields, purpose, depth + 1)?)))
                })
            }
            TypeKind::Enum(e) => {
                let i = e.values.iter().position(|v| v.client_settable)?;
                Some(Sample::Enum(id, i))
            }
            TypeKind::Bitmask(_) => Some(Sample::NoBits(id)),
        }
    }

    /// A value of field `i` of field set `owner`.
    fn sample(&self, owner: TypeId, f: &Field, i: usize, purpose: Purpose, depth: usize) -> Option<Sample> {
        Some(match &f.ty {
            Ty::String => Sample::Text(fit("example", f.max_len)),
            Ty::Email => Sample::Text("user@example.com".into()),
            Ty::Bool => Sample::Bool(false),
            Ty::Int32 | Ty::Int64 | Ty::UInt64 => Sample::Int(self.in_range(owner, i, 1)),
            Ty::Float => Sample::Float(self.in_range(owner, i, 1) as f64 + 0.5),
            Ty::Date => Sample::Text("2026-01-01".into()),
            Ty::DateTime => Sample::Text(self.date_time_text(1)),
            Ty::Id(_) => Sample::Text(self.id_text(f, owner)),
            Ty::BlobId => Sample::Text("c".into()),
            Ty::Named(id) => self.sample_named(*id, purpose, depth)?,
            Ty::List(_) | Ty::Set(_) => Sample::Empty,
        })
    }

    /// Another value for field `i` of `owner`, for an update: unlike the value a read
    /// or create example holds and unlike the default a read fills in, so the update
    /// changes the object.
    fn sample_changed(&self, owner: TypeId, f: &Field, i: usize) -> Option<Sample> {
        let text = |v: &[&str]| v.iter().map(|t| Sample::Text((*t).to_owned())).collect::<Vec<_>>();
        let candidates: Vec<Sample> = match &f.ty {
            Ty::String => vec![Sample::Text(fit("changed", f.max_len)), Sample::Text(fit("other", f.max_len))],
            Ty::Email => text(&["other@example.com", "changed@example.com"]),
            Ty::Int32 | Ty::Int64 | Ty::UInt64 => {
                [2, 3, 0, 4].iter().map(|&n| Sample::Int(self.in_range(owner, i, n))).collect()
            }
            Ty::Date => text(&["2026-02-01", "2026-03-01"]),
            Ty::DateTime => vec![Sample::Text(self.date_time_text(2)), Sample::Text(self.date_time_text(3))],
            Ty::Named(id) => match &self.ty(*id).kind {
                TypeKind::Enum(e) => {
                    (0..e.values.len()).filter(|&v| e.values[v].client_settable).map(|v| Sample::Enum(*id, v)).collect()
                }
                _ => return None,
            },
            _ => return None,
        };
        // What the read example holds: a member it carries, else the default.
        let carried = f.read == ReadRule::Required || f.create == CreateRule::Required;
        let held = carried.then(|| self.sample(owner, f, i, Purpose::Create, 1)).flatten();
        let default = f.default.as_ref().map(|d| match d {
            super::Literal::Str(s) => match &f.ty {
                Ty::Named(id) => match &self.ty(*id).kind {
                    TypeKind::Enum(e) => {
                        e.values.iter().position(|v| v.wire == *s).map_or(Sample::Empty, |v| Sample::Enum(*id, v))
                    }
                    _ => Sample::Empty,
                },
                _ => Sample::Text(s.clone()),
            },
            super::Literal::Int(n) => Sample::Int(*n),
            super::Literal::UInt(n) => i64::try_from(*n).map_or(Sample::Empty, Sample::Int),
            other => Sample::Text(other.to_string()),
        });
        candidates.into_iter().find(|c| Some(c) != held.as_ref() && Some(c) != default.as_ref())
    }

    /// `wanted`, moved inside the bounds of any `range` rule on field `i` of `owner`.
    fn in_range(&self, owner: TypeId, i: usize, wanted: i64) -> i64 {
        let TypeKind::Struct(s) = &self.ty(owner).kind else { return wanted };
        let mut v = wanted;
        for r in &s.rules {
            if let RuleKind::Range { field, min, max } = &r.kind {
                if *field == i {
                    if let Some(min) = min {
                        v = v.max(*min);
                    }
                    if let Some(max) = max {
                        v = v.min(*max);
                    }
                }
            }
        }
        v
    }

    /// A date-time in the wire profile's form, on day `day` of 2026.
    fn date_time_text(&self, day: u8) -> String {
        match self.wire.date_time {
            DateTimeForm::SecondsZ => format!("2026-01-{day:02}T00:00:00Z"),
            DateTimeForm::MillisOffset => format!("2026-01-{day:02}T00:00:00.000+0000"),
        }
    }

    /// An id of field `f` of `owner` in the wire profile's form: a Salesforce id starts
    /// with its target's key prefix (or its own object's).
    fn id_text(&self, f: &Field, owner: TypeId) -> String {
        match self.wire.id {
            IdForm::StalwartBase32 => "c".into(),
            IdForm::Salesforce => {
                let prefix = f
                    .reference
                    .as_ref()
                    .and_then(|r| r.prefixes.as_ref())
                    .and_then(|p| p.first().cloned())
                    .or_else(|| self.ty(owner).key_prefix.clone())
                    .unwrap_or_else(|| "000".into());
                format!("{prefix}5e00000AbCdE")
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Read,
    Create,
}

/// `text`, cut to at most `max` characters.
fn fit(text: &str, max: Option<u32>) -> String {
    text.chars().take(max.map_or(usize::MAX, |m| m as usize)).collect()
}
