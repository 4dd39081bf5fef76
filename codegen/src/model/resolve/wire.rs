//! The wire profile of `api.yaml` (`wire:`): how values travel.

use super::*;
use crate::schema::raw::WireValue;

impl Resolver<'_> {
    pub(super) fn wire(&mut self, raw: &RawApi) -> Wire {
        let mut wire = Wire {
            keys: KeyCase::Camel,
            discriminator: None,
            date_time: DateTimeForm::SecondsZ,
            id: IdForm::StalwartBase32,
            list: Collection::Array,
            set: Collection::Array,
            write_nulls: true,
            passthrough_suffixes: Vec::new(),
            record_attributes: false,
            keys_ignore_case: false,
            length_unit: LengthUnit::Characters,
            client_years: None,
            external_id_lookups: false,
            object_id: None,
            client: ClientRules::default(),
            jmap_method_prefix: None,
            jmap_capability: None,
            at: std::iter::once(("wire".to_owned(), raw.wire_at.clone()))
                .chain(raw.wire.iter().map(|(k, _)| (format!("wire.{}", k.value), k.loc.clone())))
                .collect(),
        };
        const KEYS: &[&str] = &[
            "keys",
            "discriminator",
            "date",
            "date-time",
            "id",
            "list",
            "set",
            "nulls",
            "passthrough-suffixes",
            "record-attributes",
            "keys-ignore-case",
            "length-unit",
            "client-years",
            "external-id-lookups",
            "object-id",
            "client-rules",
            "jmap-method-prefix",
            "jmap-capability",
        ];
        let mut seen = Vec::new();
        for (key, value) in &raw.wire {
            seen.push(key.value.as_str());
            let word = match &value.value {
                WireValue::Word(w) => Some(w.as_str()),
                WireValue::List(_) => None,
            };
            let bad = |this: &mut Self, expected: &str| {
                this.err_hint(
                    &value.loc,
                    format!("invalid value for wire setting `{}`", key.value),
                    format!("expected {expected}"),
                );
            };
            match key.value.as_str() {
                "keys" => match word {
                    Some("camelCase") => wire.keys = KeyCase::Camel,
                    Some("PascalCase") => wire.keys = KeyCase::Pascal,
                    _ => bad(self, "`camelCase` or `PascalCase`"),
                },
                "discriminator" => match word {
                    Some(w) if !w.is_empty() => wire.discriminator = Some(w.to_owned()),
                    _ => bad(self, "a member name such as \"@type\""),
                },
                "date" => {
                    if word != Some("iso") {
                        bad(self, "`iso`");
                    }
                }
                "date-time" => match word {
                    Some("seconds-z") => wire.date_time = DateTimeForm::SecondsZ,
                    Some("millis-offset") => wire.date_time = DateTimeForm::MillisOffset,
                    _ => bad(self, "`seconds-z` or `millis-offset`"),
                },
                "id" => match word {
                    Some("stalwart-base32") => wire.id = IdForm::StalwartBase32,
                    Some("salesforce") => wire.id = IdForm::Salesforce,
                    _ => bad(self, "`stalwart-base32` or `salesforce`"),
                },
                "list" => match word {
                    Some("array") => wire.list = Collection::Array,
                    Some("object-by-index") => wire.list = Collection::ObjectByIndex,
                    _ => bad(self, "`array` or `object-by-index`"),
                },
                "set" => match word {
                    Some("array") => wire.set = Collection::Array,
                    Some("object-of-true") => wire.set = Collection::ObjectOfTrue,
                    _ => bad(self, "`array` or `object-of-true`"),
                },
                "nulls" => match word {
                    Some("write") => wire.write_nulls = true,
                    Some("omit") => wire.write_nulls = false,
                    _ => bad(self, "`write` or `omit`"),
                },
                "passthrough-suffixes" => match &value.value {
                    WireValue::List(items) if items.iter().all(|s| !s.is_empty()) => {
                        wire.passthrough_suffixes = items.clone()
                    }
                    _ => bad(self, "a list of name suffixes such as [\"__c\"]"),
                },
                "record-attributes" => match word {
                    Some("true") => wire.record_attributes = true,
                    Some("false") => wire.record_attributes = false,
                    _ => bad(self, "`true` or `false`"),
                },
                "keys-ignore-case" => match word {
                    Some("true") => wire.keys_ignore_case = true,
                    Some("false") => wire.keys_ignore_case = false,
                    _ => bad(self, "`true` or `false`"),
                },
                "length-unit" => match word {
                    Some("characters") => wire.length_unit = LengthUnit::Characters,
                    Some("utf16") => wire.length_unit = LengthUnit::Utf16,
                    _ => bad(self, "`characters` or `utf16`"),
                },
                "client-years" => match &value.value {
                    WireValue::List(items) => match client_years(items) {
                        Some(years) => wire.client_years = Some(years),
                        None => bad(
                            self,
                            "[first, last] or [first, last, as-written]: two years from 1 to 9999, the first not \
                             after the last, and which year of a date-time counts (`utc`, the default, or `as-written`)",
                        ),
                    },
                    _ => bad(self, "[first, last]: two years such as [1700, 4000]"),
                },
                "external-id-lookups" => match word {
                    Some("true") => wire.external_id_lookups = true,
                    Some("false") => wire.external_id_lookups = false,
                    _ => bad(self, "`true` or `false`"),
                },
                "object-id" => match word {
                    Some(w) if !w.is_empty() => wire.object_id = Some(w.to_owned()),
                    _ => bad(self, "a member name such as `id`"),
                },
                "jmap-method-prefix" => match word {
                    Some(w) => wire.jmap_method_prefix = Some(w.to_owned()),
                    None => bad(self, "the text before an object's name in method names, such as \"x:\""),
                },
                "jmap-capability" => match word {
                    Some(w) if !w.is_empty() => wire.jmap_capability = Some(w.to_owned()),
                    _ => bad(self, "a capability URI such as urn:stalwart:jmap"),
                },
                "client-rules" => {
                    match &value.value {
                        WireValue::List(items) => {
                            for item in items {
                                if !client_rule(&mut wire.client, item) {
                                    let moved = item.starts_with("date-time-years");
                                    bad(
                                        self,
                                        if moved {
                                            "`non-empty-strings` or `exact-integers` (the years a date-time may name are \
                                             `client-years: [first, last, as-written]`)"
                                        } else {
                                            "a list of `non-empty-strings`, `exact-integers`"
                                        },
                                    );
                                }
                            }
                        }
                        WireValue::Word(_) => bad(self, "a list such as [non-empty-strings, exact-integers]"),
                    }
                }
                other => {
                    let hint = closest(other, KEYS.iter().copied()).map_or_else(
                        || format!("expected one of: {}", KEYS.join(", ")),
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.err_hint(&key.loc, format!("unknown wire setting `{other}`"), hint);
                }
            }
        }
        // Settings without a neutral default; the others default to no discriminator, `iso`,
        // `write`, no suffixes and no attributes.
        for key in ["keys", "date-time", "id", "list", "set"].iter().filter(|k| !seen.contains(k)) {
            self.err_hint(
                &raw.wire_at,
                format!("the wire profile has no `{key}`"),
                format!("add `{key}:` under `wire:`"),
            );
        }
        wire
    }
}

/// Reads one item of `wire.client-rules` into `rules`; `false` when it names none.
pub(super) fn client_rule(rules: &mut ClientRules, item: &str) -> bool {
    match item {
        "non-empty-strings" => rules.non_empty_strings = true,
        "exact-integers" => rules.exact_integers = true,
        _ => return false,
    }
    true
}

/// Reads `wire.client-years`: `[first, last]`, with `as-written` or `utc` (the default)
/// third; `None` when it is not that.
pub(super) fn client_years(items: &[String]) -> Option<ClientYears> {
    let (years, how) = match items {
        [first, last] => ([first, last], None),
        [first, last, how] => ([first, last], Some(how.as_str())),
        _ => return None,
    };
    let first = years[0].parse::<i32>().ok()?;
    let last = years[1].parse::<i32>().ok()?;
    if !((1..=9999).contains(&first) && first <= last && last <= 9999) {
        return None;
    }
    let date_time_year = match how {
        None | Some("utc") => DateTimeYear::Utc,
        Some("as-written") => DateTimeYear::AsWritten,
        Some(_) => return None,
    };
    Some(ClientYears { first, last, date_time_year })
}
