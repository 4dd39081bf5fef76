//! Malformed schemas: every problem is reported at its file, line, column and YAML path,
//! with the message and hint a schema author needs.
//!
//! Fixtures are tiny and inline. `text` drops the raw string's first newline, so the
//! line after `r#"` is line 1 of the file.

use codegen::internal::diag::{Diagnostic, Diagnostics};
use codegen::internal::model::{Model, Ty, TypeKind};
use codegen::internal::schema::{load, read_dir, SourceApi, SourceFile};

const STALWART_API: &str = r#"
api: stalwart
title: Test API
description: A test API.
vocabulary: stalwart
wire:
  keys: camelCase
  discriminator: "@type"
  date: iso
  date-time: seconds-z
  id: stalwart-base32
  list: object-by-index
  set: object-of-true
  nulls: write
  passthrough-suffixes: []
  record-attributes: false
"#;

const SALESFORCE_API: &str = r#"
api: salesforce
title: Test API
description: A test API.
vocabulary: salesforce
wire:
  keys: PascalCase
  date: iso
  date-time: millis-offset
  id: salesforce
  list: array
  set: array
  nulls: write
  passthrough-suffixes: ["__c", "__r"]
  record-attributes: true
key-prefixes:
  Account: "001"
  Contact: "003"
"#;

/// A well-formed Stalwart object, for tests whose problem is elsewhere.
const STALWART_OK: &str = r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
"#;

fn text(s: &str) -> String {
    s.strip_prefix('\n').unwrap_or(s).to_owned()
}

/// An API directory `dir` with `api.yaml` and object files `a.yaml`, `b.yaml`, ...
fn source(dir: &str, api: &str, objects: &[&str]) -> SourceApi {
    SourceApi {
        dir: dir.to_owned(),
        api: SourceFile { name: format!("{dir}/api.yaml"), text: text(api) },
        objects: objects
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let file = format!("{}.yaml", char::from(b'a' + i as u8));
                (file.clone(), SourceFile { name: format!("{dir}/{file}"), text: text(o) })
            })
            .collect(),
    }
}

/// One object file under the repository's own `api.yaml` of `dir`, exactly as the
/// `schema_loader` and `schema_emitter` fuzz targets build it (their inputs are fed
/// here unchanged).
fn as_fuzzed(dir: &str, object: &str) -> SourceApi {
    let api = match dir {
        "stalwart" => include_str!("../../schema/stalwart/api.yaml"),
        _ => include_str!("../../schema/salesforce/api.yaml"),
    };
    SourceApi {
        dir: dir.into(),
        api: SourceFile { name: format!("schema/{dir}/api.yaml"), text: api.into() },
        objects: vec![(
            "task.yaml".into(),
            SourceFile { name: format!("schema/{dir}/task.yaml"), text: object.into() },
        )],
    }
}

#[track_caller]
fn errors(sources: &[SourceApi]) -> Vec<Diagnostic> {
    match load(sources) {
        Ok(_) => panic!("the schema loaded, but it is malformed"),
        Err(d) => {
            assert!(!d.is_empty(), "an error must carry at least one diagnostic");
            d.0
        }
    }
}

#[track_caller]
fn loads(sources: &[SourceApi]) -> Model {
    load(sources).unwrap_or_else(|d| panic!("the schema does not load:\n{d}"))
}

#[track_caller]
fn stalwart(objects: &[&str]) -> Vec<Diagnostic> {
    errors(&[source("stalwart", STALWART_API, objects)])
}

#[track_caller]
fn salesforce(objects: &[&str]) -> Vec<Diagnostic> {
    errors(&[source("salesforce", SALESFORCE_API, objects)])
}

/// The only diagnostic.
#[track_caller]
fn single(diags: Vec<Diagnostic>) -> Diagnostic {
    if diags.len() != 1 {
        panic!("expected exactly one diagnostic, found {}:\n{}", diags.len(), Diagnostics(diags));
    }
    diags.into_iter().next().unwrap()
}

/// Asserts a diagnostic's place (`file:line:col`), YAML path, message and hint.
#[track_caller]
fn expect(d: &Diagnostic, at: &str, path: &str, message: &str, hint: Option<&str>) {
    let place = format!("{}:{}:{}", d.loc.file, d.loc.line, d.loc.col);
    assert_eq!(
        (place.as_str(), d.loc.path.as_str(), d.message.as_str(), d.hint.as_deref()),
        (at, path, message, hint),
        "\nthe diagnostic was:\n{d}"
    );
}

// ---------------------------------------------------------------- YAML and file shape

#[test]
fn yaml_syntax_error_is_located() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name: {type: String, modifiers: [required]
  other: x
"#]));
    // The flow mapping opened on line 4 is never closed: the parser stops at line 5's key,
    // inside the mapping of `fields.name`.
    expect(
        &d,
        "stalwart/a.yaml:5:3",
        "fields.name",
        "YAML syntax: invalid indentation in flow construct",
        Some("a `[` or `{` above is not closed, or a line inside it is indented less than its key"),
    );
}

/// A YAML syntax error names the keys it stands under and the usual cause.
#[test]
fn yaml_syntax_errors_name_the_path_and_a_hint() {
    const HEAD: &str = "object: Thing\ndescription: A thing.\nfields:\n  name:\n    type: String\n";
    let at = |tail: &str| single(stalwart(&[&format!("\n{HEAD}{tail}")]));
    // An unclosed `[` is noticed at the end of the file; the error points at the `[`.
    expect(
        &at("    modifiers: [required\n"),
        "stalwart/a.yaml:6:16",
        "fields.name.modifiers",
        "YAML syntax: while parsing a flow sequence, expected ',' or ']'",
        Some("this `[` list is not closed: end it with `]`, with `,` between its items"),
    );
    expect(
        &at("    modifiers: [required]\n  other:\n\ttype: String\n"),
        "stalwart/a.yaml:8:2",
        "fields.other",
        "YAML syntax: tabs disallowed within this context (block indentation)",
        Some("indent with spaces: YAML does not allow tabs in indentation"),
    );
    expect(
        &at("    modifiers: [required]\n    description: 'a note\n"),
        "stalwart/a.yaml:7:18",
        "fields.name.description",
        "YAML syntax: while scanning a quoted scalar, found unexpected end of stream",
        Some("a quoted text is not closed: add the closing quote on the same line"),
    );
    expect(
        &at("    modifiers: [required]\n    description: Note: a thing\n"),
        "stalwart/a.yaml:7:22",
        "fields.name",
        "YAML syntax: mapping values are not allowed in this context",
        Some("a plain value holds `: `: quote it, or check this line's indentation"),
    );
    expect(
        &at("    modifiers: [required]\n   label: Name\n"),
        "stalwart/a.yaml:7:4",
        "fields",
        "YAML syntax: while parsing a block mapping, did not find expected key",
        Some("check the indentation: the keys of one mapping start in the same column"),
    );
}

/// A NUL byte is named as such (yaml-rust2 takes it for the end of the file).
#[test]
fn a_nul_byte_is_named() {
    let d = single(stalwart(&["\nobject: Thing\ndescription: \"a\0b\"\n"]));
    expect(
        &d,
        "stalwart/a.yaml:2:16",
        "",
        "YAML syntax: the file holds a NUL character",
        Some("schema files are text: remove it"),
    );
}

