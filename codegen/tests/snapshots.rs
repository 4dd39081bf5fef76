//! Snapshots of the generated code, one small schema per language feature.
//!
//! Review a change with `cargo insta review` (or rerun with `INSTA_UPDATE=always`).

use codegen::internal::schema::{SourceApi, SourceFile};

const STALWART_API: &str = r#"
api: demo
title: Demo API
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
"#;

const SALESFORCE_API: &str = r#"
api: crm
title: CRM API
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
  Contact: "003"
  Lead: "00Q"
"#;

/// The module generated for `object` (one file), under the API `api_yaml`.
fn module(api_yaml: &str, object: &str) -> String {
    let api_name = api_yaml.lines().find_map(|l| l.strip_prefix("api: ")).unwrap().trim().to_owned();
    let src = SourceApi {
        dir: api_name.clone(),
        api: SourceFile { name: format!("{api_name}/api.yaml"), text: api_yaml.to_owned() },
        objects: vec![(
            "thing.yaml".to_owned(),
            SourceFile { name: format!("{api_name}/thing.yaml"), text: object.to_owned() },
        )],
    };
    let model = codegen::internal::schema::load(&[src]).unwrap_or_else(|d| panic!("{d}"));
    let files = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
    let path = format!("src/{api_name}/thing.rs");
    files.into_iter().find(|f| f.path == path).unwrap().contents
}

#[test]
fn stalwart_modifiers() {
    insta::assert_snapshot!(module(
        STALWART_API,
        r#"
object: Job
description: A job.
fields:
  ownerId:
    type: Id<Account>
    modifiers: [read-only]
    description: Who owns it.
  startedAt:
    type: UTCDateTime
    modifiers: [server-set]
  attempts:
    type: UnsignedInt
    modifiers: [server-set]
    default: 0
  name:
    type: String
    modifiers: [required]
  note:
    type: Text?
"#
    ));
}

#[test]
fn variants_with_a_shared_field_set_and_a_server_only_variant() {
    insta::assert_snapshot!(module(
        STALWART_API,
        r#"
object: Job
description: A job of one of several kinds.
variants:
  - type: Index
    label: Index a document
    fields: JobDoc
  - type: Unindex
    label: Unindex a document
    fields: JobDoc
  - type: Purge
    label: Purge everything
    modifiers: [server-set]
    fields:
      blobId:
        type: BlobId
        modifiers: [server-set]
types:
  JobDoc:
    description: A document's fields.
    fields:
      documentId:
        type: Id
        modifiers: [read-only]
"#
    ));
}

#[test]
fn enumerations() {
    insta::assert_snapshot!(module(
        STALWART_API,
        r#"
object: Job
description: A job.
fields:
  kind:
    type: JobKind
    modifiers: [read-only]
    default: quick
types:
  JobKind:
    description: How thorough a job is.
    enum:
      - value: quick
        label: Quick pass
      - value: deep
        label: Deep pass
"#
    ));
}

#[test]
fn lists_and_sets() {
    insta::assert_snapshot!(module(
        STALWART_API,
        r#"
object: Mail
description: A message.
fields:
  to:
    type: Set<EmailAddress>
    modifiers: [required]
  parts:
    type: MailPart[]
    modifiers: [required]
  sizes:
    type: List<UnsignedInt>?
types:
  MailPart:
    description: One part.
    fields:
      body:
        type: Text
        modifiers: [required]
"#
    ));
}

#[test]
fn salesforce_fields() {
    insta::assert_snapshot!(module(
        SALESFORCE_API,
        r#"
object: Call
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
    relationship-name: Who
  WhoIds:
    type: JunctionIdList
    properties: [Create, Update]
    refers-to: [Contact, Lead]
  Days:
    type: int
    properties: [Create, Nillable, Update]
    bitmask: {Monday: 1, Tuesday: 2}
  CalledAt:
    type: dateTime
    properties: [Create, Nillable, Update]
  IsDone:
    type: boolean
    properties: [Defaulted on create, Filter]
"#
    ));
}

#[test]
fn rules() {
    insta::assert_snapshot!(module(
        SALESFORCE_API,
        r#"
object: Job
label: Job
description: A repeating job.
fields:
  IsRepeat:
    type: boolean
    properties: [Create, Defaulted on create]
  StartOn:
    type: date
    properties: [Create, Nillable, Update]
  EndOn:
    type: date
    properties: [Create, Nillable, Update]
  State:
    type: picklist
    properties: [Create, Defaulted on create, Update]
    values:
      - Open
      - value: Locked
        modifiers: [server-set]
rules:
  - when: {IsRepeat: true}
    require: [StartOn, EndOn]
    because: a repeating job needs its start and end
  - before: [StartOn, EndOn]
  - when-stored: {IsRepeat: true}
    forbid-change: [State]
"#
    ));
}
