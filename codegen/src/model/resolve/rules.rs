//! Rules tying the fields of a field set together, and the literals they and defaults name.

use super::*;
use crate::schema::raw::{RawAction, RawCond, RawRule};

impl Resolver<'_> {
    /// The rules of a field set, every name and value checked against its fields.
    pub(super) fn rules(&mut self, raw: &[RawRule], fields: &[Field], cx: &ApiCx<'_>) -> Vec<Rule> {
        let mut out = Vec::new();
        for r in raw {
            if let Some(rule) = self.rule(r, fields, cx) {
                out.push(rule);
            }
        }
        out
    }

    pub(super) fn field_ref(&mut self, name: &Spanned<String>, fields: &[Field]) -> Option<usize> {
        match fields.iter().position(|f| f.wire_name == name.value) {
            Some(i) => Some(i),
            None if self.refused.contains(&name.value) => None,
            None => {
                let hint = closest(&name.value, fields.iter().map(|f| f.wire_name.as_str())).map_or_else(
                    || "rules name fields of the same field set".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                self.err_hint(&name.loc, format!("rule names `{}`, which is not a field here", name.value), hint);
                None
            }
        }
    }

    pub(super) fn field_refs(&mut self, names: &[Spanned<String>], fields: &[Field]) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut ok = true;
        for n in names {
            match self.field_ref(n, fields) {
                Some(i) => out.push(i),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn conds(&mut self, raw: &[RawCond], fields: &[Field], cx: &ApiCx<'_>) -> Option<Vec<Cond>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (name, value, plain) in raw {
            let Some(i) = self.field_ref(name, fields) else {
                ok = false;
                continue;
            };
            match self.literal_as("condition value", &fields[i].ty, value, *plain, cx) {
                Some(equals) => out.push(Cond { field: i, equals }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn rule(&mut self, r: &RawRule, fields: &[Field], cx: &ApiCx<'_>) -> Option<Rule> {
        let when = self.conds(&r.when, fields, cx);
        let when_stored = self.conds(&r.when_stored, fields, cx);
        let (Some(when), Some(when_stored)) = (when, when_stored) else {
            // The conditions are refused; the fields the action names may be wrong too,
            // and each problem is reported now rather than after the next run.
            let names: Vec<&Spanned<String>> = match &r.action {
                RawAction::Require(n) | RawAction::Forbid(n) | RawAction::ForbidChange(n) | RawAction::Before(n, _) => {
                    n.iter().collect()
                }
                RawAction::Range { field, .. } | RawAction::ExcludeFlags { field, .. } => vec![field],
            };
            for n in names {
                self.field_ref(n, fields);
            }
            return None;
        };
        let is_change = matches!(r.action, RawAction::ForbidChange(_));
        if is_change == r.when_stored.is_empty() || (is_change && !r.when.is_empty()) {
            self.err_hint(
                &r.loc,
                "`when-stored` goes with `forbid-change`, and only with it",
                "`forbid-change` freezes fields while the stored record meets `when-stored`; other rules use `when`",
            );
            return None;
        }
        let name = |i: &usize| fields[*i].wire_name.clone();
        let cond_text = |c: &[Cond]| {
            c.iter().map(|c| format!("{} is {}", fields[c.field].wire_name, c.equals)).collect::<Vec<_>>().join(" and ")
        };
        let (kind, default_because) = match &r.action {
            RawAction::Require(names) => {
                let f = self.field_refs(names, fields)?;
                let why = if when.is_empty() { "always".to_owned() } else { format!("when {}", cond_text(&when)) };
                (RuleKind::Require { when, fields: f }, why)
            }
            RawAction::Forbid(names) => {
                let f = self.field_refs(names, fields)?;
                let why =
                    if when.is_empty() { "never allowed".to_owned() } else { format!("not when {}", cond_text(&when)) };
                (RuleKind::Forbid { when, fields: f }, why)
            }
            RawAction::ForbidChange(names) => {
                let f = self.field_refs(names, fields)?;
                let why = format!("not while the stored record's {}", cond_text(&when_stored));
                (RuleKind::ForbidChange { when_stored, fields: f }, why)
            }
            RawAction::Before(names, loc) => {
                let f = self.field_refs(names, fields)?;
                let [first, second] = f[..] else {
                    self.err_hint(loc, "`before` names two fields", "write `before: [Start, End]`");
                    return None;
                };
                let comparable =
                    |t: &Ty| matches!(t, Ty::Date | Ty::DateTime | Ty::Int32 | Ty::Int64 | Ty::UInt64 | Ty::Float);
                if !comparable(&fields[first].ty) || fields[first].ty != fields[second].ty {
                    self.err_hint(
                        loc,
                        format!("`{}` and `{}` cannot be ordered", name(&first), name(&second)),
                        "`before` compares two dates, two date-times or two numbers",
                    );
                    return None;
                }
                let why = format!("{} must come before {}", name(&first), name(&second));
                (RuleKind::Before { first, second }, why)
            }
            RawAction::Range { field, min, max } => {
                let i = self.field_ref(field, fields)?;
                if !matches!(fields[i].ty, Ty::Int32 | Ty::Int64 | Ty::UInt64 | Ty::Float) {
                    self.err(&field.loc, format!("`range` applies to numbers; `{}` is not one", field.value));
                    return None;
                }
                if let (Some(a), Some(b)) = (min, max) {
                    if a.value > b.value {
                        self.err(&b.loc, format!("range max {} is below its min {}", b.value, a.value));
                        return None;
                    }
                }
                if !when.is_empty() {
                    self.err(&r.loc, "`range` takes no `when`: a value out of range is wrong in any state");
                    return None;
                }
                let (min, max) = (min.as_ref().map(|m| m.value), max.as_ref().map(|m| m.value));
                (RuleKind::Range { field: i, min, max }, format!("{} out of range", field.value))
            }
            RawAction::ExcludeFlags { field, flags } => {
                let i = self.field_ref(field, fields)?;
                let Ty::Named(id) = fields[i].ty else {
                    self.err(&field.loc, format!("`exclude-flags` applies to bitmasks; `{}` is not one", field.value));
                    return None;
                };
                let known: Vec<(String, u32)> = match self.types[id.0].as_ref().map(|t| &t.kind) {
                    Some(TypeKind::Bitmask(b)) => b.flags.iter().map(|(n, _, bit)| (n.clone(), *bit)).collect(),
                    _ => {
                        self.err(
                            &field.loc,
                            format!("`exclude-flags` applies to bitmasks; `{}` is not one", field.value),
                        );
                        return None;
                    }
                };
                let mut bits = 0u64;
                let mut names = Vec::new();
                for f in flags {
                    match known.iter().find(|(n, _)| *n == f.value) {
                        Some((n, bit)) => {
                            bits |= u64::from(*bit);
                            names.push(n.clone());
                        }
                        None => {
                            let hint = closest(&f.value, known.iter().map(|(n, _)| n.as_str())).map_or_else(
                                || "name flags of the field's bitmask".to_owned(),
                                |n| format!("did you mean `{n}`?"),
                            );
                            self.err_hint(&f.loc, format!("`{}` is not a flag of `{}`", f.value, field.value), hint);
                            return None;
                        }
                    }
                }
                let why = format!("{} may not include {} when {}", field.value, names.join(" or "), cond_text(&when));
                (RuleKind::ExcludeFlags { when, field: i, bits, names }, why)
            }
        };
        let because = r.because.as_ref().map_or(default_because, |b| b.value.clone());
        Some(Rule { kind, because, loc: r.loc.clone() })
    }

    pub(super) fn literal(&mut self, ty: &Ty, d: &Spanned<String>, plain: bool, cx: &ApiCx<'_>) -> Option<Literal> {
        self.literal_as("default", ty, d, plain, cx)
    }

    /// A literal for `role` ("default", "condition value") of a field of type `ty`.
    pub(super) fn literal_as(
        &mut self,
        role: &str,
        ty: &Ty,
        d: &Spanned<String>,
        plain: bool,
        cx: &ApiCx<'_>,
    ) -> Option<Literal> {
        let _ = cx;
        let v = d.value.as_str();
        let bad = |this: &mut Self, what: &str| {
            this.err(&d.loc, format!("{role} `{v}` is not {what}"));
            None
        };
        match ty {
            Ty::Bool => match v {
                "true" => Some(Literal::Bool(true)),
                "false" => Some(Literal::Bool(false)),
                _ => bad(self, "a boolean"),
            },
            Ty::Int32 => match v.parse::<i32>() {
                Ok(n) if plain => Some(Literal::Int(n.into())),
                _ => bad(self, "a 32-bit integer"),
            },
            Ty::Int64 => match v.parse::<i64>() {
                Ok(n) if plain => Some(Literal::Int(n)),
                _ => bad(self, "an integer"),
            },
            Ty::UInt64 => match v.parse::<u64>() {
                Ok(n) if plain => Some(Literal::UInt(n)),
                _ => bad(self, "an unsigned integer"),
            },
            Ty::Float => match v.parse::<f64>() {
                Ok(n) if plain && n.is_finite() => Some(Literal::Float(n)),
                _ => bad(self, "a number"),
            },
            Ty::String | Ty::Email => Some(Literal::Str(v.to_owned())),
            // Enumerations and picklists are resolved before any field (see `api`).
            Ty::Named(id) => match self.types[id.0].as_ref().map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) if e.values.iter().any(|x| x.wire == v) => Some(Literal::Str(v.to_owned())),
                Some(TypeKind::Enum(e)) => {
                    let values: Vec<&str> = e.values.iter().map(|x| x.wire.as_str()).collect();
                    let hint = format!("expected one of: {}", values.join(", "));
                    self.err_hint(&d.loc, format!("{role} `{v}` is not one of the enumeration's values"), hint);
                    None
                }
                _ => {
                    self.err(&d.loc, format!("a field of this type cannot have a default (`{v}`)"));
                    None
                }
            },
            _ => {
                self.err(&d.loc, format!("a field of this type cannot have a default (`{v}`)"));
                None
            }
        }
    }
}
