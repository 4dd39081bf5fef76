//! The checked-in schema tree loads, and says what the seed pages say.

use codegen::internal::model::{CreateRule, TypeKind, UpdateRule};

fn model() -> codegen::internal::model::Model {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    codegen::internal::schema::load_dir(&root).unwrap_or_else(|d| panic!("schema does not load:\n{d}"))
}

#[test]
fn stalwart_task_has_the_seed_variants() {
    let m = model();
    let api = m.apis.iter().find(|a| a.name == "stalwart").unwrap();
    let task = api.types.iter().find(|t| t.name == "Task").unwrap();
    let TypeKind::Union(u) = &task.kind else { panic!("Task is not multi-variant") };
    // The seed page's 13, then the five the registry (0.16.19) added, all creatable.
    assert_eq!(u.variants.len(), 18);
    let newer: Vec<_> = u.variants[13..].iter().map(|v| v.tag.as_str()).collect();
    assert_eq!(newer, ["StoreMaintenance", "SpamFilterMaintenance", "AcmeRenewal", "DkimManagement", "DnsManagement"]);
    assert!(u.variants[13..].iter().all(|v| v.client_creatable));
    // Every variant's field set carries the server-set `id` (the wire profile's `object-id`).
    for v in &u.variants {
        let TypeKind::Struct(s) = &api.ty(v.fields).kind else { panic!("{} has no field set", v.tag) };
        let id = s.fields.iter().find(|f| f.wire_name == "id").unwrap();
        assert_eq!((id.create, id.update), (CreateRule::Forbidden, UpdateRule::Forbidden), "{}", v.tag);
    }
    assert_eq!(u.tag, "@type");
    let index = &u.variants[0];
    let unindex = &u.variants[1];
    assert_eq!(index.fields, unindex.fields, "UnindexDocument shares IndexDocument's field set");
    let internal: Vec<_> = u.variants.iter().filter(|v| !v.client_creatable).map(|v| v.tag.as_str()).collect();
    assert_eq!(internal.len(), 8);
    assert!(internal.contains(&"MergeThreads"));
}

#[test]
fn salesforce_task_has_39_seed_fields_and_system_fields() {
    let m = model();
    let api = m.apis.iter().find(|a| a.name == "salesforce").unwrap();
    let task = api.types.iter().find(|t| t.name == "Task").unwrap();
    let TypeKind::Struct(s) = &task.kind else { panic!("Task is not a field set") };
    assert_eq!(s.fields.len(), 46);
    let f = |n: &str| s.fields.iter().find(|f| f.wire_name == n).unwrap();
    assert_eq!(f("IsClosed").create, CreateRule::Forbidden);
    assert_eq!(f("IsRecurrence").update, UpdateRule::Forbidden);
    assert_eq!(f("Subject").max_len, Some(255));
    assert!(f("CallType").restricted);
    assert!(!f("Status").restricted);
    assert_eq!(f("WhoId").reference.as_ref().unwrap().prefixes, Some(vec!["003".into(), "00Q".into()]));
    assert_eq!(f("WhatId").reference.as_ref().unwrap().prefixes, None);
}