/// `modifiers: read-only` is a scalar where a list belongs: the hint shows the list.
#[test]
fn a_modifier_not_in_a_list_gets_a_hint() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: read-only
"#]));
    expect(
        &d,
        "stalwart/a.yaml:6:16",
        "fields.name.modifiers",
        "expected a list, found a scalar",
        Some("write a list, even of one: `modifiers: [read-only]`"),
    );
}

#[test]
fn yaml_syntax_error_in_api_yaml() {
    let api = STALWART_API.replace("title: Test API", "title: Test: API");
    let d = single(errors(&[source("stalwart", &api, &[STALWART_OK])]));
    expect(
        &d,
        "stalwart/api.yaml:2:12",
        "",
        "YAML syntax: mapping values are not allowed in this context",
        Some("a plain value holds `: `: quote it, or check this line's indentation"),
    );
}

#[test]
fn a_file_with_two_documents() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
---
object: Other
"#]));
    expect(
        &d,
        "stalwart/a.yaml:7:1",
        "",
        "YAML syntax: a schema file holds exactly one YAML document",
        Some("split it into one file per object"),
    );
}

#[test]
fn root_must_be_a_mapping() {
    let d = single(stalwart(&[r#"
- object: Thing
  description: A thing.
"#]));
    expect(&d, "stalwart/a.yaml:1:1", "", "an object file must be a mapping, found a list", None);

    let d = single(errors(&[source("stalwart", "just some words\n", &[STALWART_OK])]));
    expect(&d, "stalwart/api.yaml:1:1", "", "api.yaml must be a mapping, found a scalar", None);
}

#[test]
fn an_empty_object_file() {
    let d = single(stalwart(&[""]));
    expect(&d, "stalwart/a.yaml:1:1", "", "an object file must be a mapping, found null", None);
}

// ---------------------------------------------------------------- keys

#[test]
fn unknown_key_at_top_level() {
    let d = single(stalwart(&[r#"
object: Thing
descripton: A thing.
fields:
  name:
    type: String
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:2:1",
        "descripton",
        "unknown key `descripton` in an object file",
        Some("did you mean `description`?"),
    );
}

#[test]
fn unknown_key_in_a_field() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:6:5",
        "fields.name.modifers",
        "unknown key `modifers` in a field",
        Some("did you mean `modifiers`?"),
    );
}

#[test]
fn unknown_key_in_a_variant() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
variants:
  - type: One
    lable: First
    fields: ThingOne
types:
  ThingOne:
    description: Fields of One.
    fields:
      name:
        type: String
        modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:5:5",
        "variants[0].lable",
        "unknown key `lable` in a variant",
        Some("did you mean `label`?"),
    );
}

#[test]
fn salesforce_key_in_a_stalwart_field() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
    length: 40
"#]));
    expect(
        &d,
        "stalwart/a.yaml:7:5",
        "fields.name.length",
        "unknown key `length` in a field",
        Some("`length` belongs to the salesforce vocabulary; this API uses the stalwart one (see schema/README.md)"),
    );
}

#[test]
fn stalwart_key_in_a_salesforce_field() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Name:
    type: string
    properties: [Create, Update]
    modifiers: [required]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:9:5",
        "fields.Name.modifiers",
        "unknown key `modifiers` in a field",
        Some("`modifiers` belongs to the stalwart vocabulary; this API uses the salesforce one (see schema/README.md)"),
    );
}

#[test]
fn object_keys_of_the_other_vocabulary() {
    let d = single(stalwart(&[r#"
object: Thing
key-prefix: "001"
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:2:1",
        "key-prefix",
        "unknown key `key-prefix` in an object file",
        Some(
            "`key-prefix` belongs to the salesforce vocabulary; this API uses the stalwart one (see schema/README.md)",
        ),
    );

    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Name:
    type: string
    properties: [Create, Update]
types:
  AccountKind:
    description: A kind.
    enum: [a, b]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:9:1",
        "types",
        "unknown key `types` in an object file",
        Some("`types` belongs to the stalwart vocabulary; this API uses the salesforce one (see schema/README.md)"),
    );
}

#[test]
fn missing_object() {
    let d = single(stalwart(&[r#"
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
"#]));
    expect(&d, "stalwart/a.yaml:1:1", "", "an object file has no `object`", Some("add `object:`"));
}

#[test]
fn missing_field_type() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    modifiers: [required]
"#]));
    expect(&d, "stalwart/a.yaml:5:5", "fields.name", "a field has no `type`", Some("add `type:`"));
}

#[test]
fn optional_wire_settings_may_be_left_out() {
    let api = STALWART_API
        .replace("  date: iso\n", "")
        .replace("  nulls: write\n", "")
        .replace("  passthrough-suffixes: []\n", "")
        .replace("  record-attributes: false\n", "");
    let m = loads(&[source("stalwart", &api, &[STALWART_OK])]);
    let wire = &m.apis[0].wire;
    assert!(wire.write_nulls && wire.passthrough_suffixes.is_empty() && !wire.record_attributes);
}

#[test]
fn missing_wire_setting() {
    let api = STALWART_API.replace("  date-time: seconds-z\n", "");
    let d = single(errors(&[source("stalwart", &api, &[STALWART_OK])]));
    expect(
        &d,
        "stalwart/api.yaml:6:3",
        "wire",
        "the wire profile has no `date-time`",
        Some("add `date-time:` under `wire:`"),
    );
}

#[test]
fn duplicate_mapping_key_is_reported_at_the_second() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
  name:
    type: Text
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:7:3",
        "fields.name",
        "duplicate key `name`",
        Some("`name` is already defined at line 4; remove one of them"),
    );
}

// ---------------------------------------------------------------- type bodies

#[test]
fn type_with_both_fields_and_variants() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  mixed:
    type: Mixed
    modifiers: [required]
types:
  Mixed:
    description: Both.
    fields:
      name:
        type: String
        modifiers: [required]
    variants:
      - type: One
        label: One
        fields: Mixed
"#]));
    expect(
        &d,
        "stalwart/a.yaml:9:5",
        "types.Mixed",
        "a type has more than one of `fields`, `variants` and `enum`",
        Some("a type is a field set, a variant object or an enumeration"),
    );
}

#[test]
fn type_with_no_body() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  empty:
    type: Empty
    modifiers: [required]
types:
  Empty:
    description: Nothing.
"#]));
    expect(
        &d,
        "stalwart/a.yaml:9:5",
        "types.Empty",
        "a type needs one of `fields`, `variants` or `enum`",
        Some("a type is a field set, a variant object or an enumeration"),
    );
}

#[test]
fn object_with_no_body_or_both() {
    let d = single(stalwart(&["object: Thing\ndescription: A thing.\n"]));
    expect(
        &d,
        "stalwart/a.yaml:1:1",
        "",
        "an object file needs one of `fields` or `variants`",
        Some("an object is a plain object (`fields`) or a multi-variant object (`variants`)"),
    );

    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields: {}
variants: []
"#]));
    expect(
        &d,
        "stalwart/a.yaml:1:1",
        "",
        "an object file has both `fields` and `variants`",
        Some("an object is a plain object (`fields`) or a multi-variant object (`variants`)"),
    );
}

