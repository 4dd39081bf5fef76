//! `import::salesforce` on the real describe responses (shared/reference/salesforce/describe).

use std::path::PathBuf;

use codegen::internal::import::{self, ImportedFile};
use codegen::internal::model::{Api, Field, Model, Ty, TypeKind};

const OBJECTS: [&str; 4] = ["Event", "Contact", "Lead", "Account"];

fn describe_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/salesforce/describe")
}

fn describes() -> Option<Vec<serde_json::Value>> {
    let dir = describe_dir();
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    }
    Some(
        OBJECTS
            .iter()
            .map(|o| {
                let text = std::fs::read_to_string(dir.join(format!("{o}.json"))).expect("the describe reads");
                serde_json::from_str(&text).expect("the describe is JSON")
            })
            .collect(),
    )
}

fn import_all(d: &[serde_json::Value]) -> (Vec<ImportedFile>, Vec<String>) {
    import::salesforce::import(d).unwrap_or_else(|e| panic!("{e}"))
}

fn load(files: &[ImportedFile]) -> Model {
    import::load(files).unwrap_or_else(|d| panic!("the imported schema has problems:\n{d}"))
}

fn fields<'a>(api: &'a Api, object: &str) -> &'a [Field] {
    let t = api.modules.iter().map(|m| api.ty(m.object)).find(|t| t.name == object).expect("object");
    match &t.kind {
        TypeKind::Struct(s) => &s.fields,
        _ => panic!("{object} is a plain object"),
    }
}

fn field<'a>(api: &'a Api, object: &str, name: &str) -> &'a Field {
    fields(api, object).iter().find(|f| f.wire_name == name).unwrap_or_else(|| panic!("no {object}.{name}"))
}

fn values(api: &Api, f: &Field) -> Vec<String> {
    match &f.ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(e) => e.values.iter().map(|v| v.wire.clone()).collect(),
            _ => panic!("{} is not a picklist", f.wire_name),
        },
        _ => panic!("{} is not a picklist", f.wire_name),
    }
}

#[test]
fn the_four_describes_import_and_load() {
    let Some(d) = describes() else { return };
    let (files, notes) = import_all(&d);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "salesforce/account.yaml",
            "salesforce/api.yaml",
            "salesforce/contact.yaml",
            "salesforce/event.yaml",
            "salesforce/lead.yaml"
        ]
    );
    let model = load(&files);
    let api = &model.apis[0];
    assert_eq!(api.modules.len(), 4);
    codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
    // Compound address fields are skipped with a comment and a note; custom fields travel untouched.
    assert!(notes.iter().any(|n| n.starts_with("Contact.MailingAddress: skipped: type `address`")), "{notes:#?}");
    assert!(file(&files, "salesforce/contact.yaml").contains("# skipped: MailingAddress: type `address`"));
    assert!(notes.iter().any(|n| n.contains("__c: skipped: a custom field")), "{notes:#?}");
    // Currency becomes double.
    assert_eq!(field(api, "Lead", "AnnualRevenue").schema_type, "double");
    assert!(notes.iter().any(|n| n.starts_with("type `currency` imported as `double`")), "{notes:#?}");
}

