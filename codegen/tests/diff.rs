//! The schema differ: each category of change, judged on both axes.

use codegen::internal::diff::semver::Bump;
use codegen::internal::diff::{diff, report, semver, Change, Verdict};
use codegen::internal::schema::{load, SourceApi, SourceFile};

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
  Attempts:
    type: int
    properties: [Create, Nillable, Update]
    default: 0
";

fn model(api: &str, object: &str) -> codegen::internal::model::Model {
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
    let what = "discriminator changed from @type to type";
    assert!(found.contains(&("demo", what, B, C)), "{found:?}");
    let at = c.iter().find(|c| c.change == what).map(|c| (&*c.loc.file, c.loc.line));
    let line = head_api.lines().position(|l| l.contains("discriminator:")).unwrap() as u32 + 1;
    assert_eq!(at, Some(("demo/api.yaml", line)), "at the setting's line in api.yaml");
}

/// `client-years` is one setting: its years and which year of a date-time counts are
/// one wire fact, reported once at `wire.client-years`.
#[test]
fn client_years_changes_are_reported_once() {
    let with = |years: &str| format!("{STALWART_API}  client-years: {years}\n");
    for (from, to, what, requests) in [
        (
            "[1970, 3000, as-written]",
            "[1970, 3000]",
            "client date range changed from 1970..=3000 (as written) to 1970..=3000",
            B,
        ),
        ("[1970, 3000]", "[1970, 2999]", "client date range changed from 1970..=3000 to 1970..=2999", B),
        ("[1970, 2999]", "[1900, 3000]", "client date range changed from 1970..=2999 to 1900..=3000", C),
    ] {
        let c = diff(&model(&with(from), STALWART), &model(&with(to), STALWART));
        let found: Vec<_> =
            c.iter().map(|c| (c.path.as_str(), c.change.as_str(), c.requests, c.responses, c.rust)).collect();
        assert_eq!(found, [("wire.client-years", what, requests, C, C)], "{from} -> {to}");
    }
    // A range where there was none narrows what clients may send; reads are not checked.
    let c = diff(&model(STALWART_API, STALWART), &model(&with("[1970, 3000]"), STALWART));
    assert_eq!(verdicts(&c), [("client date range changed from any year to 1970..=3000", B, C, C)]);
    // Located at the setting's own line in api.yaml, not at an object file.
    let c = diff(&model(&with("[1970, 3000]"), STALWART), &model(&with("[1970, 2999]"), STALWART));
    let line = with("").lines().count() as u32;
    assert_eq!((&*c[0].loc.file, c[0].loc.line, c[0].loc.col), ("demo/api.yaml", line, 3), "{c:?}");
    let same = diff(&model(&with("[1970, 3000, utc]"), STALWART), &model(&with("[1970, 3000]"), STALWART));
    assert!(same.is_empty(), "utc is the default: {same:?}");
}

/// Each wire setting is judged for what it does: external-id lookups add or remove
/// members of the exhaustive create/update structs (`TaskCreate.who`...), the length
/// unit changes what fits, not what is read.
#[test]
fn wire_settings_are_judged_one_by_one_with_old_and_new_values() {
    let on = SALESFORCE_API
        .replace("  record-attributes: true\n", "  record-attributes: true\n  external-id-lookups: true\n");
    let c = diff(&model(SALESFORCE_API, SALESFORCE), &model(&on, SALESFORCE));
    assert_eq!(verdicts(&c), [("external-id lookups changed from false to true", C, C, A)]);
    assert_eq!(semver::bump(&c), Bump::Major, "struct literals break");
    let c = diff(&model(&on, SALESFORCE), &model(SALESFORCE_API, SALESFORCE));
    assert_eq!(verdicts(&c), [("external-id lookups changed from true to false", B, C, B)]);
    let utf16 =
        SALESFORCE_API.replace("  record-attributes: true\n", "  record-attributes: true\n  length-unit: utf16\n");
    let c = diff(&model(SALESFORCE_API, SALESFORCE), &model(&utf16, SALESFORCE));
    assert_eq!(verdicts(&c), [("length unit changed from characters to utf16", B, C, C)]);
    let c = diff(&model(&utf16, SALESFORCE), &model(SALESFORCE_API, SALESFORCE));
    assert_eq!(verdicts(&c), [("length unit changed from utf16 to characters", C, C, C)]);
}