// ---------------------------------------------------------------- type names

#[test]
fn unknown_type_names_are_all_reported_with_suggestions() {
    let diags = stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: Strng
    modifiers: [required]
  status:
    type: List<ThingStats>
    modifiers: [required]
types:
  ThingStatus:
    description: A status.
    enum:
      - value: active
        label: Active
"#]);
    assert_eq!(diags.len(), 2, "{}", Diagnostics(diags.clone()));
    expect(
        &diags[0],
        "stalwart/a.yaml:5:11",
        "fields.name.type",
        "unknown type `Strng`",
        Some("did you mean `String`?"),
    );
    expect(
        &diags[1],
        "stalwart/a.yaml:8:11",
        "fields.status.type",
        "unknown type `ThingStats`",
        Some("did you mean `ThingStatus`?"),
    );
}

#[test]
fn salesforce_type_name_in_a_stalwart_file() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  done:
    type: boolean
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:5:11",
        "fields.done.type",
        "unknown type `boolean`",
        Some(
            "`boolean` belongs to the salesforce vocabulary; this API's types are: String, Text, Boolean, Integer, \
             UnsignedInt, Float, UTCDateTime, Id, BlobId, EmailAddress",
        ),
    );
}

#[test]
fn unknown_salesforce_type_with_did_you_mean() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Name:
    type: strng
    properties: [Create, Update]
"#]));
    expect(&d, "salesforce/a.yaml:7:11", "fields.Name.type", "unknown type `strng`", Some("did you mean `string`?"));
}

#[test]
fn type_defined_twice_in_one_file() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
types:
  Thing:
    description: Again.
    enum:
      - value: a
        label: A
"#]));
    expect(
        &d,
        "stalwart/a.yaml:8:3",
        "types.Thing",
        "type `Thing` is defined twice",
        Some("first defined at stalwart/a.yaml:1:9"),
    );
}

#[test]
fn type_defined_twice_across_files() {
    let a = r#"
object: Thing
description: A thing.
fields:
  status:
    type: Status
    modifiers: [required]
types:
  Status:
    description: A status.
    enum:
      - value: active
        label: Active
"#;
    let b = r#"
object: Other
description: Another thing.
fields:
  status:
    type: Status
    modifiers: [required]
types:
  Status:
    description: Another status.
    enum:
      - value: active
        label: Active
"#;
    let d = single(stalwart(&[a, b]));
    expect(
        &d,
        "stalwart/b.yaml:8:3",
        "types.Status",
        "type `Status` is defined twice",
        Some("first defined at stalwart/a.yaml:8:3"),
    );
}

#[test]
fn types_colliding_after_case_conversion() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  url:
    type: URLValue
    modifiers: [required]
  other:
    type: UrlValue
    modifiers: [required]
types:
  URLValue:
    description: One.
    enum:
      - value: a
        label: A
  UrlValue:
    description: Two.
    enum:
      - value: b
        label: B
"#]));
    expect(
        &d,
        "stalwart/a.yaml:16:3",
        "types.UrlValue",
        "type `UrlValue` and type `URLValue` both become `UrlValue` in Rust",
        Some("`URLValue` is at stalwart/a.yaml:11:3; rename one of them"),
    );
}

// ---------------------------------------------------------------- field names

#[test]
fn field_named_like_a_rust_keyword() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  type:
    type: String
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:4:3",
        "fields.type",
        "field `type` becomes `type`, a Rust keyword",
        Some("set `rust-name:` (for example `rust-name: type_`)"),
    );
}

#[test]
fn a_rust_name_resolves_a_keyword_field() {
    let m = loads(&[source(
        "stalwart",
        STALWART_API,
        &[r#"
object: Thing
description: A thing.
fields:
  type:
    type: String
    modifiers: [required]
    rust-name: kind
"#],
    )]);
    let TypeKind::Struct(s) = &m.apis[0].types[0].kind else { panic!("Thing is not a struct") };
    assert_eq!((s.fields[0].wire_name.as_str(), s.fields[0].rust_name.as_str()), ("type", "kind"));
}

#[test]
fn fields_colliding_after_snake_case() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  URLValue:
    type: url
    properties: [Create, Nillable, Update]
  UrlValue:
    type: url
    properties: [Create, Nillable, Update]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:9:3",
        "fields.UrlValue",
        "fields `URLValue` and `UrlValue` both become `url_value` in Rust",
        Some("set `rust-name:` on one of them"),
    );

    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  accountId:
    type: Id<Account>
    modifiers: [required]
  accountID:
    type: Id<Account>
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:7:3",
        "fields.accountID",
        "fields `accountId` and `accountID` both become `account_id` in Rust",
        Some("set `rust-name:` on one of them"),
    );
}

#[test]
fn reserved_field_name() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
  unknownFields:
    type: String?
"#]));
    expect(
        &d,
        "stalwart/a.yaml:7:3",
        "fields.unknownFields",
        "field `unknownFields` becomes `unknown_fields`, which generated types use themselves",
        Some("set `rust-name:`"),
    );
}

#[test]
fn field_name_not_in_the_profiles_key_case() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  AccountId:
    type: Id<Account>
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:4:3",
        "fields.AccountId",
        "field name `AccountId` is not camelCase (like `accountId`)",
        Some("field names are written as they travel; see `wire.keys` in api.yaml"),
    );

    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  accountName:
    type: string
    properties: [Create, Update]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:6:3",
        "fields.accountName",
        "field name `accountName` is not PascalCase (like `AccountId`)",
        Some("field names are written as they travel; see `wire.keys` in api.yaml"),
    );
}

// ---------------------------------------------------------------- Stalwart modifiers and defaults

#[test]
fn server_set_and_required() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  createdAt:
    type: UTCDateTime
    modifiers: [server-set, required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:6:17",
        "fields.createdAt.modifiers[0]",
        "`createdAt` is both server-set and required",
        Some("a server-set field is never sent by clients, so it cannot be required: drop one"),
    );
}

#[test]
fn required_and_default() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  count:
    type: UnsignedInt
    modifiers: [required]
    default: 0
"#]));
    expect(
        &d,
        "stalwart/a.yaml:7:14",
        "fields.count.default",
        "`count` is required and has a default",
        Some("a field with a default need not be sent: drop `required`"),
    );
}

#[test]
fn required_and_nullable() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  due:
    type: UTCDateTime?
    modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:6:17",
        "fields.due.modifiers[0]",
        "`due` is required but its type `UTCDateTime?` is nullable",
        Some("drop `?` or `required`"),
    );
}

#[test]
fn field_that_must_be_marked_required() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
"#]));
    expect(
        &d,
        "stalwart/a.yaml:4:3",
        "fields.name",
        "`name` is neither nullable, defaulted, server-set nor read-only, so clients must send it",
        Some("mark it `modifiers: [required]`, as the reference page does"),
    );
}

#[test]
fn unknown_modifier_with_hint() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [read-only, requird]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:6:28",
        "fields.name.modifiers[1]",
        "unknown modifier `requird`",
        Some("did you mean `required`?"),
    );
}

