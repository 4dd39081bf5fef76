//! The schema differ: each category of change, judged on both axes.

use codegen::diff::{diff, report, Change, Verdict};
use codegen::schema::{load, SourceApi, SourceFile};

use Verdict::{Attention as A, Breaking as B, Compatible as C};

const STALWART_API: &str = "api: demo
title: Demo
vocabulary: stalwart
wire:
  keys: camelCase
  discriminator: \"@type\"
  date: iso
  date-time: seconds-z
  id: stalwart-base32
  list: object-by-index
  set: object-of-true
";

const STALWART: &str = "object: Job
description: A job.
variants:
  - type: Index
    label: Index
    fields: JobDoc
  - type: Purge
    label: Purge
    modifiers: [server-set]
    fields: JobPurge
types:
  JobDoc:
    description: Fields of Index.
    fields:
      ownerId:
        type: Id<Account>
        modifiers: [read-only]
      name:
        type: String
        modifiers: [required]
      note:
        type: Text?
      attempts:
        type: UnsignedInt
        default: 0
      kind:
        type: JobKind
        modifiers: [read-only]
      due:
        type: UTCDateTime?
        modifiers: [server-set]
  JobPurge:
    description: Fields of Purge.
    fields:
      blobId:
        type: BlobId
        modifiers: [server-set]
  JobKind:
    description: Kinds.
    enum:
      - value: quick
      - value: deep
";