/// References are checked against the prefix of their target in client bodies only
/// (reads keep any id): a new prefix breaks requests, at its line in api.yaml.
#[test]
fn a_changed_key_prefix_breaks_requests() {
    let head_api = SALESFORCE_API.replace("Lead: \"00Q\"", "Lead: \"00R\"");
    let c = diff(&model(SALESFORCE_API, SALESFORCE), &model(&head_api, SALESFORCE));
    assert_eq!(verdicts(&c), [("key prefix of Lead changed from 00Q to 00R", B, C, C)]);
    assert_eq!((c[0].object.as_str(), c[0].path.as_str()), ("crm", "key-prefixes.Lead"));
    let line = head_api.lines().position(|l| l.contains("Lead:")).unwrap() as u32 + 1;
    assert_eq!((&*c[0].loc.file, c[0].loc.line), ("crm/api.yaml", line));
}

/// Lead renamed Leads everywhere: its `object:`, its self-reference, its key prefix in
/// api.yaml and the references of Task and Event. References are compared through the
/// rename: one `ObjectRenamed`, not removals, additions and target changes.
#[test]
fn an_object_renamed_with_its_references_is_one_rename() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let base_src = codegen::internal::schema::read_dir(&root.join("schema")).unwrap();
    let mut head_src = base_src.clone();
    let sf = head_src.iter_mut().find(|a| a.dir == "salesforce").unwrap();
    sf.api.text = sf.api.text.replacen("  Lead: \"00Q\"", "  Leads: \"00Q\"", 1);
    for (name, f) in &mut sf.objects {
        f.text =
            f.text.replace("refers-to: [Lead]", "refers-to: [Leads]").replace("[Contact, Lead]", "[Contact, Leads]");
        if name == "lead.yaml" {
            f.text = f.text.replacen("object: Lead\n", "object: Leads\n", 1);
        }
    }
    let c = diff(&load(&base_src).unwrap(), &load(&head_src).unwrap());
    let found: Vec<_> = c.iter().map(|c| (c.object.as_str(), c.path.as_str(), c.change.as_str())).collect();
    assert_eq!(found, [("salesforce/Leads", "", "object renamed from Lead to Leads")]);
}