#[test]
fn invalid_default_for_unsigned_int() {
    let diags = stalwart(&[r#"
object: Thing
description: A thing.
fields:
  count:
    type: UnsignedInt
    default: abc
  limit:
    type: UnsignedInt
    default: -1
"#]);
    assert_eq!(diags.len(), 2, "{}", Diagnostics(diags.clone()));
    expect(&diags[0], "stalwart/a.yaml:6:14", "fields.count.default", "default `abc` is not an unsigned integer", None);
    expect(&diags[1], "stalwart/a.yaml:9:14", "fields.limit.default", "default `-1` is not an unsigned integer", None);
}

#[test]
fn default_not_among_the_enums_values() {
    // The enumeration is defined after the field that uses it.
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  size:
    type: Size
    default: big
types:
  Size:
    description: A size.
    enum:
      - value: small
        label: Small
      - value: large
        label: Large
"#]));
    expect(
        &d,
        "stalwart/a.yaml:6:14",
        "fields.size.default",
        "default `big` is not one of the enumeration's values",
        Some("expected one of: small, large"),
    );
}

#[test]
fn default_on_a_type_that_takes_none() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  inner:
    type: Inner
    default: abc
types:
  Inner:
    description: A nested object.
    fields:
      name:
        type: String
        modifiers: [required]
"#]));
    expect(
        &d,
        "stalwart/a.yaml:6:14",
        "fields.inner.default",
        "a field of this type cannot have a default (`abc`)",
        None,
    );
}

#[test]
fn default_not_among_the_picklists_values() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Priority:
    type: picklist
    properties: [Create, Defaulted on create, Update]
    values: [High, Normal, Low]
    default: Medium
"#]));
    expect(
        &d,
        "salesforce/a.yaml:10:14",
        "fields.Priority.default",
        "default `Medium` is not one of the picklist's values",
        Some("the values are High, Normal, Low"),
    );
}

// ---------------------------------------------------------------- Salesforce properties

/// Every unknown item of a list is reported, each under its own item.
#[test]
fn every_unknown_property_of_a_list_is_reported_under_it() {
    let diags = salesforce(&[r#"
object: Task
label: Task
description: A task.
fields:
  ActivityDate:
    type: date
    properties: [Create, Nilable, Restricted Picklist]
"#]);
    assert_eq!(diags.len(), 2, "{}", Diagnostics(diags.clone()));
    expect(
        &diags[0],
        "salesforce/a.yaml:7:26",
        "fields.ActivityDate.properties[1]",
        "unknown property `Nilable`",
        Some("did you mean `Nillable`?"),
    );
    expect(
        &diags[1],
        "salesforce/a.yaml:7:35",
        "fields.ActivityDate.properties[2]",
        "unknown property `Restricted Picklist`",
        Some("did you mean `Restricted picklist`?"),
    );
}

/// Independent problems of one field are all reported, each once (issue 12: "every
/// problem, once, no cascades"); the field was refused at the first before.
#[test]
fn every_problem_of_a_salesforce_field_is_reported() {
    let diags = salesforce(&[r#"
object: Task
label: Task
description: A task.
fields:
  Priority:
    type: picklist
    properties: [Create, Nilable, Update]
    values: [High, Normal, Low]
    default: Medium
    length: 0
"#]);
    assert_eq!(diags.len(), 3, "{}", Diagnostics(diags.clone()));
    expect(
        &diags[0],
        "salesforce/a.yaml:7:26",
        "fields.Priority.properties[1]",
        "unknown property `Nilable`",
        Some("did you mean `Nillable`?"),
    );
    expect(
        &diags[1],
        "salesforce/a.yaml:9:14",
        "fields.Priority.default",
        "default `Medium` is not one of the picklist's values",
        Some("the values are High, Normal, Low"),
    );
    expect(&diags[2], "salesforce/a.yaml:10:13", "fields.Priority.length", "length 0 is out of range", None);
}

/// A value listed twice and a default not among the values are two problems; the hint
/// lists each value once.
#[test]
fn a_picklist_default_hint_lists_each_value_once() {
    let diags = salesforce(&[r#"
object: Task
label: Task
description: A task.
fields:
  Status:
    type: picklist
    properties: [Create, Nillable]
    values: [Open, Open, Closed]
    default: Opn
"#]);
    assert_eq!(diags.len(), 2, "{}", Diagnostics(diags.clone()));
    assert_eq!(diags[0].message, "value `Open` is listed twice");
    expect(
        &diags[1],
        "salesforce/a.yaml:9:14",
        "fields.Status.default",
        "default `Opn` is not one of the picklist's values",
        Some("did you mean `Open`? the values are Open, Closed"),
    );
}

/// An unknown type is one problem: what depends on the type (does `length` apply?) is
/// not judged, so it does not cascade; what does not (a property) is still reported.
#[test]
fn an_unknown_salesforce_type_does_not_cascade() {
    let diags = salesforce(&[r#"
object: Task
label: Task
description: A task.
fields:
  Subject:
    type: strnig
    properties: [Create, Nilable, Update]
    length: 80
    values: [A, B]
"#]);
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["unknown type `strnig`", "unknown property `Nilable`"], "{}", Diagnostics(diags.clone()));
    // Each problem of a boolean: Nillable, a length, a restricted picklist.
    let diags = salesforce(&[r#"
object: Task
label: Task
description: A task.
fields:
  IsDone:
    type: boolean
    properties: [Create, Nillable, Restricted picklist]
    length: 1
"#]);
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "boolean `IsDone` is Nillable",
            "`IsDone` is a `boolean`, so it cannot be a restricted picklist",
            "`length` does not apply to a `boolean` field",
        ],
        "{}",
        Diagnostics(diags.clone())
    );
}

/// A Stalwart field: an unknown modifier and a bad default are two problems.
#[test]
fn every_problem_of_a_stalwart_field_is_reported() {
    let diags = stalwart(&[r#"
object: Thing
description: A thing.
fields:
  attempts:
    type: UnsignedInt
    modifiers: [read-onyl]
    default: -1
"#]);
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["unknown modifier `read-onyl`", "default `-1` is not an unsigned integer"],
        "{}",
        Diagnostics(diags.clone())
    );
}

#[test]
fn every_unknown_modifier_of_a_list_is_reported_under_it() {
    let diags = stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [requird, read-only, hidden]
"#]);
    assert_eq!(diags.len(), 2, "{}", Diagnostics(diags.clone()));
    expect(
        &diags[0],
        "stalwart/a.yaml:6:17",
        "fields.name.modifiers[0]",
        "unknown modifier `requird`",
        Some("did you mean `required`?"),
    );
    expect(
        &diags[1],
        "stalwart/a.yaml:6:37",
        "fields.name.modifiers[2]",
        "unknown modifier `hidden`",
        Some("expected one of: read-only, server-set, required"),
    );
}

#[test]
fn unknown_salesforce_property() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Name:
    type: string
    properties: [Create, Nilable, Update]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:8:26",
        "fields.Name.properties[1]",
        "unknown property `Nilable`",
        Some("did you mean `Nillable`?"),
    );
}

#[test]
fn restricted_picklist_on_a_non_picklist() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Subject:
    type: string
    properties: [Create, Restricted picklist, Update]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:8:26",
        "fields.Subject.properties[1]",
        "`Subject` is a `string`, so it cannot be a restricted picklist",
        None,
    );
}

#[test]
fn picklist_without_values() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Status:
    type: picklist
    properties: [Create, Update]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:7:11",
        "fields.Status.type",
        "picklist `Status` lists no values",
        Some("add `values:` with the picklist's API names"),
    );
}

#[test]
fn reference_without_refers_to() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  OwnerId:
    type: reference
    properties: [Create, Update]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:7:11",
        "fields.OwnerId.type",
        "reference `OwnerId` does not say what it refers to",
        Some("add `refers-to: [Object, ...]`"),
    );
}