fn file<'a>(files: &'a [ImportedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

#[test]
fn importing_twice_gives_the_same_bytes() {
    let Some(d) = describes() else { return };
    assert_eq!(import_all(&d), import_all(&d));
}

#[test]
fn event_keeps_every_active_recurrence_time_zone() {
    let Some(d) = describes() else { return };
    let (files, _) = import_all(&d);
    let model = load(&files);
    let api = &model.apis[0];
    let tz = field(api, "Event", "RecurrenceTimeZoneSidKey");
    let want: Vec<String> =
        d[0]["fields"].as_array().unwrap().iter().find(|f| f["name"] == "RecurrenceTimeZoneSidKey").unwrap()
            ["picklistValues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["active"] == true)
            .map(|v| v["value"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(want.len(), 423);
    assert_eq!(values(api, tz), want);
    assert!(tz.restricted);
    assert_eq!(tz.modifiers, ["Create", "Filter", "Group", "Nillable", "Restricted picklist", "Sort", "Update"]);
    assert_eq!(tz.max_len, Some(40));
    assert!(file(&files, "salesforce/event.yaml")
        .contains("      - {value: Pacific/Kiritimati, label: (GMT+14:00) Line Islands Time (Pacific/Kiritimati)}\n"));
    // A picklist default, and labels that differ from values.
    let show = field(api, "Event", "ShowAs");
    assert_eq!(show.default, Some(codegen::internal::model::Literal::Str("Busy".into())));
    let instance = field(api, "Event", "RecurrenceInstance");
    let TypeKind::Enum(e) = &api
        .ty(match instance.ty {
            Ty::Named(id) => id,
            _ => panic!(),
        })
        .kind
    else {
        panic!()
    };
    assert_eq!(e.values[0].doc.label.as_deref(), Some("1st"));
    // References: targets, relationship name, polymorphic.
    let who = field(api, "Event", "WhoId");
    let r = who.reference.as_ref().unwrap();
    assert_eq!(r.targets, ["Contact", "Lead"]);
    assert_eq!(r.relationship_name.as_deref(), Some("Who"));
    assert!(r.polymorphic);
    // The key prefix reaches api.yaml.
    assert!(file(&files, "salesforce/api.yaml").contains("  Event: \"00U\"\n"));
}

#[test]
fn keyword_fields_get_a_rust_name() {
    let Some(d) = describes() else { return };
    let (files, _) = import_all(&d);
    let model = load(&files);
    let api = &model.apis[0];
    assert_eq!(field(api, "Account", "Type").rust_name, "account_type");
    // A picklist value `Unknown` cannot become the reserved variant `Unknown`.
    assert!(file(&files, "salesforce/account.yaml").contains("{value: Unknown, rust-name: UnknownValue}"));
}

/// The imported Event checks the fields it shares with the hand-written Task (its
/// recurrence fields above all) as Task does: same operations, nullability, restrictions,
/// lengths and values. What differs is listed, with the reason.
#[test]
fn event_validates_like_the_hand_written_task_where_they_share_fields() {
    let Some(d) = describes() else { return };
    let (files, _) = import_all(&d[..1]);
    let imported = load(&files);
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let hand = codegen::internal::schema::load_dir(&schema).unwrap_or_else(|d| panic!("{d}"));
    let (ev, task) = (&imported.apis[0], hand.apis.iter().find(|a| a.name == "salesforce").unwrap());
    let mut shared = Vec::new();
    for f in fields(ev, "Event") {
        let Some(t) = fields(task, "Task").iter().find(|t| t.wire_name == f.wire_name) else { continue };
        let name = f.wire_name.as_str();
        shared.push(name);
        assert_eq!(f.create, t.create, "{name}: create");
        assert_eq!(f.update, t.update, "{name}: update");
        assert_eq!(f.nullable, t.nullable, "{name}: nullable");
        assert_eq!(f.restricted, t.restricted, "{name}: restricted");
        assert_eq!(f.max_len, t.max_len, "{name}: length");
        match (&f.ty, &t.ty) {
            (Ty::Named(_), Ty::Named(_)) => assert_eq!(values(ev, f), values(task, t), "{name}: values"),
            // The page's bitmask is prose the describe does not have.
            (Ty::Int32, Ty::Named(_)) => assert_eq!(name, "RecurrenceDayOfWeekMask"),
            // References: each activity points at its own kinds of record.
            (Ty::Id(Some(_)), Ty::Id(Some(_))) => {}
            (a, b) => assert_eq!(a, b, "{name}: type"),
        }
        let targets = |f: &Field| f.reference.as_ref().map(|r| r.targets.clone());
        if targets(f) != targets(t) {
            assert!(
                ["WhatId", "OwnerId", "RecurrenceActivityId"].contains(&name),
                "{name}: targets {:?} vs {:?}",
                targets(f),
                targets(t)
            );
        }
    }
    let recurrence = shared.iter().filter(|n| n.starts_with("Recurrence")).count();
    assert_eq!(recurrence, 9, "{shared:?}");
    assert_eq!(shared.len(), 27, "{shared:?}");
}

#[test]
fn compare_reports_what_the_describe_says_beyond_a_hand_written_object() {
    let Some(d) = describes() else { return };
    let (files, _) = import_all(&d);
    let imported = load(&files);
    // The real schema holds these four as imported: each compares with itself, no difference.
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let real = codegen::internal::schema::load_dir(&schema).unwrap_or_else(|d| panic!("{d}"));
    let notes = import::salesforce::compare(&imported, &real);
    for object in ["Account", "Contact", "Event", "Lead"] {
        let head =
            format!("{object} compared with hand-written {object} (salesforce/{}.yaml): ", object.to_lowercase());
        let note = notes.iter().find(|n| n.starts_with(&head)).unwrap_or_else(|| panic!("{notes:#?}"));
        assert!(note.ends_with(" 0 difference(s) below"), "the committed import is stale: {note}");
    }
    // The hand-written Task alone: Event is compared with Task; Account, Contact and Lead
    // with nothing.
    let task_only = |task: String| {
        let api = std::fs::read_to_string(schema.join("salesforce/api.yaml")).unwrap();
        import::load(&[
            ImportedFile { path: "salesforce/api.yaml".into(), contents: api },
            ImportedFile { path: "salesforce/task.yaml".into(), contents: task },
        ])
        .unwrap_or_else(|d| panic!("{d}"))
    };
    let hand = task_only(std::fs::read_to_string(schema.join("salesforce/task.yaml")).unwrap());
    let notes = import::salesforce::compare(&imported, &hand);
    assert!(
        notes.iter().any(|n| n.starts_with("Event compared with hand-written Task (salesforce/task.yaml): 27")),
        "{notes:#?}"
    );
    assert!(notes.iter().any(|n| n.starts_with("Account: no hand-written object")), "{notes:#?}");
    assert!(notes
        .iter()
        .any(|n| n.starts_with("Event.RecurrenceType vs hand-written Task.RecurrenceType: 7 label(s) differ")));
    assert!(
        !notes.iter().any(|n| n.starts_with("Event.RecurrenceTimeZoneSidKey")),
        "the hand-written Task lists all 423"
    );

    // A hand-written Task that lists two time zones: the other 421 are reported, by value.
    let task = std::fs::read_to_string(schema.join("salesforce/task.yaml")).unwrap();
    let start = task.find("    # values: every active RecurrenceTimeZoneSidKey").unwrap();
    let end = task.find("  RecurrenceType:").unwrap();
    let short = format!("{}    values: [Pacific/Kiritimati, Europe/Paris]\n{}", &task[..start], &task[end..]);
    let hand = task_only(short);
    let notes = import::salesforce::compare(&imported, &hand);
    let tz = notes
        .iter()
        .find(|n| n.starts_with("Event.RecurrenceTimeZoneSidKey vs hand-written Task.RecurrenceTimeZoneSidKey: "))
        .unwrap_or_else(|| panic!("{notes:#?}"));
    assert!(tz.contains("421 picklist value(s) the hand-written field lacks: Pacific/Chatham, "), "{tz}");
    assert!(tz.contains("America/Los_Angeles"), "{tz}");
}

#[test]
fn flags_map_to_properties_and_conflicts_are_noted() {
    let d = serde_json::json!({
        "name": "Widget", "label": "Widget", "labelPlural": "Widgets", "keyPrefix": "a0W",
        "fields": [
            {"name": "IsOn", "type": "boolean", "label": "On", "nillable": true, "createable": true,
             "updateable": true, "defaultedOnCreate": true, "filterable": true, "groupable": true,
             "sortable": true, "defaultValue": true, "picklistValues": [], "referenceTo": []},
            {"name": "Kind", "type": "picklist", "label": "Kind", "nillable": true, "createable": true,
             "restrictedPicklist": true, "length": 40, "inlineHelpText": "What it is: a kind.",
             "picklistValues": [
                {"value": "A", "label": "A", "active": true, "defaultValue": false},
                {"value": "B", "label": "Bee", "active": true, "defaultValue": true},
                {"value": "Old", "label": "Old", "active": false, "defaultValue": false}]},
            {"name": "Where", "type": "location", "label": "Where"},
            {"name": "Tags", "type": "multipicklist", "label": "Tags", "length": 4099, "createable": true,
             "nillable": true, "picklistValues": [{"value": "x", "label": "x", "active": true}]}
        ]
    });
    let (files, notes) = import::salesforce::import(&[d]).unwrap_or_else(|e| panic!("{e}"));
    let widget = file(&files, "salesforce/widget.yaml");
    let expected = "\
# Imported from the sObject's describe response by `cargo xtask import salesforce`.
# Fields in describe order; properties from its flags; picklists list their active values.
object: Widget
label: Widget
key-prefix: a0W
description: The Widget sObject (Widgets), as its describe response lists it.
fields:
  IsOn:
    type: boolean
    properties: [Create, Defaulted on create, Filter, Group, Sort, Update]
    label: \"On\"
    default: true
  Kind:
    type: picklist
    enum-name: WidgetKind
    properties: [Create, Nillable, Restricted picklist]
    label: Kind
    length: 40
    values:
      - A
      - {value: B, label: Bee}
    default: B
    description: \"What it is: a kind.\"
  # skipped: Where: type `location`: compound location field (its parts are fields of their own)
  Tags:
    type: string  # describe type `multipicklist`: multipicklist: values joined with `;`; the schema language has no multi-select picklist
    properties: [Create, Nillable]
    label: Tags
    length: 4099
";
    assert_eq!(widget, expected);
    assert!(notes.iter().any(|n| n.starts_with("Widget.IsOn: the describe says nillable")), "{notes:#?}");
    assert!(notes.iter().any(|n| n == "Widget.Kind: inactive picklist values left out: Old"), "{notes:#?}");
    assert!(notes.iter().any(|n| n.starts_with("Widget.Tags: the describe lists values for a `string`: x")));
    let model = load(&files);
    assert!(field(&model.apis[0], "Widget", "Kind").restricted);
    assert!(file(&files, "salesforce/api.yaml").contains("  Widget: \"a0W\"\n"));
}

#[test]
fn bad_input_is_an_error_naming_the_place() {
    let e = import::salesforce::import(&[serde_json::json!([1])]).unwrap_err();
    assert!(e.contains("describe") && e.contains("name"), "{e}");
    let e = import::salesforce::import(&[serde_json::json!({"name": "Thing", "fields": []})]).unwrap_err();
    assert!(e.contains("Thing") && e.contains("keyPrefix"), "{e}");
    let e = import::salesforce::import(&[
        serde_json::json!({"name": "Thing", "keyPrefix": "a00", "fields": [{"name": "X"}]}),
    ])
    .unwrap_err();
    assert!(e.contains("Thing") && e.contains("`X`") && e.contains("type"), "{e}");
    let e = import::salesforce::import(&[serde_json::json!({"name": "Thing__c", "keyPrefix": "a00", "fields": []})])
        .unwrap_err();
    assert!(e.contains("Thing__c"), "{e}");
}
