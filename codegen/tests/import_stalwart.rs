//! `import::stalwart` on the real registry (shared/reference/stalwart/schema.json.gz).

use std::io::Read;
use std::path::PathBuf;

use codegen::internal::import::{self, ImportedFile};
use codegen::internal::model::{Api, Field, ReadRule, Ty, TypeKind};

fn registry() -> Option<serde_json::Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/stalwart/schema.json.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    };
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).expect("the registry unpacks");
    Some(serde_json::from_str(&text).expect("the registry is JSON"))
}

fn import_all(reg: &serde_json::Value) -> (Vec<ImportedFile>, Vec<String>) {
    import::stalwart::import(reg, &[]).unwrap_or_else(|e| panic!("{e}"))
}

fn file<'a>(files: &'a [ImportedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

fn object<'a>(api: &'a Api, name: &str) -> &'a codegen::internal::model::TypeDef {
    api.modules.iter().map(|m| api.ty(m.object)).find(|t| t.name == name).unwrap_or_else(|| panic!("no object {name}"))
}

fn named<'a>(api: &'a Api, name: &str) -> &'a codegen::internal::model::TypeDef {
    api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}"))
}

fn field<'a>(api: &'a Api, ty: &str, name: &str) -> &'a Field {
    match &named(api, ty).kind {
        TypeKind::Struct(s) => {
            s.fields.iter().find(|f| f.wire_name == name).unwrap_or_else(|| panic!("no field {ty}.{name}"))
        }
        _ => panic!("{ty} has no fields"),
    }
}

#[test]
fn the_whole_registry_imports_loads_and_generates() {
    let Some(reg) = registry() else { return };
    let (files, notes) = import_all(&reg);
    // api.yaml plus one file per registry object.
    assert_eq!(files.len(), 1 + 150, "{:?}", files.iter().map(|f| &f.path).collect::<Vec<_>>());
    let model = import::load(&files).unwrap_or_else(|d| panic!("the imported schema has problems:\n{d}"));
    let api = &model.apis[0];
    assert_eq!(api.modules.len(), 150);
    let outputs = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
    assert!(outputs.iter().any(|o| o.path == "src/stalwart/task.rs"));
    // Every map field is skipped, with a comment in its file and a note.
    let skipped = notes.iter().filter(|n| n.contains("map types are not in the schema language")).count();
    assert_eq!(skipped, 21, "{notes:#?}");
    let comments: usize =
        files.iter().map(|f| f.contents.matches("map types are not in the schema language yet").count()).sum();
    assert!(comments >= 21);
}

#[test]
fn importing_twice_gives_the_same_bytes() {
    let Some(reg) = registry() else { return };
    let a = import_all(&reg);
    let b = import_all(&reg);
    assert_eq!(a, b);
}

#[test]
fn task_and_its_types_map_as_the_registry_says() {
    let Some(reg) = registry() else { return };
    let (files, _) = import_all(&reg);
    let model = import::load(&files).unwrap_or_else(|d| panic!("{d}"));
    let api = &model.apis[0];
    let TypeKind::Union(task) = &object(api, "Task").kind else { panic!("Task has variants") };
    assert_eq!(task.variants.len(), 18);
    // Two variants share one field set.
    let index = task.variants.iter().find(|v| v.tag == "IndexDocument").unwrap();
    let unindex = task.variants.iter().find(|v| v.tag == "UnindexDocument").unwrap();
    assert_eq!(index.fields, unindex.fields);
    assert_eq!(api.ty(index.fields).name, "TaskIndexDocument");

    // serverSet, nullable.
    let due = field(api, "TaskIndexDocument", "due");
    assert_eq!(due.modifiers, ["server-set"]);
    assert!(due.nullable);
    assert_eq!(due.schema_type, "UTCDateTime?");
    // mutable, neither nullable nor defaulted: required.
    let status = field(api, "TaskIndexDocument", "status");
    assert_eq!(status.modifiers, ["required"]);
    assert_eq!(status.read, ReadRule::Required);
    // immutable: read-only; an enum.
    let doc_type = field(api, "TaskIndexDocument", "documentType");
    assert_eq!(doc_type.modifiers, ["read-only"]);
    assert!(matches!(named(api, "IndexDocumentType").kind, TypeKind::Enum(_)));
    // objectId.
    assert_eq!(field(api, "TaskIndexDocument", "accountId").ty, Ty::Id(Some("Account".into())));
    // A default, with the form's order and label.
    let attempt = field(api, "TaskStatusRetry", "attemptNumber");
    assert_eq!(attempt.default, Some(codegen::internal::model::Literal::UInt(1)));
    assert_eq!(attempt.read, ReadRule::Defaulted);
    assert_eq!(attempt.doc.label.as_deref(), Some("Attempt Number"));
    let TypeKind::Struct(pending) = &named(api, "TaskStatusPending").kind else { panic!() };
    let order: Vec<&str> = pending.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(order, ["createdAt", "due"]);
    // A set and an objectList.
    assert_eq!(field(api, "TaskMergeThreads", "messageIds").schema_type, "Set<String>");
    assert_eq!(field(api, "TaskCalendarItipMessage", "messages").schema_type, "List<TaskCalendarItipContents>");
    // A nested variant object.
    assert!(matches!(named(api, "TaskStatus").kind, TypeKind::Union(_)));
    // Types live in the file of the first object (in file order) that uses them.
    let task_yaml = file(&files, "stalwart/task.yaml");
    assert!(task_yaml.contains("\n  TaskIndexDocument:\n"), "{task_yaml}");
    assert!(task_yaml.contains("\n  TaskStatus:\n"));
}