#[test]
fn length_on_a_boolean() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  IsDone:
    type: boolean
    properties: [Create, Defaulted on create, Update]
    length: 1
"#]));
    expect(&d, "salesforce/a.yaml:9:13", "fields.IsDone.length", "`length` does not apply to a `boolean` field", None);
}

#[test]
fn bitmask_with_a_value_that_is_not_a_single_bit() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "001"
description: An account.
fields:
  Days:
    type: int
    properties: [Create, Nillable, Update]
    bitmask: {Sunday: 1, Monday: 2, Tuesday: 3}
"#]));
    expect(
        &d,
        "salesforce/a.yaml:9:46",
        "fields.Days.bitmask.Tuesday",
        "flag `Tuesday` has value 3, which is not a single bit",
        Some("use 1, 2, 4, 8, ..."),
    );
}

#[test]
fn key_prefix_differs_from_api_yaml() {
    let d = single(salesforce(&[r#"
object: Account
label: Account
key-prefix: "002"
description: An account.
fields:
  Name:
    type: string
    properties: [Create, Update]
"#]));
    expect(
        &d,
        "salesforce/a.yaml:3:13",
        "key-prefix",
        "key prefix `002` differs from `001` in api.yaml's key-prefixes",
        None,
    );
}

// ---------------------------------------------------------------- enumerations and variants

#[test]
fn enum_values_colliding_after_case_conversion() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  phase:
    type: Phase
    modifiers: [required]
types:
  Phase:
    description: A phase.
    enum:
      - value: in-progress
        label: In progress
      - value: inProgress
        label: In progress, again
"#]));
    expect(
        &d,
        "stalwart/a.yaml:13:16",
        "types.Phase.enum[1].value",
        "values `in-progress` and `inProgress` both become `InProgress` in Rust",
        Some("set `rust-name:` on one of them"),
    );
}

#[test]
fn enum_value_unknown_is_reserved() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  phase:
    type: Phase
    modifiers: [required]
types:
  Phase:
    description: A phase.
    enum:
      - value: known
        label: Known
      - value: unknown
        label: Unknown
"#]));
    expect(
        &d,
        "stalwart/a.yaml:13:16",
        "types.Phase.enum[1].value",
        "value `unknown` becomes `Unknown`, which cannot name a Rust variant",
        Some("set `rust-name:` on the value (`Unknown` is reserved for values the schema does not know)"),
    );
}

const VARIANT_TYPES: &str = r#"types:
  ThingOne:
    description: Fields of One.
    fields:
      name:
        type: String
        modifiers: [required]
  ThingKind:
    description: A kind.
    enum:
      - value: a
        label: A
"#;

#[test]
fn duplicate_variant_tag() {
    let file = text(
        r#"
object: Thing
description: A thing.
variants:
  - type: One
    label: One
    fields: ThingOne
  - type: One
    label: One again
    fields: ThingOne
"#,
    ) + VARIANT_TYPES;
    let d = single(stalwart(&[&file]));
    expect(&d, "stalwart/a.yaml:7:11", "variants[1].type", "variant `One` is listed twice", None);
}

#[test]
fn variants_without_a_discriminator() {
    let api = STALWART_API.replace("  discriminator: \"@type\"\n", "");
    let file = text(
        r#"
object: Thing
description: A thing.
variants:
  - type: One
    label: One
    fields: ThingOne
"#,
    ) + VARIANT_TYPES;
    let d = single(errors(&[source("stalwart", &api, &[&file])]));
    expect(
        &d,
        "stalwart/a.yaml:1:9",
        "object",
        "`Thing` has variants, but the wire profile names no discriminator",
        Some("set `wire.discriminator` in api.yaml"),
    );
}

#[test]
fn variant_naming_a_field_set_that_does_not_exist() {
    let file = text(
        r#"
object: Thing
description: A thing.
variants:
  - type: One
    label: One
    fields: ThingOen
"#,
    ) + VARIANT_TYPES;
    let d = single(stalwart(&[&file]));
    expect(
        &d,
        "stalwart/a.yaml:6:13",
        "variants[0].fields",
        "unknown type `ThingOen`",
        Some("did you mean `ThingOne`?"),
    );
}

#[test]
fn variant_naming_a_type_that_is_not_a_field_set() {
    let file = text(
        r#"
object: Thing
description: A thing.
variants:
  - type: One
    label: One
    fields: ThingKind
"#,
    ) + VARIANT_TYPES;
    let d = single(stalwart(&[&file]));
    expect(
        &d,
        "stalwart/a.yaml:6:13",
        "variants[0].fields",
        "`ThingKind` is not a field set",
        Some("a variant's `fields` names a type that has `fields:`"),
    );
}

// ---------------------------------------------------------------- cycles

#[test]
fn struct_that_contains_itself_by_value() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
  parent:
    type: Thing?
"#]));
    expect(
        &d,
        "stalwart/a.yaml:7:3",
        "fields.parent",
        "type `Thing` contains itself",
        Some("a type may hold itself only inside a List or Set"),
    );
}

