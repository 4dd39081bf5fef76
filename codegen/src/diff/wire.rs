//! The wire profile (`wire:` in `api.yaml`): each setting that changed, in the schema's
//! words with its old and new values, and the kind that judges it.

use super::{Kind, TypeChange};
use crate::model::{
    ClientRules, ClientYears, Collection, DateTimeForm, DateTimeYear, IdForm, KeyCase, LengthUnit, Wire,
};

/// `(path, what, kind)` for each setting that differs, in api.yaml order.
pub(super) fn changes(b: &Wire, h: &Wire) -> Vec<(&'static str, String, Kind)> {
    let mut out = Vec::new();
    let mut push = |changed: bool, path: &'static str, what: &str, old: String, new: String, kind: Kind| {
        if changed {
            out.push((path, format!("{what} changed from {old} to {new}"), kind));
        }
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    push(b.keys != h.keys, "wire.keys", "key case", keys(b.keys).into(), keys(h.keys).into(), Kind::KeyCaseChanged);
    push(
        b.discriminator != h.discriminator,
        "wire.discriminator",
        "discriminator",
        opt(&b.discriminator),
        opt(&h.discriminator),
        Kind::DiscriminatorRenamed,
    );
    push(
        b.date_time != h.date_time,
        "wire.date-time",
        "date-time form",
        date_time(b.date_time).into(),
        date_time(h.date_time).into(),
        Kind::WireFormChanged,
    );
    push(b.id != h.id, "wire.id", "identifier form", id(b.id).into(), id(h.id).into(), Kind::WireFormChanged);
    push(
        b.list != h.list,
        "wire.list",
        "list encoding",
        coll(b.list).into(),
        coll(h.list).into(),
        Kind::WireFormChanged,
    );
    push(b.set != h.set, "wire.set", "set encoding", coll(b.set).into(), coll(h.set).into(), Kind::WireFormChanged);
    push(
        b.passthrough_suffixes != h.passthrough_suffixes,
        "wire.passthrough-suffixes",
        "pass-through suffixes",
        format!("{:?}", b.passthrough_suffixes),
        format!("{:?}", h.passthrough_suffixes),
        Kind::WireFormChanged,
    );
    push(
        b.record_attributes != h.record_attributes,
        "wire.record-attributes",
        "record attributes",
        b.record_attributes.to_string(),
        h.record_attributes.to_string(),
        Kind::WireFormChanged,
    );
    push(
        b.keys_ignore_case != h.keys_ignore_case,
        "wire.keys-ignore-case",
        "case-insensitive member names",
        b.keys_ignore_case.to_string(),
        h.keys_ignore_case.to_string(),
        Kind::KeysIgnoreCaseChanged { now: h.keys_ignore_case },
    );
    push(
        b.length_unit != h.length_unit,
        "wire.length-unit",
        "length unit",
        unit(b.length_unit).into(),
        unit(h.length_unit).into(),
        // UTF-16 counts a character outside the BMP twice: values that fit may not.
        Kind::LengthUnitChanged { stricter: h.length_unit == LengthUnit::Utf16 },
    );
    push(
        b.client_years != h.client_years,
        "wire.client-years",
        "client date range",
        years(&b.client_years),
        years(&h.client_years),
        Kind::ClientYearsChanged(years_change(&b.client_years, &h.client_years)),
    );
    push(
        b.external_id_lookups != h.external_id_lookups,
        "wire.external-id-lookups",
        "external-id lookups",
        b.external_id_lookups.to_string(),
        h.external_id_lookups.to_string(),
        Kind::ExternalIdLookupsChanged { now: h.external_id_lookups },
    );
    push(
        b.object_id != h.object_id,
        "wire.object-id",
        "object id member",
        opt(&b.object_id),
        opt(&h.object_id),
        Kind::WireFormChanged,
    );
    push(
        b.client != h.client,
        "wire.client-rules",
        "client-body rules",
        rules(&b.client),
        rules(&h.client),
        Kind::ClientRulesChanged {
            stricter: (h.client.non_empty_strings && !b.client.non_empty_strings)
                || (h.client.exact_integers && !b.client.exact_integers),
        },
    );
    push(
        b.jmap_method_prefix != h.jmap_method_prefix || b.jmap_capability != h.jmap_capability,
        "wire.jmap-method-prefix",
        "JMAP method prefix and capability",
        format!("{} {}", opt(&b.jmap_method_prefix), opt(&b.jmap_capability)),
        format!("{} {}", opt(&h.jmap_method_prefix), opt(&h.jmap_capability)),
        Kind::WireFormChanged,
    );
    out
}

fn keys(k: KeyCase) -> &'static str {
    match k {
        KeyCase::Camel => "camelCase",
        KeyCase::Pascal => "PascalCase",
    }
}

fn date_time(d: DateTimeForm) -> &'static str {
    match d {
        DateTimeForm::SecondsZ => "seconds-z",
        DateTimeForm::MillisOffset => "millis-offset",
    }
}

fn id(i: IdForm) -> &'static str {
    match i {
        IdForm::StalwartBase32 => "stalwart-base32",
        IdForm::Salesforce => "salesforce",
    }
}

fn coll(c: Collection) -> &'static str {
    match c {
        Collection::Array => "array",
        Collection::ObjectByIndex => "object-by-index",
        Collection::ObjectOfTrue => "object-of-true",
    }
}

fn unit(u: LengthUnit) -> &'static str {
    match u {
        LengthUnit::Characters => "characters",
        LengthUnit::Utf16 => "utf16",
    }
}

fn years(y: &Option<ClientYears>) -> String {
    match y {
        None => "any year".into(),
        Some(y) => {
            let which = match y.date_time_year {
                DateTimeYear::Utc => "",
                DateTimeYear::AsWritten => " (as written)",
            };
            format!("{}..={}{which}", y.first, y.last)
        }
    }
}

/// Whether every year accepted before still is (widened), or the reverse (narrowed).
fn years_change(b: &Option<ClientYears>, h: &Option<ClientYears>) -> TypeChange {
    let within = |inner: &ClientYears, outer: &ClientYears| {
        inner.first >= outer.first && inner.last <= outer.last && inner.date_time_year == outer.date_time_year
    };
    match (b, h) {
        (Some(_), None) => TypeChange::Widened,
        (None, Some(_)) => TypeChange::Narrowed,
        (Some(b), Some(h)) if within(b, h) => TypeChange::Widened,
        (Some(b), Some(h)) if within(h, b) => TypeChange::Narrowed,
        _ => TypeChange::Other,
    }
}

fn rules(r: &ClientRules) -> String {
    let names: Vec<&str> = [(r.non_empty_strings, "non-empty-strings"), (r.exact_integers, "exact-integers")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n)
        .collect();
    format!("[{}]", names.join(", "))
}