#[test]
fn keywords_collisions_and_formats_are_handled() {
    let Some(reg) = registry() else { return };
    let (files, notes) = import_all(&reg);
    let model = import::load(&files).unwrap_or_else(|d| panic!("{d}"));
    let api = &model.apis[0];
    // `type` is a Rust keyword.
    let principal = object(api, "Principal");
    let TypeKind::Struct(s) = &principal.kind else { panic!() };
    let ty = s.fields.iter().find(|f| f.wire_name == "type").expect("Principal.type");
    assert_eq!(ty.rust_name, "type_");
    // JMAP AddressBook and management x:AddressBook both exist.
    object(api, "AddressBook");
    object(api, "JmapAddressBook");
    // Views are objects of their own.
    let TypeKind::Union(user) = &object(api, "AccountUser").kind else { panic!("AccountUser has variants") };
    assert_eq!(user.variants.iter().map(|v| v.tag.as_str()).collect::<Vec<_>>(), ["User"]);
    object(api, "TaskFailed");
    // Durations are milliseconds, sizes bytes.
    assert!(notes.iter().any(|n| n.starts_with("format `duration`: ")), "{notes:#?}");
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    assert!(all.contains("type: UnsignedInt  # duration in milliseconds"));
    // Enumeration values that collide after case conversion get a rust-name.
    assert!(all.contains("      - value: Etc/GMT-1\n        rust-name: EtcGmtMinus1\n"), "Etc/GMT+1 and Etc/GMT-1");
}

#[test]
fn only_imports_the_named_objects_and_what_they_nest() {
    let Some(reg) = registry() else { return };
    let (files, _) = import::stalwart::import(&reg, &["Task".into()]).unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["stalwart/api.yaml", "stalwart/task.yaml"]);
    import::load(&files).unwrap_or_else(|d| panic!("{d}"));
    let (files, notes) = import::stalwart::import(&reg, &["x:Bootstrap".into()]).unwrap_or_else(|e| panic!("{e}"));
    assert!(files.len() > 2, "Bootstrap nests other objects");
    assert!(notes.iter().any(|n| n.contains("nests the object")));
    import::load(&files).unwrap_or_else(|d| panic!("{d}"));
    let err = import::stalwart::import(&reg, &["NoSuchObject".into()]).unwrap_err();
    assert!(err.contains("NoSuchObject"), "{err}");
}

#[test]
fn bad_input_is_an_error_naming_the_place() {
    let e = import::stalwart::import(&serde_json::json!([]), &[]).unwrap_err();
    assert!(e.contains("expected a JSON object"), "{e}");
    let e = import::stalwart::import(&serde_json::json!({"objects": {}}), &[]).unwrap_err();
    assert!(e.contains("schemas"), "{e}");
    let reg = serde_json::json!({
        "objects": {"x:Thing": {"type": "object", "description": "A thing."}},
        "schemas": {"x:Thing": {"type": "single", "schemaName": "x:Thing"}},
        "fields": {"x:Thing": {"properties": {"size": {"type": {"type": "weird"}, "update": "mutable"}}}},
        "enums": {}
    });
    let e = import::stalwart::import(&reg, &[]).unwrap_err();
    assert!(e.contains("Thing.size") && e.contains("weird"), "{e}");
    let reg = serde_json::json!({
        "objects": {"x:Thing": {"type": "object"}},
        "schemas": {"x:Thing": {"type": "single", "schemaName": "x:Thing"}},
        "fields": {"x:Thing": {"properties": {"size": {"type": {"type": "boolean"}, "update": "sometimes"}}}},
        "enums": {}
    });
    let e = import::stalwart::import(&reg, &[]).unwrap_err();
    assert!(e.contains("size") && e.contains("sometimes"), "{e}");
}