const SALESFORCE_API: &str = "api: crm
title: CRM
vocabulary: salesforce
wire:
  keys: PascalCase
  date: iso
  date-time: millis-offset
  id: salesforce
  list: array
  set: array
  passthrough-suffixes: [\"__c\"]
  record-attributes: true
key-prefixes:
  Contact: \"003\"
  Lead: \"00Q\"
";

const SALESFORCE: &str = "object: Call
label: Call
description: A call.
fields:
  Subject:
    type: string
    properties: [Create, Filter, Nillable, Sort, Update]
    length: 80
  Outcome:
    type: picklist
    properties: [Create, Nillable, Restricted picklist, Update]
    values: [Reached, NoAnswer]
  Mood:
    type: picklist
    properties: [Create, Nillable, Update]
    values: [Happy, Sad]
  WhoId:
    type: reference
    properties: [Create, Nillable, Update]
    refers-to: [Contact, Lead]
  Notes:
    type: textarea
    properties: [Create, Nillable, Update]
  StartOn:
    type: date
    properties: [Create, Nillable, Update]
  EndOn:
    type: date
    properties: [Create, Nillable, Update]
";

fn model(api: &str, object: &str) -> codegen::model::Model {
    let dir = api.lines().next().unwrap().trim_start_matches("api: ").to_owned();
    let src = SourceApi {
        dir: dir.clone(),
        api: SourceFile { name: format!("{dir}/api.yaml"), text: api.to_owned() },
        objects: vec![("job.yaml".into(), SourceFile { name: format!("{dir}/job.yaml"), text: object.to_owned() })],
    };
    load(&[src]).unwrap_or_else(|d| panic!("{d}"))
}

/// The changes from the base to the base with `from` replaced by `to`.
#[track_caller]
fn changes(api: &str, base: &str, from: &str, to: &str) -> Vec<Change> {
    assert!(base.contains(from), "fixture lacks {from:?}");
    let head = base.replacen(from, to, 1);
    diff(&model(api, base), &model(api, &head))
}

/// Exactly one change, with these words and verdicts.
#[track_caller]
fn one(changes: Vec<Change>, path: &str, what: &str, wire: Verdict, rust: Verdict) {
    let found: Vec<_> = changes.iter().map(|c| (c.path.as_str(), c.change.as_str(), c.wire, c.rust)).collect();
    assert_eq!(found, [(path, what, wire, rust)]);
}

fn st(from: &str, to: &str) -> Vec<Change> {
    changes(STALWART_API, STALWART, from, to)
}

fn sf(from: &str, to: &str) -> Vec<Change> {
    changes(SALESFORCE_API, SALESFORCE, from, to)
}

#[test]
fn a_schema_against_itself_reports_nothing() {
    assert!(diff(&model(STALWART_API, STALWART), &model(STALWART_API, STALWART)).is_empty());
    assert!(diff(&model(SALESFORCE_API, SALESFORCE), &model(SALESFORCE_API, SALESFORCE)).is_empty());
}

#[test]
fn removing_a_field_breaks_both() {
    one(st("      note:\n        type: Text?\n", ""), "types.JobDoc.fields.note", "field removed", B, B);
}

#[test]
fn removing_a_variant_breaks_both() {
    let head = "  - type: Purge\n    label: Purge\n    modifiers: [server-set]\n    fields: JobPurge\n";
    let c = st(head, "");
    // The field set is still a type of the file, so only the variant goes.
    one(c, "variants.Purge", "variant removed", B, B);
}

#[test]
fn adding_a_variant_is_compatible() {
    one(
        st("  - type: Purge\n", "  - type: Reindex\n    label: Reindex\n    fields: JobDoc\n  - type: Purge\n"),
        "variants.Reindex",
        "variant added",
        C,
        C,
    );
}

#[test]
fn a_variant_clients_can_no_longer_create() {
    one(
        st("    label: Index\n    fields: JobDoc", "    label: Index\n    modifiers: [server-set]\n    fields: JobDoc"),
        "variants.Index",
        "variant became server-set",
        B,
        B,
    );
}

#[test]
fn changing_a_type_breaks_both() {
    one(
        st("      name:\n        type: String", "      name:\n        type: UnsignedInt"),
        "types.JobDoc.fields.name",
        "type changed from String to UnsignedInt",
        B,
        B,
    );
}

#[test]
fn a_field_that_becomes_required_on_create() {
    let c =
        st("      note:\n        type: Text?\n", "      note:\n        type: Text\n        modifiers: [required]\n");
    let found: Vec<_> = c.iter().map(|c| (c.change.as_str(), c.wire, c.rust)).collect();
    assert_eq!(
        found,
        // The nullability change already says what reads see.
        [("became required on create", B, B), ("no longer nullable", B, B)]
    );
}

#[test]
fn a_new_required_field_without_a_default_breaks_both() {
    one(
        st("      note:\n", "      title:\n        type: String\n        modifiers: [required]\n      note:\n"),
        "types.JobDoc.fields.title",
        "field added",
        B,
        B,
    );
}

#[test]
fn a_new_optional_field_is_compatible_on_the_wire() {
    // Stalwart: only in reads (server-set): compatible on both axes.
    one(
        st("      note:\n", "      seen:\n        type: UTCDateTime?\n        modifiers: [server-set]\n      note:\n"),
        "types.JobDoc.fields.seen",
        "field added",
        C,
        C,
    );
    // Salesforce: also a member of the exhaustive create and update structs.
    one(
        sf("  Notes:\n", "  Extra:\n    type: string\n    properties: [Create, Nillable, Update]\n  Notes:\n"),
        "fields.Extra",
        "field added",
        C,
        A,
    );
}

#[test]
fn a_writable_field_becoming_read_only_or_server_set() {
    one(
        st(
            "      name:\n        type: String\n        modifiers: [required]",
            "      name:\n        type: String\n        modifiers: [read-only]",
        ),
        "types.JobDoc.fields.name",
        "can no longer be updated",
        B,
        C,
    );
    let c =
        st("      note:\n        type: Text?\n", "      note:\n        type: Text?\n        modifiers: [server-set]\n");
    let found: Vec<_> = c.iter().map(|c| (c.change.as_str(), c.wire, c.rust)).collect();
    assert_eq!(found, [("can no longer be set on create", B, B), ("can no longer be updated", B, C)]);
    // A Salesforce field losing Update leaves the typed update struct.
    one(
        sf("    properties: [Create, Nillable, Update]\n  StartOn:", "    properties: [Create, Nillable]\n  StartOn:"),
        "fields.Notes",
        "can no longer be updated",
        B,
        B,
    );
}

#[test]
fn enumeration_and_picklist_values() {
    one(
        st("      - value: deep\n", "      - value: deep\n      - value: full\n"),
        "types.JobKind.values.full",
        "value added",
        C,
        C,
    );
    // JobKind is a Stalwart enumeration: restricted, so removing a value breaks clients sending it.
    one(st("      - value: deep\n", ""), "types.JobKind.values.deep", "value removed", B, B);
    one(sf("values: [Reached, NoAnswer]", "values: [Reached]"), "types.Outcome.values.NoAnswer", "value removed", B, B);
    // Mood is not restricted: old clients' values are still accepted.
    one(sf("values: [Happy, Sad]", "values: [Happy]"), "types.Mood.values.Sad", "value removed", C, B);
    one(
        sf(
            "    properties: [Create, Nillable, Update]\n    values: [Happy, Sad]",
            "    properties: [Create, Nillable, Restricted picklist, Update]\n    values: [Happy, Sad]",
        ),
        "fields.Mood",
        "became a restricted picklist",
        B,
        C,
    );
}

#[test]
fn length_limits() {
    one(sf("length: 80", "length: 40"), "fields.Subject", "limit lowered from 80 to 40", B, C);
    one(sf("length: 80", "length: 255"), "fields.Subject", "limit raised from 80 to 255", C, C);
}

#[test]
fn a_renamed_discriminator_breaks_the_wire_only() {
    let head_api = STALWART_API.replace("discriminator: \"@type\"", "discriminator: \"type\"");
    let c = diff(&model(STALWART_API, STALWART), &model(&head_api, STALWART));
    let found: Vec<_> = c.iter().map(|c| (c.object.as_str(), c.change.as_str(), c.wire, c.rust)).collect();
    assert!(found.contains(&("demo", "discriminator renamed", B, C)), "{found:?}");
}

#[test]
fn a_changed_default_needs_a_look() {
    one(
        st("        default: 0", "        default: 1"),
        "types.JobDoc.fields.attempts",
        "default changed from 0 to 1",
        A,
        C,
    );
}

#[test]
fn reference_targets_and_rules() {
    one(
        sf("refers-to: [Contact, Lead]", "refers-to: [Contact]"),
        "fields.WhoId",
        "reference target removed: Lead",
        B,
        C,
    );
    let with_rule = format!("{SALESFORCE}rules:\n  - before: [StartOn, EndOn]\n");
    let c = diff(&model(SALESFORCE_API, SALESFORCE), &model(SALESFORCE_API, &with_rule));
    one(c, "rules", "rule added: before [StartOn, EndOn]", B, C);
    let c = diff(&model(SALESFORCE_API, &with_rule), &model(SALESFORCE_API, SALESFORCE));
    one(c, "rules", "rule removed: before [StartOn, EndOn]", C, C);
}

#[test]
fn documentation_only() {
    one(
        st("description: Fields of Index.", "description: The fields of Index."),
        "types.JobDoc.description",
        "description changed",
        C,
        C,
    );
}

#[test]
fn accepted_changes_and_reports() {
    let mut c = st("      note:\n        type: Text?\n", "");
    let allowed = codegen::schema::allow::read_allow(
        "accepted-changes.yaml",
        "accepted:\n  - object: demo/Job\n    path: types.JobDoc.fields.note\n    reason: Nobody sent notes.\n",
    )
    .unwrap();
    assert!(report::apply_allowed(&mut c, &allowed).is_empty());
    assert_eq!(c[0].accepted.as_deref(), Some("Nobody sent notes."));
    assert_eq!(report::worst(&c), None, "an accepted change trips nothing");
    let md = report::markdown(&c);
    assert!(md.contains("**0 breaking**, 0 to check by hand, 0 compatible, 1 accepted"), "{md}");
    assert!(
        md.contains(
            "| field removed | `types.JobDoc.fields.note` | breaking | breaking | **accepted**: Nobody sent notes."
        ),
        "{md}"
    );
    let json = report::json(&c, &|f| f.to_owned());
    let v: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(v["summary"]["accepted"], 1);
    assert_eq!(v["changes"][0]["wire"], "breaking");
    assert_eq!(v["changes"][0]["accepted"], "Nobody sent notes.");
    let gh = report::github(&c, &|f| f.to_owned());
    assert!(gh.starts_with("::notice file=demo/job.yaml,line="), "{gh}");
}

#[test]
fn an_allow_file_without_a_reason_is_refused() {
    let e = codegen::schema::allow::read_allow("a.yaml", "accepted:\n  - object: demo/Job\n    path: fields.x\n")
        .unwrap_err();
    assert_eq!(e.0[0].message, "an accepted change needs `object`, `path` and a `reason`");
    assert_eq!((e.0[0].loc.line, e.0[0].loc.col), (2, 5));
}

#[test]
fn github_annotations_escape_and_point_at_the_yaml() {
    let c = st("      note:\n        type: Text?\n", "");
    let gh = report::github(&c, &|f| format!("schema/{f}"));
    assert!(gh.starts_with("::error file=schema/demo/job.yaml,line=12,col=3,title=demo/Job%3A field removed (wire breaking%2C Rust breaking)::"), "{gh}");
}
