//! Values a caller gives `Patch::set`: one with no JSON form (a NaN, an infinity) used to
//! become `null`, which in a JMAP patch clears the member. It is an error now.

use api_models::runtime::patch::Patch;
use api_models::stalwart::task::Task;

const STORED: &str = r#"{"@type": "StoreMaintenance", "maintenanceType": "purgeAccounts", "shardIndex": 3,
    "status": {"@type": "Pending", "createdAt": "2026-01-01T00:00:00Z", "due": "2026-01-01T00:00:00Z"}}"#;

/// Before the fix, `set("shardIndex", NaN)` applied as `"shardIndex": null` and the
/// stored shard index was cleared.
#[test]
fn a_nan_set_in_a_patch_is_refused_not_a_clear() {
    let stored = Task::from_json(STORED).unwrap();
    let patch = Patch::new().set("shardIndex", f64::NAN).set("status/due", "2026-02-01T00:00:00Z");
    let errors = stored.apply_patch(&patch).unwrap_err();
    let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.pointer(), e.kind().as_str())).collect();
    assert_eq!(found, [("/shardIndex", "invalid_value")]);
    assert!(serde_json::to_string(&patch).is_err(), "a patch holding a NaN is not sent as null");

    // The same null, sent on purpose, still clears the nullable member.
    let cleared = stored.apply_patch(&Patch::new().set("shardIndex", serde_json::Value::Null)).unwrap();
    assert!(!serde_json::to_string(&cleared).unwrap().contains("\"shardIndex\":3"));
}

#[test]
fn try_set_refuses_an_infinity_inside_a_value_at_its_pointer() {
    let status = serde_json::json!({"@type": "Pending", "due": "2026-01-01T00:00:00Z"});
    let ok = Patch::new().try_set("status", &status).unwrap();
    assert_eq!(ok.ops().len(), 1);
    let errors = Patch::new().try_set("status/x", vec![1.0, f64::INFINITY]).unwrap_err();
    assert_eq!(errors.errors()[0].pointer(), "/status/x/1");
    // A later finite value for the same key replaces the refused one.
    let fixed = Patch::new().set("shardIndex", f32::NAN).set("shardIndex", 4);
    assert!(serde_json::to_string(&fixed).is_ok());
    let stored = Task::from_json(STORED).unwrap();
    assert!(stored.apply_patch(&fixed).is_ok());
}

/// The same class of bug in a create or update body: a NaN in a float field was written
/// as `null`, which clears a nillable field (and `validate` let it pass, reading the
/// `null` back). Now writing the body fails and `validate` names the field.
#[test]
fn a_nan_in_a_float_field_is_refused_not_written_as_null() {
    use api_models::runtime::Field;
    use api_models::salesforce::account::{AccountCreate, AccountUpdate};

    let mut create = AccountCreate::new("Acme".into());
    create.annual_revenue = Some(f64::NAN);
    assert!(serde_json::to_string(&create).is_err(), "not written as null");
    let errors = create.validate().unwrap_err();
    let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.pointer(), e.kind().as_str())).collect();
    assert_eq!(found, [("/AnnualRevenue", "invalid_value")]);

    let update = AccountUpdate { annual_revenue: Field::Value(f64::INFINITY), ..AccountUpdate::new() };
    assert!(serde_json::to_string(&update).is_err());
    assert_eq!(update.validate().unwrap_err().errors()[0].pointer(), "/AnnualRevenue");
    // A finite value is written as ever.
    let update = AccountUpdate { annual_revenue: Field::Value(1.5), ..AccountUpdate::new() };
    assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"AnnualRevenue":1.5}"#);
}