#[test]
fn a_small_registry_imports_exactly() {
    let reg = serde_json::json!({
        "objects": {"x:Thing": {"type": "object", "description": "A thing."}},
        "schemas": {"x:Thing": {"type": "single", "schemaName": "x:Thing"}},
        "fields": {"x:Thing": {
            "properties": {
                "name": {"description": "Name: the key", "type": {"type": "string", "format": "string"}, "update": "mutable"},
                "match": {"description": "Match", "type": {"type": "enum", "enumName": "Kind"}, "update": "mutable"},
                "ttl": {"description": "TTL", "type": {"type": "number", "format": "duration", "min": 1000}, "update": "mutable"},
                "tags": {"description": "Tags", "type": {"type": "map", "keyClass": {"type": "string", "format": "string"}, "valueClass": {"type": "string", "format": "string"}}, "update": "mutable"}
            },
            "defaults": {"match": "unknown", "ttl": 60000}
        }},
        "forms": {"x:Thing": {"sections": [{"fields": [{"name": "name", "label": "Name"}]}]}},
        "enums": {"Kind": [{"name": "unknown", "label": "Unknown"}, {"name": "a-b", "label": "A b"}, {"name": "a.b", "label": "A.b"}]}
    });
    let (files, notes) = import::stalwart::import(&reg, &[]).unwrap_or_else(|e| panic!("{e}"));
    let thing = file(&files, "stalwart/thing.yaml");
    let expected = r#"# Imported from Stalwart's registry schema by `cargo xtask import stalwart`.
# Registry object `x:Thing` (object).
object: Thing
description: A thing.
fields:
  name:
    type: String
    modifiers: [required]
    label: Name
    description: "Name: the key"
  match:
    type: Kind
    rust-name: match_  # the derived name is a Rust keyword or taken
    default: unknown
    description: Match
  # skipped: tags: map types are not in the schema language yet (Map<string, string>)
  ttl:
    type: UnsignedInt  # duration in milliseconds
    default: 60000
    description: TTL
rules:
  - range: {field: ttl, min: 1000}

types:
  # Registry enum `Kind`.
  Kind:
    description: Match
    enum:
      - value: unknown
        rust-name: UnknownValue
        label: Unknown
      - value: a-b
        label: A b
      - value: a.b
        rust-name: ADotB
        label: A.b
"#;
    assert_eq!(thing, expected);
    assert!(notes.iter().any(|n| n.contains("Thing.tags")), "{notes:#?}");
    import::load(&files).unwrap_or_else(|d| panic!("{d}"));
}

/// Every description and label reads back exactly as the registry wrote it (quoting,
/// folding and line breaks included).
#[test]
fn texts_read_back_as_the_registry_wrote_them() {
    let Some(reg) = registry() else { return };
    let (files, _) = import_all(&reg);
    let model = import::load(&files).unwrap_or_else(|d| panic!("{d}"));
    let mut texts = std::collections::HashSet::new();
    for fs in reg["fields"].as_object().unwrap().values() {
        for p in fs["properties"].as_object().unwrap().values() {
            texts.insert(p["description"].as_str().unwrap_or_default().to_owned());
        }
    }
    for values in reg["enums"].as_object().unwrap().values() {
        for v in values.as_array().unwrap() {
            texts.insert(v["label"].as_str().unwrap_or_default().to_owned());
        }
    }
    let (mut fields, mut values) = (0, 0);
    for t in &model.apis[0].types {
        match &t.kind {
            TypeKind::Struct(s) => {
                // The id every object carries comes from the wire profile, not the registry.
                let implied_id =
                    |f: &&codegen::internal::model::Field| Some(&f.wire_name) == model.apis[0].wire.object_id.as_ref();
                for f in s.fields.iter().filter(|f| !implied_id(f)) {
                    if let Some(d) = &f.doc.description {
                        assert!(texts.contains(d), "{}.{}: {d:?} is not the registry's text", t.name, f.wire_name);
                        fields += 1;
                    }
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.values {
                    let l = v.doc.label.as_deref().unwrap_or_default();
                    assert!(texts.contains(l), "{}.{}: {l:?} is not the registry's label", t.name, v.wire);
                    values += 1;
                }
            }
            _ => {}
        }
    }
    assert!(fields > 1900 && values > 1000, "{fields} descriptions, {values} labels");
}