/// SARIF 2.1.0 wants absolute URIs in `helpUri` and `informationUri`; none is known,
/// so neither is written. The Markdown report names each change's file and line.
#[test]
fn sarif_has_no_relative_help_uris_and_markdown_names_file_and_line() {
    let c = st("      note:\n        type: Text?\n", "");
    let release = report::release(&c, None).unwrap();
    let sarif = report::sarif(&c, &release, &|f| f.to_owned());
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    fn uris(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if k == "helpUri" || k == "informationUri" {
                        out.push(x.to_string());
                    }
                    uris(x, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| uris(x, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    uris(&v, &mut found);
    assert!(found.iter().all(|u| u.contains("://")), "relative URIs: {found:?}");
    let md = report::markdown(&c, &release, &|f| format!("schema/{f}"));
    assert!(md.contains("`types.JobDoc.fields.note` at schema/demo/job.yaml:21 |"), "{md}");
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
    let allowed = codegen::internal::schema::allow::read_allow(
        "accepted-changes.yaml",
        "accepted:\n  - object: demo/Job\n    path: types.JobDoc.fields.note\n    reason: Nobody sent notes.\n",
    )
    .unwrap();
    assert!(report::apply_allowed(&mut c, &allowed).is_empty());
    assert_eq!(c[0].accepted.as_deref(), Some("Nobody sent notes."));
    assert_eq!(report::worst(&c), None, "an accepted change trips nothing");
    let release = report::release(&c, Some("1.2.3")).unwrap();
    assert_eq!(release.next.as_deref(), Some("2.0.0"), "an accepted breaking change still needs a major release");
    let md = report::markdown(&c, &release, &|f| f.to_owned());
    assert!(md.contains("**0 breaking**, 0 to check by hand, 0 compatible, 1 accepted"), "{md}");
    assert!(
        md.contains(
            "| field removed | `types.JobDoc.fields.note` at demo/job.yaml:21 | breaking | compatible | breaking | **accepted**: Nobody sent notes."
        ),
        "{md}"
    );
    let json = report::json(&c, &release, &|f| f.to_owned());
    let v: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(v["summary"]["accepted"], 1);
    assert_eq!(v["changes"][0]["wire"], "breaking");
    assert_eq!(v["changes"][0]["accepted"], "Nobody sent notes.");
    let gh = report::github(&c, &release, &|f| f.to_owned());
    assert!(gh.starts_with("::notice file=demo/job.yaml,line="), "{gh}");
}

#[test]
fn an_allow_file_without_a_reason_is_refused() {
    let e =
        codegen::internal::schema::allow::read_allow("a.yaml", "accepted:\n  - object: demo/Job\n    path: fields.x\n")
            .unwrap_err();
    assert_eq!(e.0[0].message, "an accepted change needs `object`, `path` and a `reason`");
    assert_eq!((e.0[0].loc.line, e.0[0].loc.col), (2, 5));
}

#[test]
fn github_annotations_escape_and_point_at_the_yaml() {
    let c = st("      note:\n        type: Text?\n", "");
    let release = report::release(&c, None).unwrap();
    let gh = report::github(&c, &release, &|f| format!("schema/{f}"));
    // A removed field points at its line in the base schema.
    assert!(gh.starts_with("::error file=schema/demo/job.yaml,line=21,col=7,title=demo/Job%3A field removed (requests breaking%2C responses compatible%2C Rust breaking)::"), "{gh}");
}

/// Requests, responses and Rust, for each change.
fn verdicts(c: &[Change]) -> Vec<(&str, Verdict, Verdict, Verdict)> {
    c.iter().map(|c| (c.change.as_str(), c.requests, c.responses, c.rust)).collect()
}

#[test]
fn swapping_two_fields_a_read_constructor_takes_breaks_the_rust_api() {
    // Server-set fields are not in the create value, but `JobPurge::new` takes both
    // (reads carry them): a swap compiles and swaps the values.
    let base = STALWART.replacen(
        "      blobId:\n        type: BlobId\n        modifiers: [server-set]\n",
        "      blobId:\n        type: BlobId\n        modifiers: [server-set]\n      logId:\n        type: BlobId\n        modifiers: [server-set]\n",
        1,
    );
    let c = changes(
        STALWART_API,
        &base,
        "      blobId:\n        type: BlobId\n        modifiers: [server-set]\n      logId:\n        type: BlobId\n        modifiers: [server-set]\n",
        "      logId:\n        type: BlobId\n        modifiers: [server-set]\n      blobId:\n        type: BlobId\n        modifiers: [server-set]\n",
    );
    assert_eq!(
        verdicts(&c),
        [("constructor arguments reordered: JobPurge::new(blob_id, log_id) becomes new(log_id, blob_id)", C, C, B)]
    );
    assert_eq!(c[0].path, "types.JobPurge.fields");
    assert_eq!(semver::bump(&c), Bump::Major);
}

#[test]
fn swapping_two_required_fields_breaks_the_rust_api_only() {
    // ownerId, name and kind are the arguments of `JobDocCreate::new` and of
    // `JobDoc::new` (reads carry them), in schema order.
    let c = st(
        "      ownerId:\n        type: Id<Account>\n        modifiers: [read-only]\n      name:\n        type: String\n        modifiers: [required]\n",
        "      name:\n        type: String\n        modifiers: [required]\n      ownerId:\n        type: Id<Account>\n        modifiers: [read-only]\n",
    );
    assert_eq!(
        verdicts(&c),
        [(
            "constructor arguments reordered: JobDoc::new(owner_id, name, kind) becomes new(name, owner_id, kind); JobDocCreate::new(owner_id, name, kind) becomes new(name, owner_id, kind)",
            C,
            C,
            B
        )]
    );
    assert_eq!(c[0].path, "types.JobDoc.fields");
    assert_eq!(c[0].loc.line, 15, "at the first field that moved");
    assert_eq!(semver::bump(&c), Bump::Major);
    // Moving an optional field changes no argument.
    let c = st("      note:\n        type: Text?\n", "");
    let c2 = changes(
        STALWART_API,
        &STALWART.replacen("      note:\n        type: Text?\n", "", 1),
        "      due:\n",
        "      note:\n        type: Text?\n      due:\n",
    );
    assert_eq!(c.len(), 1);
    assert!(c2.iter().all(|c| c.change == "field added"), "{c2:?}");
}

#[test]
fn a_type_renamed_with_its_shape_is_one_rust_change() {
    let head = STALWART.replace("JobKind", "JobSort");
    let c = diff(&model(STALWART_API, STALWART), &model(STALWART_API, &head));
    assert_eq!(verdicts(&c), [("type renamed from JobKind to JobSort", C, C, B)]);
    assert_eq!(c[0].path, "types.JobSort");
}

#[test]
fn int_to_double_breaks_reads_not_requests_and_keeps_its_default() {
    let c = sf("    type: int\n", "    type: double\n");
    // Integers old clients send are doubles too; a double read breaks an old client's i32.
    assert_eq!(verdicts(&c), [("type changed from int to double", C, B, B)]);
    assert_eq!(c[0].wire, B);
    let back = changes(
        SALESFORCE_API,
        &SALESFORCE.replace("    type: int\n", "    type: double\n"),
        "    type: double\n",
        "    type: int\n",
    );
    assert_eq!(verdicts(&back), [("type changed from double to int", B, C, B)]);
}

#[test]
fn renamed_fields_and_values_name_both() {
    let c = st("      note:\n", "      notes:\n");
    assert_eq!(verdicts(&c), [("field renamed from note to notes", B, A, B)]);
    assert_eq!(c[0].path, "types.JobDoc.fields.notes");
    let c = sf("values: [Reached, NoAnswer]", "values: [Reached, NoAnswr]");
    assert_eq!(verdicts(&c), [("value renamed from NoAnswer to NoAnswr", B, A, B)]);
    // Unlike names, or another definition, are a removal and an addition.
    let c = st("      note:\n", "      remark:\n");
    assert_eq!(verdicts(&c).iter().map(|v| v.0).collect::<Vec<_>>(), ["field removed", "field added"]);
    let c = st("      note:\n        type: Text?\n", "      notes:\n        type: UTCDateTime?\n");
    assert_eq!(c.len(), 2, "{c:?}");
}

#[test]
fn each_change_says_which_direction_it_breaks() {
    // A new required field breaks what clients send, not what they read.
    let c = st("      note:\n", "      title:\n        type: String\n        modifiers: [required]\n      note:\n");
    assert_eq!((c[0].requests, c[0].responses, c[0].directions()), (B, C, "requests"));
    // A field that may now be null breaks what they read.
    let c =
        st("      name:\n        type: String\n        modifiers: [required]", "      name:\n        type: String?");
    let nullable = c.iter().find(|c| c.change == "became nullable").unwrap();
    assert_eq!((nullable.requests, nullable.responses, nullable.directions()), (C, B, "responses"));
    // A new value is read as an unknown value by old clients: neither.
    let c = st("      - value: deep\n", "      - value: deep\n      - value: full\n");
    assert_eq!(c[0].directions(), "none");
}

#[test]
fn the_release_follows_the_rust_axis() {
    assert_eq!(semver::bump(&[]), Bump::None);
    assert_eq!(semver::bump(&st("description: Fields of Index.", "description: The fields of Index.")), Bump::Patch);
    // Wire-breaking, Rust-compatible: existing code compiles, behaviour changes.
    assert_eq!(semver::bump(&sf("length: 80", "length: 40")), Bump::Minor);
    assert_eq!(semver::bump(&st("      - value: deep\n", "")), Bump::Major);
    let c = sf("length: 80", "length: 40");
    let r = report::release(&c, Some("0.3.1")).unwrap();
    assert_eq!((r.bump, r.next.as_deref()), (Bump::Minor, Some("0.3.2")));
    let md = report::markdown(&c, &r, &|f| f.to_owned());
    assert!(md.contains("Release: **minor** (0.3.1 → 0.3.2)"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&report::json(&c, &r, &|f| f.to_owned())).unwrap();
    assert_eq!(json["release"], serde_json::json!({"bump": "minor", "current": "0.3.1", "next": "0.3.2"}));
    let sarif: serde_json::Value = serde_json::from_str(&report::sarif(&c, &r, &|f| f.to_owned())).unwrap();
    assert_eq!(sarif["runs"][0]["properties"]["release"]["bump"], "minor");
    assert!(report::github(&c, &r, &|f| f.to_owned()).contains("::notice title=release::minor (0.3.1 → 0.3.2)"));
}

#[test]
fn changes_are_located_at_their_own_line() {
    // An added variant at its own line, not the `variants:` or `object:` line.
    let line = |text: &str, c: &Change| text.lines().nth(c.loc.line as usize - 1).unwrap().to_owned();
    let (from, to) =
        ("  - type: Purge\n", "  - type: Reindex\n    label: Reindex\n    fields: JobDoc\n  - type: Purge\n");
    let c = st(from, to);
    assert_eq!(line(&STALWART.replacen(from, to, 1), &c[0]), "  - type: Reindex");
    assert_eq!(c[0].loc.col, 5);
    // A removed variant at its line in the base.
    let c = st("  - type: Purge\n    label: Purge\n    modifiers: [server-set]\n    fields: JobPurge\n", "");
    assert_eq!(line(STALWART, &c[0]), "  - type: Purge");
    // An added value at its own line, a removed one at its line in the base.
    let (from, to) = ("      - value: deep\n", "      - value: deep\n      - value: full\n");
    let c = st(from, to);
    assert_eq!(line(&STALWART.replacen(from, to, 1), &c[0]), "      - value: full");
    let c = st(from, "");
    assert_eq!(line(STALWART, &c[0]), "      - value: deep");
}

/// An `int` that becomes a bitmask keeps its schema word: not the model's `Int32`.
#[test]
fn a_type_change_between_a_builtin_and_a_named_type_uses_schema_words() {
    let base = SALESFORCE.replace("    default: 0\n", "");
    let head =
        base.replace("  Attempts:\n    type: int\n", "  Attempts:\n    type: int\n    bitmask: {Once: 1, Twice: 2}\n");
    let c = diff(&model(SALESFORCE_API, &base), &model(SALESFORCE_API, &head));
    let changed: Vec<&str> = c.iter().map(|c| c.change.as_str()).filter(|w| w.starts_with("type changed")).collect();
    assert_eq!(changed, ["type changed from int to Attempts"], "{c:?}");
}

#[test]
fn a_type_change_does_not_report_an_unchanged_default() {
    let c = sf("    type: int\n", "    type: double\n");
    assert!(c.iter().all(|c| !c.change.starts_with("default")), "{c:?}");
    let c = sf("    default: 0\n", "    default: 5\n");
    assert_eq!(verdicts(&c), [("default changed from 0 to 5", A, A, C)]);
}

fn model_files(api: &str, objects: &[(&str, &str)]) -> codegen::internal::model::Model {
    let dir = api.lines().next().unwrap().trim_start_matches("api: ").to_owned();
    let src = SourceApi {
        dir: dir.clone(),
        api: SourceFile { name: format!("{dir}/api.yaml"), text: api.to_owned() },
        objects: objects
            .iter()
            .map(|(n, t)| ((*n).to_owned(), SourceFile { name: format!("{dir}/{n}"), text: (*t).to_owned() }))
            .collect(),
    };
    load(&[src]).unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn a_new_object_is_one_entry_listing_its_types() {
    let other = "object: Note\ndescription: A note.\nfields:\n  body:\n    type: NoteBody\n    modifiers: [required]\n  kind:\n    type: NoteKind?\ntypes:\n  NoteBody:\n    description: Bodies.\n    enum:\n      - value: plain\n  NoteKind:\n    description: Kinds.\n    enum:\n      - value: memo\n";
    let base = model_files(STALWART_API, &[("job.yaml", STALWART)]);
    let head = model_files(STALWART_API, &[("job.yaml", STALWART), ("note.yaml", other)]);
    let c = diff(&base, &head);
    assert_eq!(verdicts(&c), [("object added, with its types NoteBody, NoteKind", C, C, C)]);
    assert_eq!(c[0].object, "demo/Note");
    let c = diff(&head, &base);
    assert_eq!(verdicts(&c), [("object removed, with its types NoteBody, NoteKind", B, B, B)]);
}

/// A realistic review: a dozen changes of different kinds on the real schemas, in all
/// three machine formats and the Markdown comment.
#[test]
fn a_realistic_change_set_on_the_real_schemas() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let base_src = codegen::internal::schema::read_dir(&root.join("schema")).unwrap();
    let mut head_src = base_src.clone();
    #[track_caller]
    fn edit(text: &mut String, from: &str, to: &str) {
        assert!(text.contains(from), "the schema lacks {from:?}");
        *text = text.replacen(from, to, 1);
    }
    for api in &mut head_src {
        let task = &mut api.objects.iter_mut().find(|(n, _)| n == "task.yaml").unwrap().1.text;
        match api.dir.as_str() {
            "stalwart" => {
                // A variant added, one removed.
                edit(task, "  - type: TenantMaintenance\n", "  - type: TenantReindex\n    label: Reindex a tenant\n    fields: TaskTenantMaintenance\n  - type: TenantMaintenance\n");
                edit(task, "  - type: IndexTrace\n    label: Index telemetry trace\n    fields: TaskIndexTrace\n", "");
                // A variant renamed (the same field set, a similar tag).
                edit(task, "  - type: CalendarAlarmEmail\n", "  - type: CalendarAlarmMail\n");
                // A type renamed, its shape kept.
                *task = task.replace("TaskStatusPending", "TaskStatusWaiting");
                // A field renamed.
                edit(task, "      threadName:\n", "      threadTitle:\n");
                // Retry: a default changed; failureReason moved before due, so
                // `TaskStatusRetryCreate::new(due, failure_reason)` swaps its arguments.
                let (head, retry) = task.split_at(task.find("  TaskStatusRetry:").unwrap());
                let mut retry = retry.to_owned();
                let failure = "      failureReason:\n        type: Text\n        modifiers: [required]\n        label: Failure Reason\n        description: Reason for the last failure\n";
                edit(&mut retry, failure, "");
                edit(&mut retry, "      due:\n", &format!("{failure}      due:\n"));
                edit(&mut retry, "        default: 1\n", "        default: 2\n");
                *task = format!("{head}{retry}");
                // A value added.
                edit(
                    task,
                    "      - value: SieveScript\n",
                    "      - value: Mailbox\n        label: Archived mailbox\n      - value: SieveScript\n",
                );
            }
            "salesforce" => {
                edit(task, "  CallDurationInSeconds:\n    type: int\n", "  CallDurationInSeconds:\n    type: double\n");
                edit(task, "    length: 255\n", "    length: 200\n");
                edit(task, "  Description:\n    type: textarea\n    properties: [Create, Nillable, Update]\n    length: 32000\n    description: >-\n      Contains a text description of the task. The text provided in the Description\n      field shows in the Comments field on the task record detail page.\n", "");
                edit(task, "values: [High, Normal, Low]", "values: [High, Normal, Low, Urgent]");
                edit(
                    task,
                    "    type: combobox\n    properties: [Create, Filter, Nillable, Sort, Update]\n    length: 255\n",
                    "    type: combobox\n    properties: [Create, Filter, Nillable, Sort]\n    length: 255\n",
                );
                edit(task, "  - range: {field: RecurrenceDayOfMonth, min: 1, max: 31}\n", "  - range: {field: RecurrenceDayOfMonth, min: 1, max: 31}\n  - range: {field: RecurrenceInterval, min: 1, max: 100}\n");
                edit(
                    task,
                    "    description: The interval between recurring tasks.\n",
                    "    description: The number of days, weeks or months between recurring tasks.\n",
                );
                let note = "object: Note\nlabel: Note\ndescription: A note on a record.\nfields:\n  Title:\n    type: string\n    properties: [Create, Filter, Sort, Update]\n    length: 80\n  Visibility:\n    type: picklist\n    properties: [Create, Nillable, Restricted picklist, Update]\n    values: [Private, Shared]\n";
                let task_file = &api.objects.iter().find(|(n, _)| n == "task.yaml").unwrap().1.name;
                let name = task_file.replace("task.yaml", "note.yaml");
                api.objects.push(("note.yaml".into(), SourceFile { name, text: note.into() }));
            }
            _ => {}
        }
    }
    let base = load(&base_src).unwrap_or_else(|d| panic!("{d}"));
    let head = load(&head_src).unwrap_or_else(|d| panic!("{d}"));
    let changes = diff(&base, &head);
    let prefix = format!("{}/", root.display());
    let relative = |f: &str| f.strip_prefix(&prefix).unwrap_or(f).to_owned();
    let release = report::release(&changes, Some("0.1.0")).unwrap();
    insta::assert_snapshot!("realistic_markdown", report::markdown(&changes, &release, &relative));
    insta::assert_snapshot!("realistic_json", report::json(&changes, &release, &relative));
    insta::assert_snapshot!("realistic_sarif", report::sarif(&changes, &release, &relative));
}

#[test]
fn a_renamed_variant_is_one_change_naming_both() {
    let (from, to) = ("  - type: Purge\n", "  - type: Purged\n");
    let c = st(from, to);
    // The tag is the wire's name of the variant: old clients send the old one and
    // read the new one as unknown; the Rust variant has a new name.
    assert_eq!(verdicts(&c), [("variant renamed from Purge to Purged", B, B, B)]);
    assert_eq!((c[0].path.as_str(), c[0].directions()), ("variants.Purged", "requests, responses"));
    assert_eq!(report::kind_id(&c[0]), "VariantRenamed");
    assert_eq!(semver::bump(&c), Bump::Major);
    // At the new tag's line in the head schema.
    let head = STALWART.replacen(from, to, 1);
    assert_eq!(head.lines().nth(c[0].loc.line as usize - 1), Some("  - type: Purged"));
    assert_eq!(c[0].loc.col, 5);
    // Its field set renamed with it (same shape): two renames, nothing removed.
    let c = diff(&model(STALWART_API, STALWART), &model(STALWART_API, &head.replace("JobPurge", "JobPurged")));
    assert_eq!(
        verdicts(&c),
        [("type renamed from JobPurge to JobPurged", C, C, B), ("variant renamed from Purge to Purged", B, B, B)]
    );
}

#[test]
fn unlike_variants_are_a_removal_and_an_addition() {
    let kinds = |c: &[Change]| c.iter().map(|c| c.change.clone()).collect::<Vec<_>>();
    // A dissimilar tag.
    let c = st("  - type: Purge\n", "  - type: Sweep\n");
    assert_eq!(kinds(&c), ["variant removed", "variant added"]);
    // A similar tag with another field set, or another creatability.
    let c = st(
        "  - type: Purge\n    label: Purge\n    modifiers: [server-set]\n    fields: JobPurge\n",
        "  - type: Purged\n    label: Purge\n    modifiers: [server-set]\n    fields: JobDoc\n",
    );
    assert_eq!(kinds(&c), ["variant removed", "variant added"]);
    let c =
        st("  - type: Purge\n    label: Purge\n    modifiers: [server-set]\n", "  - type: Purged\n    label: Purge\n");
    assert_eq!(kinds(&c), ["variant removed", "variant added"]);
}

#[test]
fn a_renamed_object_is_one_change_naming_both() {
    let (from, to) = ("object: Job\n", "object: Jobs\n");
    let c = st(from, to);
    assert_eq!(verdicts(&c), [("object renamed from Job to Jobs", B, B, B)]);
    assert_eq!((c[0].object.as_str(), c[0].path.as_str()), ("demo/Jobs", ""));
    assert_eq!(report::kind_id(&c[0]), "ObjectRenamed");
    assert_eq!((&*c[0].loc.file, c[0].loc.line, c[0].loc.col), ("demo/job.yaml", 1, 9), "at the new name");
    assert_eq!(semver::bump(&c), Bump::Major);
    // Its types renamed with it: each is one rename too, found before the object's.
    let c = diff(&model(STALWART_API, STALWART), &model(STALWART_API, &STALWART.replace("Job", "Jobs")));
    assert_eq!(
        verdicts(&c),
        [
            ("object renamed from Job to Jobs", B, B, B),
            ("type renamed from JobDoc to JobsDoc", C, C, B),
            ("type renamed from JobKind to JobsKind", C, C, B),
            ("type renamed from JobPurge to JobsPurge", C, C, B),
        ]
    );
    // A Salesforce object (a field set): its fields are compared under the new name.
    let c = sf("object: Call\n", "object: Calls\n");
    assert_eq!(verdicts(&c), [("object renamed from Call to Calls", B, B, B)]);
}

#[test]
fn unlike_objects_are_a_removal_and_an_addition() {
    let whole = |c: &[Change]| c.iter().map(|c| (c.object.clone(), c.change.clone())).collect::<Vec<_>>();
    // A dissimilar name.
    let c = st("object: Job\n", "object: Task\n");
    assert_eq!(
        whole(&c),
        [("demo/Job".to_owned(), "object removed".to_owned()), ("demo/Task".to_owned(), "object added".to_owned())]
    );
    // A similar name and another definition (a field fewer). Its picklists keep their
    // names, so they are compared in place, not listed with the object.
    let base = SALESFORCE;
    let head = base.replacen("object: Call\n", "object: Calls\n", 1).replacen(
        "  Notes:\n    type: textarea\n    properties: [Create, Nillable, Update]\n",
        "",
        1,
    );
    let c = diff(&model(SALESFORCE_API, base), &model(SALESFORCE_API, &head));
    assert_eq!(
        whole(&c),
        [("crm/Call".to_owned(), "object removed".to_owned()), ("crm/Calls".to_owned(), "object added".to_owned())]
    );
}

/// Every kind of change, with each of its payloads.
fn every_kind() -> Vec<codegen::internal::diff::Kind> {
    use codegen::internal::diff::{Kind::*, TypeChange};
    let mut all = vec![
        ObjectAdded,
        ObjectRemoved,
        ObjectRenamed,
        TypeAdded,
        TypeRemoved,
        TypeRenamed,
        TypeKindChanged,
        VariantAdded,
        VariantRemoved,
        VariantRenamed,
        VariantNoLongerCreatable,
        VariantNowCreatable,
        VariantFieldSetChanged,
        DiscriminatorRenamed,
    ];
    for (required_on_create, in_client_struct) in [(true, true), (false, true), (false, false)] {
        all.push(FieldAdded { required_on_create, in_client_struct });
    }
    for (sent, required_in_reads) in [(true, true), (true, false), (false, true), (false, false)] {
        all.push(FieldRemoved { sent, required_in_reads });
    }
    for (sent, required_in_reads) in [(true, true), (true, false), (false, true), (false, false)] {
        all.push(FieldRenamed { sent, required_in_reads });
    }
    all.push(ArgumentsReordered);
    for t in [TypeChange::Widened, TypeChange::Narrowed, TypeChange::Other] {
        all.push(FieldTypeChanged(t));
    }
    all.extend([
        FieldBecameNullable,
        FieldBecameNonNullable,
        BecameRequiredOnCreate,
        NoLongerRequiredOnCreate,
        ForbiddenOnCreate,
        AllowedOnCreate,
    ]);
    for typed_update in [true, false] {
        all.push(ForbiddenOnUpdate { typed_update });
        all.push(AllowedOnUpdate { typed_update });
    }
    all.extend([MayBeAbsentInReads, AlwaysInReads, DefaultChanged, ValueAdded]);
    for restricted in [true, false] {
        all.push(ValueRemoved { restricted });
        all.push(ValueRenamed { restricted });
    }
    all.extend([
        ValueNoLongerSettable,
        ValueNowSettable,
        BecameRestricted,
        NoLongerRestricted,
        LimitLowered,
        LimitRaised,
        TargetAdded,
        TargetRemoved,
        RuleAdded,
        RuleRemoved,
        FlagAdded,
        FlagRemoved,
        RustRenamed,
        Documentation,
        WireFormChanged,
        KeyCaseChanged,
        LengthUnitChanged { stricter: true },
        LengthUnitChanged { stricter: false },
        ExternalIdLookupsChanged { now: true },
        ExternalIdLookupsChanged { now: false },
        ClientRulesChanged { stricter: true },
        ClientRulesChanged { stricter: false },
        KeysIgnoreCaseChanged { now: true },
        KeysIgnoreCaseChanged { now: false },
        KeyPrefixChanged { checked: true },
        KeyPrefixChanged { checked: false },
    ]);
    for t in [TypeChange::Widened, TypeChange::Narrowed, TypeChange::Other] {
        all.push(ClientYearsChanged(t));
    }
    all
}

/// docs/schema-review.md lists every kind of change (the SARIF rules' help page) with
/// the verdicts `classify` gives it: the table there is this one.
/// `DOCS_BLESS=1 cargo test -p codegen --test diff every_kind` rewrites it.
#[test]
fn every_kind_of_change_is_documented_with_its_verdicts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    // The kinds `every_kind` must cover: the variants of `Kind` in its source.
    let source = std::fs::read_to_string(root.join("codegen/src/diff/classify.rs")).unwrap();
    let body = &source[source.find("pub enum Kind {").unwrap()..];
    let body = &body[..body.find("\n}").unwrap()];
    let declared: std::collections::BTreeSet<String> = body
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|l| l.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap().to_owned())
        .collect();
    let kinds = every_kind();
    let listed: std::collections::BTreeSet<String> = kinds
        .iter()
        .map(|k| format!("{k:?}").split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap().to_owned())
        .collect();
    assert_eq!(listed, declared, "every_kind() must list each kind of classify.rs");
    let mut table = String::from("| kind | requests | responses | Rust | why |\n| --- | --- | --- | --- | --- |\n");
    for k in &kinds {
        let (requests, responses, rust, why) = codegen::internal::diff::classify(k);
        let name = format!("{k:?}").replace(['{', '}'], "").replace("  ", " ");
        table += &format!(
            "| `{}` | {} | {} | {} | {} |\n",
            name.trim(),
            requests.as_str(),
            responses.as_str(),
            rust.as_str(),
            why.replace('|', "\\|")
        );
    }
    let path = root.join("docs/schema-review.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- kinds: begin -->\n", "<!-- kinds: end -->");
    let (a, b) = (docs.find(start).expect("the kinds table's start marker"), docs.find(end).expect("its end marker"));
    let current = &docs[a + start.len()..b];
    if current != table {
        if std::env::var_os("DOCS_BLESS").is_some() {
            std::fs::write(&path, format!("{}{table}{}", &docs[..a + start.len()], &docs[b..])).unwrap();
        } else {
            panic!("docs/schema-review.md's table of kinds is stale; rerun with DOCS_BLESS=1. It should be:\n{table}");
        }
    }
}