#[test]
fn struct_that_contains_itself_through_a_list_is_accepted() {
    let m = loads(&[source(
        "stalwart",
        STALWART_API,
        &[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
  children:
    type: List<Thing>
    modifiers: [required]
  older:
    type: Thing[]?
"#],
    )]);
    let api = &m.apis[0];
    let TypeKind::Struct(s) = &api.types[0].kind else { panic!("Thing is not a struct") };
    let Ty::List(inner) = &s.fields[1].ty else { panic!("children is not a list: {:?}", s.fields[1].ty) };
    assert!(matches!(**inner, Ty::Named(id) if api.ty(id).name == "Thing"));
    assert!(s.fields[2].nullable);
}

// ---------------------------------------------------------------- api.yaml

#[test]
fn unknown_wire_setting() {
    let api = STALWART_API.replace("  date: iso\n", "  dates: iso\n");
    let d = single(errors(&[source("stalwart", &api, &[STALWART_OK])]));
    expect(&d, "stalwart/api.yaml:8:3", "wire.dates", "unknown wire setting `dates`", Some("did you mean `date`?"));

    // A misspelt required setting is also missing: both are said, the `wire` mapping's first.
    let api = STALWART_API.replace("  date-time: seconds-z\n", "  datetime: seconds-z\n");
    let diags = errors(&[source("stalwart", &api, &[STALWART_OK])]);
    assert_eq!(diags.len(), 2, "{}", Diagnostics(diags.clone()));
    expect(
        &diags[0],
        "stalwart/api.yaml:6:3",
        "wire",
        "the wire profile has no `date-time`",
        Some("add `date-time:` under `wire:`"),
    );
    expect(
        &diags[1],
        "stalwart/api.yaml:9:3",
        "wire.datetime",
        "unknown wire setting `datetime`",
        Some("did you mean `date-time`?"),
    );
}

/// `client-years` is the one setting for the years a client's dates may name: by a
/// date-time's UTC date (Salesforce) or by the year its text names (Stalwart).
#[test]
fn client_years_is_one_setting_read_once() {
    use codegen::internal::model::{ClientYears, DateTimeYear};
    let with = |years: &str| {
        STALWART_API
            .replace("  record-attributes: false\n", &format!("  record-attributes: false\n  client-years: {years}\n"))
    };
    let read = |years: &str| loads(&[source("stalwart", &with(years), &[STALWART_OK])]).apis[0].wire.client_years;
    assert_eq!(read("[1700, 4000]"), Some(ClientYears { first: 1700, last: 4000, date_time_year: DateTimeYear::Utc }));
    assert_eq!(
        read("[1700, 4000, utc]"),
        Some(ClientYears { first: 1700, last: 4000, date_time_year: DateTimeYear::Utc })
    );
    assert_eq!(
        read("[1970, 3000, as-written]"),
        Some(ClientYears { first: 1970, last: 3000, date_time_year: DateTimeYear::AsWritten })
    );
    assert_eq!(loads(&[source("stalwart", STALWART_API, &[STALWART_OK])]).apis[0].wire.client_years, None);
    for bad in ["[3000, 1970]", "[1970]", "[1970, 3000, local]", "[0, 10]", "1970"] {
        let d = single(errors(&[source("stalwart", &with(bad), &[STALWART_OK])]));
        assert_eq!(d.loc.path, "wire.client-years", "{bad}: {d}");
    }
    // The years were once a client rule; that spelling now says where they went.
    let api = STALWART_API.replace(
        "  record-attributes: false\n",
        "  record-attributes: false\n  client-rules: [non-empty-strings, \"date-time-years 1970..=3000\"]\n",
    );
    let d = single(errors(&[source("stalwart", &api, &[STALWART_OK])]));
    assert_eq!(d.loc.path, "wire.client-rules");
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("client-years: [first, last, as-written]")), "{d}");
}

#[test]
fn invalid_wire_value() {
    let api = STALWART_API.replace("  list: object-by-index\n", "  list: arrays\n");
    let d = single(errors(&[source("stalwart", &api, &[STALWART_OK])]));
    expect(
        &d,
        "stalwart/api.yaml:11:9",
        "wire.list",
        "invalid value for wire setting `list`",
        Some("expected `array` or `object-by-index`"),
    );
}

#[test]
fn unknown_vocabulary() {
    let api = STALWART_API.replace("vocabulary: stalwart", "vocabulary: stalwat");
    let d = single(errors(&[source("stalwart", &api, &[STALWART_OK])]));
    expect(
        &d,
        "stalwart/api.yaml:4:13",
        "vocabulary",
        "unknown vocabulary `stalwat`",
        Some("expected `stalwart` or `salesforce`"),
    );
}

#[test]
fn api_name_not_matching_the_directory() {
    let d = single(errors(&[source("other", STALWART_API, &[STALWART_OK])]));
    expect(
        &d,
        "other/api.yaml:1:6",
        "api",
        "api `stalwart` is defined in directory `other`",
        Some("rename the directory to `stalwart` or set `api: other`"),
    );
}

// ---------------------------------------------------------------- files on disk

/// A fresh directory under the system temp dir, removed on drop.
struct TempTree(std::path::PathBuf);

