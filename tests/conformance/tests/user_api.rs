//! What users reach for, tried as a user would: serde of the runtime's values, lone
//! scalars parsed from strings, org-specific picklist values, `Eq` and `Hash`.

use std::collections::HashSet;

use api_models::runtime::{self, Date, ErrorKind, UnknownValue, UtcDateTime};
use api_models::salesforce::task as sf;
use api_models::stalwart::task::{Task, TaskAccountMaintenanceType};

#[test]
fn ids_dates_and_date_times_serialize_in_their_wire_form() {
    let id: runtime::stalwart::Id = "jrcrveuiaeqa".parse().unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), r#""jrcrveuiaeqa""#);
    assert_eq!(serde_json::from_str::<runtime::stalwart::Id>(r#""jrcrveuiaeqa""#).unwrap(), id);
    let sfid: runtime::salesforce::Id = "0035e00000AbCdEAAV".parse().unwrap();
    assert_eq!(serde_json::to_value(sfid).unwrap(), "0035e00000AbCdEAAV");
    assert_eq!(serde_json::from_value::<runtime::salesforce::Id>("0035e00000AbCdEAAV".into()).unwrap(), sfid);
    let date = Date::from_ymd(2026, 3, 1).unwrap();
    assert_eq!(serde_json::to_string(&date).unwrap(), r#""2026-03-01""#);
    assert_eq!(serde_json::from_str::<Date>(r#""2026-03-01""#).unwrap(), date);
    // Any form either API sends; written back as RFC 3339 in UTC.
    let t: UtcDateTime = serde_json::from_str(r#""2026-01-01T02:00:00.000+0200""#).unwrap();
    assert_eq!(serde_json::to_string(&t).unwrap(), r#""2026-01-01T00:00:00Z""#);
    // Usable in a user's own derived types, with the problem named.
    let err = serde_json::from_str::<Vec<Date>>(r#"["2026-02-30"]"#).unwrap_err().to_string();
    assert!(err.starts_with("`2026-02-30` is not a date"), "{err}");
    assert!(serde_json::from_str::<runtime::stalwart::Id>("5").is_err());
}

#[test]
fn now_is_the_clock_to_the_millisecond() {
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let now = UtcDateTime::now().unix_millis();
    let after = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    assert!(before <= now && now <= after, "{before} <= {now} <= {after}");
    // The crates the API takes are reachable through it.
    let _: runtime::deps::time::Date = Date::from_ymd(2026, 1, 1).unwrap().as_time();
    let _: runtime::serde_json::Value = runtime::deps::serde_json::json!(null);
}

#[test]
fn a_lone_scalar_reports_its_own_problem() {
    let err = "abc0".parse::<runtime::stalwart::Id>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Format);
    assert!(err.to_string().starts_with("`abc0` is not a Stalwart id"), "{err}");
    assert!(!err.to_string().contains("payload"), "{err}");
    let err = "0035e00000AbCdEAAA".parse::<runtime::salesforce::Id>().unwrap_err();
    assert_eq!(err.code(), Some("MALFORMED_ID"));
    let err = "2026-13-01".parse::<Date>().unwrap_err();
    assert_eq!(err.to_string(), "`2026-13-01` is not a date (YYYY-MM-DD)");
    // As a payload report, where one is returned.
    fn in_payload() -> Result<Date, runtime::ValidationErrors> {
        "x".parse::<Date>().map_err(runtime::ParseError::into_errors)
    }
    assert_eq!(in_payload().unwrap_err().errors()[0].pointer(), "");
}

#[test]
fn a_patch_reads_what_an_object_reads() {
    let text = r#"{"status/due": "2026-02-01T00:00:00Z"}"#;
    let from_text = runtime::patch::Patch::from_json(text).unwrap();
    assert_eq!(from_text, runtime::patch::Patch::from_json(text.as_bytes()).unwrap());
    let owned: Vec<u8> = text.into();
    assert_eq!(from_text, runtime::patch::Patch::from_json(owned).unwrap());
}

#[test]
fn an_unrestricted_picklist_takes_an_orgs_own_value() {
    // Salesforce `Status` is not restricted: an org adds "Waiting on Customer".
    let status: sf::Status = "Waiting on Customer".parse().unwrap();
    assert_eq!(status.as_str(), "Waiting on Customer");
    assert!(matches!(status, sf::Status::Unknown(_)));
    assert_eq!("Completed".parse::<sf::Status>().unwrap(), sf::Status::Completed);
    let mut create = sf::TaskCreate::new();
    create.status = Some(status);
    assert!(create.validate().is_ok());
    assert_eq!(serde_json::to_string(&create).unwrap(), r#"{"Status":"Waiting on Customer"}"#);
    // A restricted one refuses it, as a client body would.
    let err = "Sideways".parse::<sf::CallType>().unwrap_err();
    assert_eq!(err.to_string(), "`Sideways` is not a CallType value (it takes only the values the schema lists)");
    assert!("purge2".parse::<TaskAccountMaintenanceType>().is_err());
    // An unknown value for a fixture: never a spelling of a known one.
    assert!(UnknownValue::of::<sf::CallType>("Sideways").is_some());
    assert_eq!(UnknownValue::of::<sf::CallType>("Outbound"), None);
    let odd = sf::CallType::Unknown(UnknownValue::of::<sf::CallType>("Sideways").unwrap());
    assert_eq!(odd.as_str(), "Sideways");
}

#[test]
fn values_without_floats_are_eq_and_hash() {
    fn eq_hash<T: Eq + std::hash::Hash>() {}
    eq_hash::<Task>();
    eq_hash::<api_models::stalwart::task::TaskCreate>();
    eq_hash::<api_models::stalwart::task::TaskPartial>();
    eq_hash::<sf::Task>();
    eq_hash::<sf::TaskCreate>();
    eq_hash::<sf::TaskUpdate>();
    let body = r#"{"@type": "AccountMaintenance", "accountId": "c", "maintenanceType": "purge", "extra": [1.5],
        "status": {"@type": "Pending", "createdAt": "2026-01-01T00:00:00Z", "due": "2026-01-01T00:00:00Z"}}"#;
    let set: HashSet<Task> = [Task::from_json(body).unwrap(), Task::from_json(body).unwrap()].into_iter().collect();
    assert_eq!(set.len(), 1);
}
