//! Fields: what every vocabulary checks of a name, then each vocabulary's modifiers.

use super::*;

impl Resolver<'_> {
    pub(super) fn fields(&mut self, raw: &[RawField], cx: &ApiCx<'_>) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        // Index of `out` by Rust name: linear in the number of fields.
        let mut by_rust: HashMap<String, usize> = HashMap::new();
        for f in raw {
            let Some(field) = self.field(f, cx) else { continue };
            if let Some(o) = by_rust.get(&field.rust_name).map(|&i| &out[i]) {
                self.err_hint(
                    &f.name.loc,
                    format!(
                        "fields `{}` and `{}` both become `{}` in Rust",
                        o.wire_name, field.wire_name, field.rust_name
                    ),
                    "set `rust-name:` on one of them",
                );
                continue;
            }
            by_rust.insert(field.rust_name.clone(), out.len());
            out.push(field);
        }
        out
    }

    pub(super) fn field(&mut self, f: &RawField, cx: &ApiCx<'_>) -> Option<Field> {
        let wire_name = f.name.value.clone();
        let passthrough = cx.wire.passthrough_suffixes.iter().any(|s| wire_name.ends_with(s.as_str()));
        if passthrough {
            self.err_hint(
                &f.name.loc,
                format!("`{wire_name}` ends in a pass-through suffix"),
                "custom fields travel untouched and are not declared",
            );
            return None;
        }
        // Letters in any script: `naïve` is camelCase; its Rust name is checked below.
        let case_ok = match cx.wire.keys {
            KeyCase::Camel => wire_name.starts_with(char::is_lowercase),
            KeyCase::Pascal => wire_name.starts_with(char::is_uppercase),
        } && wire_name.chars().all(char::is_alphanumeric);
        if !case_ok {
            let want = match cx.wire.keys {
                KeyCase::Camel => "camelCase (like `accountId`)",
                KeyCase::Pascal => "PascalCase (like `AccountId`)",
            };
            self.err_hint(
                &f.name.loc,
                format!("field name `{wire_name}` is not {want}"),
                "field names are written as they travel; see `wire.keys` in api.yaml",
            );
            return None;
        }
        let rust_name = match &f.rust_name {
            Some(r) => {
                if !ident::is_lower_ident(&r.value) || ident::is_keyword(&r.value) {
                    self.err(&r.loc, format!("`{}` cannot name a Rust field", r.value));
                    return None;
                }
                r.value.clone()
            }
            None => ident::field_name(&wire_name),
        };
        if !rust_name.is_ascii() {
            self.err_hint(
                &f.name.loc,
                format!("field `{wire_name}` becomes `{rust_name}`, which is not an ASCII Rust name"),
                "set `rust-name:` to an ASCII name (the wire name stays as written)",
            );
            return None;
        }
        if ident::is_keyword(&rust_name) {
            self.err_hint(
                &f.name.loc,
                format!("field `{wire_name}` becomes `{rust_name}`, a Rust keyword"),
                format!("set `rust-name:` (for example `rust-name: {rust_name}_`)"),
            );
            return None;
        }
        if ident::RESERVED_FIELDS.contains(&rust_name.as_str()) {
            self.err_hint(
                &f.name.loc,
                format!("field `{wire_name}` becomes `{rust_name}`, which generated types use themselves"),
                "set `rust-name:`",
            );
            return None;
        }
        let ty_s = f.ty.as_ref()?;
        match cx.vocabulary {
            Vocabulary::Stalwart => self.stalwart_field(f, ty_s, wire_name, rust_name, cx),
            Vocabulary::Salesforce => self.salesforce_field(f, ty_s, wire_name, rust_name, cx),
        }
    }
}