impl TempTree {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("codegen-schema-errors-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempTree(dir)
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn invalid_utf8_on_disk() {
    let tree = TempTree::new("utf8");
    let api_dir = tree.0.join("stalwart");
    std::fs::create_dir_all(&api_dir).unwrap();
    std::fs::write(api_dir.join("api.yaml"), text(STALWART_API)).unwrap();
    // Line 2: `description: «caf` is 17 characters (18 bytes), then a stray Latin-1 byte;
    // columns count characters, as the YAML parser's do.
    let mut bytes = b"object: Thing\ndescription: \xc2\xab".to_vec();
    bytes.extend_from_slice(b"caf\xe9\xc2\xbb\nfields: {}\n");
    std::fs::write(api_dir.join("a.yaml"), bytes).unwrap();

    let diags = read_dir(&tree.0).expect_err("a file that is not UTF-8 must be refused").0;
    let d = single(diags);
    let file = api_dir.join("a.yaml").display().to_string();
    expect(&d, &format!("{file}:2:18"), "", "the file is not valid UTF-8", Some("save the file as UTF-8"));
}

#[test]
fn a_directory_without_apis() {
    let tree = TempTree::new("empty");
    let d = single(read_dir(&tree.0).expect_err("an empty tree must be refused").0);
    // A folder has no line: the location is the folder alone (line 0), never a made-up 1:1.
    assert!(
        d.to_string().starts_with(&format!(
            "error: no API found: no subdirectory holds an api.yaml\n--> {}\n",
            tree.0.display()
        )),
        "{d}"
    );
    expect(
        &d,
        &format!("{}:0:0", tree.0.display()),
        "",
        "no API found: no subdirectory holds an api.yaml",
        Some("a schema tree is <root>/<api>/api.yaml plus one YAML file per object"),
    );
}

// ---------------------------------------------------------------- many problems at once

#[test]
fn every_shape_problem_of_a_file_is_reported_in_order() {
    let diags = stalwart(&[r#"
object: Thing
descripton: A thing.
fields:
  name:
    type: String
    modifers: [required]
  count:
    default: 0
  name:
    type: Text
"#]);
    assert_eq!(diags.len(), 4, "{}", Diagnostics(diags.clone()));
    expect(
        &diags[0],
        "stalwart/a.yaml:2:1",
        "descripton",
        "unknown key `descripton` in an object file",
        Some("did you mean `description`?"),
    );
    expect(
        &diags[1],
        "stalwart/a.yaml:6:5",
        "fields.name.modifers",
        "unknown key `modifers` in a field",
        Some("did you mean `modifiers`?"),
    );
    expect(&diags[2], "stalwart/a.yaml:8:5", "fields.count", "a field has no `type`", Some("add `type:`"));
    expect(
        &diags[3],
        "stalwart/a.yaml:9:3",
        "fields.name",
        "duplicate key `name`",
        Some("`name` is already defined at line 4; remove one of them"),
    );
}

#[test]
fn every_semantic_problem_is_reported_in_order_across_files() {
    let a = r#"
object: Thing
description: A thing.
fields:
  name:
    type: Strng
    modifiers: [required]
  count:
    type: UnsignedInt
    default: abc
  AccountId:
    type: String
    modifiers: [required]
  type:
    type: String
    modifiers: [required]
"#;
    let b = r#"
object: Other
description: Another thing.
fields:
  due:
    type: UTCDateTime?
    modifiers: [required]
"#;
    let diags = stalwart(&[a, b]);
    let got: Vec<String> =
        diags.iter().map(|d| format!("{}:{}:{} {}", d.loc.file, d.loc.line, d.loc.col, d.message)).collect();
    assert_eq!(
        got,
        [
            "stalwart/a.yaml:5:11 unknown type `Strng`",
            "stalwart/a.yaml:9:14 default `abc` is not an unsigned integer",
            "stalwart/a.yaml:10:3 field name `AccountId` is not camelCase (like `accountId`)",
            "stalwart/a.yaml:13:3 field `type` becomes `type`, a Rust keyword",
            "stalwart/b.yaml:6:17 `due` is required but its type `UTCDateTime?` is nullable",
        ]
    );
}

// ---------------------------------------------------------------- rendering

#[test]
fn diagnostics_render_like_a_compiler() {
    let d = single(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: Strng
    modifiers: [required]
"#]));
    assert_eq!(
        d.to_string(),
        "error: unknown type `Strng`
 --> stalwart/a.yaml:5:11
  |
5 |     type: Strng
  |           ^^^^^ at `fields.name.type`
  |
  = help: did you mean `String`?"
    );

    let diags = Diagnostics(stalwart(&[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
  other:
    type: Strng?
"#]));
    assert_eq!(
        diags.to_string(),
        "error: `name` is neither nullable, defaulted, server-set nor read-only, so clients must send it
 --> stalwart/a.yaml:4:3
  |
4 |   name:
  |   ^^^^ at `fields.name`
  |
  = help: mark it `modifiers: [required]`, as the reference page does

error: unknown type `Strng`
 --> stalwart/a.yaml:7:11
  |
7 |     type: Strng?
  |           ^^^^^^ at `fields.other.type`
  |
  = help: did you mean `String`?

2 errors"
    );
}

// ---------------------------------------------------------------- rules

const RECURRING: &str = r#"
object: Job
label: Job
description: A job.
fields:
  IsRepeat:
    type: boolean
    properties: [Create, Defaulted on create]
  Kind:
    type: picklist
    properties: [Create, Nillable, Restricted picklist]
    values: [Daily, Weekly]
  StartOn:
    type: date
    properties: [Create, Nillable]
  EndOn:
    type: date
    properties: [Create, Nillable]
  Days:
    type: int
    properties: [Create, Nillable]
    bitmask: {Sunday: 1, Monday: 2}
  Note:
    type: string
    properties: [Create, Nillable]
    length: 10
rules:
"#;

fn with_rule(rule: &str) -> String {
    format!("{}{rule}", text(RECURRING))
}

#[test]
fn a_rule_naming_a_field_that_is_not_there() {
    let d = single(salesforce(&[&with_rule("  - when: {IsRepeat: true}\n    require: [StartOnn]\n")]));
    expect(
        &d,
        "salesforce/a.yaml:28:15",
        "rules[0].require[0]",
        "rule names `StartOnn`, which is not a field here",
        Some("did you mean `StartOn`?"),
    );
}

/// A rule naming a field that was itself refused says nothing more: the field's own
/// problem is the one to fix. A rule naming a field that is not there at all still errs.
#[test]
fn a_rule_naming_a_refused_field_is_no_second_error() {
    let object = with_rule(
        "  - when: {IsRepeat: true}\n    forbid: [StartOn]\n  - when: {IsRepeat: true}\n    forbid: [Nope]\n",
    )
    .replace("    properties: [Create, Nillable]\n  EndOn:", "    properties: [Create, Nilable]\n  EndOn:");
    let diags = salesforce(&[&object]);
    let found: Vec<(u32, &str)> = diags.iter().map(|d| (d.loc.line, d.message.as_str())).collect();
    assert_eq!(
        found,
        [(14, "unknown property `Nilable`"), (30, "rule names `Nope`, which is not a field here")],
        "{}",
        Diagnostics(diags.clone())
    );
}

#[test]
fn a_condition_value_that_is_not_a_picklist_value() {
    let d = single(salesforce(&[&with_rule("  - when: {Kind: Monthly}\n    require: [StartOn]\n")]));
    expect(
        &d,
        "salesforce/a.yaml:27:18",
        "rules[0].when.Kind",
        "condition value `Monthly` is not one of the enumeration's values",
        Some("expected one of: Daily, Weekly"),
    );
}

#[test]
fn a_rule_with_two_actions() {
    let d = single(salesforce(&[&with_rule("  - require: [StartOn]\n    forbid: [EndOn]\n")]));
    assert_eq!((d.loc.line, d.message.as_str()), (27, "a rule does one thing"));
    assert!(d.hint.as_deref().unwrap().starts_with("give exactly one of: require, forbid"));
}

#[test]
fn before_on_fields_that_cannot_be_ordered() {
    let d = single(salesforce(&[&with_rule("  - before: [StartOn, Note]\n")]));
    expect(
        &d,
        "salesforce/a.yaml:27:13",
        "rules[0].before",
        "`StartOn` and `Note` cannot be ordered",
        Some("`before` compares two dates, two date-times or two numbers"),
    );
}

#[test]
fn exclude_flags_naming_a_flag_the_bitmask_lacks() {
    let d = single(salesforce(&[&with_rule(
        "  - when: {Kind: Weekly}\n    exclude-flags: {field: Days, flags: [Sundy]}\n",
    )]));
    expect(
        &d,
        "salesforce/a.yaml:28:42",
        "rules[0].exclude-flags.flags[0]",
        "`Sundy` is not a flag of `Days`",
        Some("did you mean `Sunday`?"),
    );
}

#[test]
fn when_stored_goes_with_forbid_change_only() {
    let d = single(salesforce(&[&with_rule("  - when-stored: {IsRepeat: true}\n    forbid: [Note]\n")]));
    assert_eq!((d.loc.line, d.message.as_str()), (27, "`when-stored` goes with `forbid-change`, and only with it"));
}

#[test]
fn range_on_text_and_inverted_bounds() {
    let d = single(salesforce(&[&with_rule("  - range: {field: Note, min: 1}\n")]));
    assert_eq!(d.message, "`range` applies to numbers; `Note` is not one");
    let d = single(salesforce(&[&with_rule("  - range: {field: Days, min: 5, max: 2}\n")]));
    assert_eq!(d.message, "`range` applies to numbers; `Days` is not one", "a bitmask is not a plain number");
}

#[test]
fn a_well_formed_rule_set_resolves() {
    let m = loads(&[source(
        "salesforce",
        SALESFORCE_API,
        &[&with_rule(
            "  - when: {IsRepeat: true}\n    require: [StartOn, EndOn, Kind]\n  - before: [StartOn, EndOn]\n  - when-stored: {IsRepeat: true}\n    forbid-change: [Kind]\n",
        )],
    )]);
    let TypeKind::Struct(s) = &m.apis[0].types[0].kind else { panic!("not a field set") };
    assert_eq!(s.rules.len(), 3);
}

#[test]
fn a_value_modifier_other_than_server_set() {
    let obj = r#"
object: Job
label: Job
description: A job.
fields:
  Kind:
    type: picklist
    properties: [Create, Nillable]
    values:
      - value: Daily
        modifiers: [read-only]
"#;
    let d = single(salesforce(&[obj]));
    expect(
        &d,
        "salesforce/a.yaml:10:21",
        "fields.Kind.values[0].modifiers[0]",
        "unknown value modifier `read-only`",
        Some("a value takes `server-set` (clients may not set it)"),
    );
}

// ---------------------------------------------------------------- no rounds (issue 12)

/// A shape problem in one file (`modifiers` not a list) does not hide the problems that
/// resolution finds elsewhere: in the same file's other fields and in another API's files.
#[test]
fn a_shape_problem_hides_no_independent_problem_elsewhere() {
    let diags = errors(&[
        source(
            "salesforce",
            SALESFORCE_API,
            &[r#"
object: Account
fields:
  Name:
    type: string
    properties: [Create, Nilable, Update]
    length: 80
  Count:
    type: integer
    properties: [Create, Nillable, Update]
  Active:
    type: boolean
    properties: [Create, Defaulted on create, Update]
    default: maybe
"#],
        ),
        source(
            "stalwart",
            STALWART_API,
            &[r#"
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: read-only
  count:
    type: UnsingedInt
"#],
        ),
    ]);
    let found: Vec<String> = diags.iter().map(|d| format!("{} {}", d.loc.file, d.loc.path)).collect();
    assert_eq!(
        found,
        [
            "salesforce/a.yaml fields.Name.properties[1]",
            "salesforce/a.yaml fields.Count.type",
            "salesforce/a.yaml fields.Active.default",
            "stalwart/a.yaml fields.name.modifiers",
            "stalwart/a.yaml fields.count.type",
        ],
        "\n{}",
        Diagnostics(diags.clone())
    );
    assert!(diags[1].message.contains("unknown type `integer`"), "{}", diags[1]);
    assert!(diags[4].message.contains("unknown type `UnsingedInt`"), "{}", diags[4]);
}

/// An unknown key in one field does not hide the other fields' problems; the field with
/// the unknown key is not checked further (its author meant something else: no cascade).
#[test]
fn an_unknown_key_hides_no_problem_of_another_field() {
    let diags = salesforce(&[r#"
object: Account
fields:
  Name:
    type: string
    properties: [Create, Nillable, Update]
    lenght: 5
  Count:
    type: int
    properties: [Create, Nillable, Update]
    length: 10
  Active:
    type: boolean
    properties: [Create, Defaulted on create, Update]
    default: maybe
"#]);
    let found: Vec<&str> = diags.iter().map(|d| d.loc.path.as_str()).collect();
    assert_eq!(
        found,
        ["fields.Name.lenght", "fields.Count.length", "fields.Active.default"],
        "\n{}",
        Diagnostics(diags.clone())
    );
}

/// A folder of YAML without `api.yaml` is reported, and the other API folders are still
/// checked.
#[test]
fn a_folder_without_api_yaml_hides_no_other_api() {
    let tree = TempTree::new("no-api-yaml");
    std::fs::create_dir_all(tree.0.join("orphans")).unwrap();
    std::fs::write(tree.0.join("orphans/thing.yaml"), text(STALWART_OK)).unwrap();
    std::fs::create_dir_all(tree.0.join("stalwart")).unwrap();
    std::fs::write(tree.0.join("stalwart/api.yaml"), text(STALWART_API)).unwrap();
    std::fs::write(
        tree.0.join("stalwart/a.yaml"),
        "object: Thing\ndescription: A thing.\nfields:\n  count:\n    type: UnsingedInt\n",
    )
    .unwrap();
    let diags = codegen::internal::schema::load_dir(&tree.0).expect_err("two problems").0;
    assert_eq!(diags.len(), 2, "{}", Diagnostics(diags.clone()));
    assert!(diags.iter().any(|d| d.message.contains("no `api.yaml`")), "{}", Diagnostics(diags.clone()));
    assert!(diags.iter().any(|d| d.message.contains("unknown type `UnsingedInt`")), "{}", Diagnostics(diags.clone()));
}

/// Salesforce object files have no `types:` (the walker refuses it), so the hint for an
/// unknown type does not suggest defining one there.
#[test]
fn an_unknown_salesforce_type_is_not_told_to_define_types() {
    let d = single(salesforce(&[r#"
object: Account
fields:
  Count:
    type: integer
    properties: [Create, Nillable, Update]
"#]));
    assert_eq!(d.message, "unknown type `integer`", "{d}");
    let hint = d.hint.clone().unwrap_or_default();
    assert!(!hint.contains("types:") && hint.starts_with("use one of: "), "{d}");
    // Stalwart files do define types: there the hint says so.
    let d = single(stalwart(&["object: Thing\ndescription: A thing.\nfields:\n  n:\n    type: Zzzqqq\n"]));
    assert!(d.hint.unwrap_or_default().starts_with("define it under `types:`"), "{}", d.message);
}

/// fuzz schema_emitter, crash-28af33c6: an object whose name is refused (`hTing`) and
/// that declares no other type left its module without an object, and the checker went
/// on to give that module's object an `id` member: an index out of bounds, not the
/// problem. Fed exactly as found (selector `0`: the repository's Stalwart api.yaml).
#[test]
fn an_object_whose_name_is_refused_is_a_problem_not_a_panic() {
    let input = "object: hTing\ndescription: A thing.\nfields:\n  createdAt:\n    type: UTCDateTime\n    modifiers: [server-set, required]\n";
    let source = as_fuzzed("stalwart", input);
    let diags = load(&[source]).expect_err("`hTing` cannot name a type");
    assert!(diags.0.iter().any(|d| d.message.contains("`hTing` cannot name a type")), "{}", diags.render(false));
}

/// fuzz schema_loader, crash-16cc9131 (round 4): a Salesforce object file that is one
/// no-break space. The caret under a token of only whitespace spanned one byte of that
/// two-byte character, and annotate-snippets panicked rendering it. Fed exactly as found.
#[test]
fn a_caret_under_a_wide_whitespace_character_renders() {
    let source = as_fuzzed("salesforce", "\u{a0}");
    let diags = load(&[source]).expect_err("no object in the file");
    assert!(!diags.render(false).is_empty());
}

/// fuzz schema_emitter, crash-c8af29de (round 4): a relationship name that begins with a
/// digit (`1obj`) was accepted, and the emitter panicked naming its external-id lookup
/// member. Now the checker refuses it at its place. Fed exactly as found (selector `1`:
/// the repository's Salesforce api.yaml).
#[test]
fn a_relationship_name_that_gives_no_rust_name_is_a_problem_not_a_panic() {
    let input = r#"object: Call
label: Call
description: A phone call.
fields:
  Id:
    type: id
    properties: [Defaulted on create, Filter, Group, Sort]
  Subject:
    type: string
    properties: [Create, Filter, Nillable, Sort, Update]
    length: 80
  Outcome:
    type: picklist
    properties: [Create, Filter, Nillable, Restricted picklist, Update]
    values:
      - value: Reached
        label: Reached them
      - value: NoAnswer
        label: No answer
  Mood:
    type: picklist
    properties: [Create, Defaulted on create, Update]
    values: [Happy, Sad]
    default: Happy
  WhoId:
    type: reference
    properties: [Create, Nillable, Update]
    refers-to: [Contact, Lead]
    relationship-name: 1obj"#;
    let source = as_fuzzed("salesforce", input);
    let diags = load(&[source]).expect_err("`1obj` names no Rust member");
    let shown = diags.render(false);
    assert!(shown.contains("relationship name `1obj` gives no Rust member name"), "{shown}");
}
