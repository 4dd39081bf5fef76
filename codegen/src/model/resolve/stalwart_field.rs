//! A Stalwart field: its type expression and modifiers (`read-only`, `server-set`,
//! `required`) decide what reads, creates and updates do with it.

use super::*;

const STALWART_MODIFIERS: &[&str] = &["read-only", "server-set", "required"];

impl Resolver<'_> {
    pub(super) fn stalwart_field(
        &mut self,
        f: &RawField,
        ty_s: &Spanned<String>,
        wire_name: String,
        rust_name: String,
        cx: &ApiCx<'_>,
    ) -> Option<Field> {
        // Independent problems are all reported: the type, each unknown modifier, one
        // conflict of the modifiers, the default. The field is refused when any was found.
        let before = self.diags.0.len();
        let parsed = self.type_expr(&ty_s.value, &ty_s.loc, cx);
        let mut read_only = false;
        let mut server_set = false;
        let mut required = false;
        let mut seen: Vec<&str> = Vec::new();
        for m in &f.modifiers {
            if seen.contains(&m.value.as_str()) {
                self.err(&m.loc, format!("modifier `{}` is given twice", m.value));
                continue;
            }
            seen.push(&m.value);
            match m.value.as_str() {
                "read-only" => read_only = true,
                "server-set" => server_set = true,
                "required" => required = true,
                other => {
                    let hint = closest(other, STALWART_MODIFIERS.iter().copied()).map_or_else(
                        || format!("expected one of: {}", STALWART_MODIFIERS.join(", ")),
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.err_hint(&m.loc, format!("unknown modifier `{other}`"), hint);
                }
            }
        }
        let at = f.modifiers.first().map_or(&f.name.loc, |m| &m.loc);
        // The modifiers are one list: its first conflict is reported.
        if server_set && required {
            self.err_hint(
                at,
                format!("`{wire_name}` is both server-set and required"),
                "a server-set field is never sent by clients, so it cannot be required: drop one",
            );
        } else if server_set && read_only {
            self.err_hint(
                at,
                format!("`{wire_name}` is both server-set and read-only"),
                "server-set already implies read-only: drop `read-only`",
            );
        } else if required && read_only {
            self.err_hint(
                at,
                format!("`{wire_name}` is both read-only and required"),
                "a read-only field that is not nullable is already required on create: drop `required`",
            );
        } else if required && parsed.as_ref().is_some_and(|p| p.1) {
            self.err_hint(
                at,
                format!("`{wire_name}` is required but its type `{}` is nullable", ty_s.value),
                "drop `?` or `required`",
            );
        }
        let default = match (&f.default, &parsed) {
            (Some((d, _)), _) if required => {
                self.err_hint(
                    &d.loc,
                    format!("`{wire_name}` is required and has a default"),
                    "a field with a default need not be sent: drop `required`",
                );
                None
            }
            (Some((d, plain)), Some((ty, _))) => self.literal(ty, d, *plain, cx),
            _ => None,
        };
        if self.diags.0.len() > before {
            return None;
        }
        let (ty, nullable) = parsed?;
        if f.default.is_some() && default.is_none() {
            return None;
        }
        if !nullable && default.is_none() && !server_set && !read_only && !required {
            self.err_hint(
                &f.name.loc,
                format!(
                    "`{wire_name}` is neither nullable, defaulted, server-set nor read-only, so clients must send it"
                ),
                "mark it `modifiers: [required]`, as the reference page does",
            );
            return None;
        }
        let mut modifiers = Vec::new();
        if read_only {
            modifiers.push("read-only".to_owned());
        }
        if server_set {
            modifiers.push("server-set".to_owned());
        }
        if required {
            modifiers.push("required".to_owned());
        }
        let read = if nullable {
            ReadRule::Optional
        } else if default.is_some() {
            ReadRule::Defaulted
        } else {
            ReadRule::Required
        };
        let create = if server_set {
            CreateRule::Forbidden
        } else if !nullable && default.is_none() {
            CreateRule::Required
        } else {
            CreateRule::Optional
        };
        let update = if server_set || read_only { UpdateRule::Forbidden } else { UpdateRule::Allowed };
        Some(Field {
            wire_name,
            rust_name,
            doc: doc_of(f),
            restricted: true,
            schema_type: ty_s.value.clone(),
            ty,
            nullable,
            read,
            create,
            update,
            default,
            max_len: None,
            reference: None,
            modifiers,
            loc: f.name.loc.clone(),
        })
    }
}
