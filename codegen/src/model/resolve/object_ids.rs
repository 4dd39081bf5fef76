//! The member every object read carries with its id (`wire.object-id`).

use super::*;

/// Gives every object's field sets the member `wire.object-id` names (Stalwart's `id`):
/// the server sets it, every read carries it (one without it is still read), and no
/// client body may send it. A field set that defines the member itself keeps its own.
pub(super) fn add_object_ids(api: &mut Api) {
    let Some(name) = api.wire.object_id.clone() else { return };
    let mut sets = Vec::new();
    for m in &api.modules {
        let object = api.ty(m.object);
        match &object.kind {
            TypeKind::Struct(_) => sets.push(m.object),
            TypeKind::Union(u) => sets.extend(u.variants.iter().map(|v| v.fields)),
            _ => {}
        }
    }
    sets.sort();
    sets.dedup();
    for id in sets {
        let def = &mut api.types[id.0];
        let loc = def.loc.clone();
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        if s.fields.iter().any(|f| f.wire_name == name) {
            continue;
        }
        s.fields.insert(
            0,
            Field {
                rust_name: ident::field_name(&name),
                wire_name: name.clone(),
                doc: Doc {
                    label: None,
                    description: Some("The object's id, set by the server (the wire profile's `object-id`)".into()),
                },
                ty: Ty::Id(None),
                schema_type: "Id".into(),
                nullable: false,
                read: ReadRule::Optional,
                create: CreateRule::Forbidden,
                update: UpdateRule::Forbidden,
                default: None,
                max_len: None,
                restricted: false,
                reference: None,
                modifiers: vec!["server-set".into()],
                loc,
            },
        );
        // Rules name fields by index: the new member shifts every index by one.
        for r in &mut s.rules {
            shift_rule(&mut r.kind);
        }
    }
}

pub(super) fn shift_rule(kind: &mut RuleKind) {
    let conds = |c: &mut Vec<Cond>| c.iter_mut().for_each(|c| c.field += 1);
    let all = |f: &mut Vec<usize>| f.iter_mut().for_each(|i| *i += 1);
    match kind {
        RuleKind::Require { when, fields } | RuleKind::Forbid { when, fields } => {
            conds(when);
            all(fields);
        }
        RuleKind::Before { first, second } => {
            *first += 1;
            *second += 1;
        }
        RuleKind::Range { field, .. } => *field += 1,
        RuleKind::ExcludeFlags { when, field, .. } => {
            conds(when);
            *field += 1;
        }
        RuleKind::ForbidChange { when_stored, fields } => {
            conds(when_stored);
            all(fields);
        }
    }
}
