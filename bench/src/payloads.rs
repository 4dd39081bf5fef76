//! The bytes every contender is fed. The real Salesforce record is read from
//! `../shared/reference` when present (never copied into the repository).

/// The real closed-call Task record, if the shared reference data is here.
pub fn salesforce_record() -> Option<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/salesforce/records/task-closed-call.json");
    std::fs::read(path).ok()
}

/// A typical Salesforce create body (a logged call), our own data.
pub const SALESFORCE_CREATE: &str = r#"{"Subject":"Call back about the renewal","ActivityDate":"2026-03-02","Priority":"High","Status":"Not Started","WhoId":"0035e00000AbCdEAAV","WhatId":"5000x000001zHD7AAM","OwnerId":"0055e00000GhIjK","CallType":"Outbound","CallDurationInSeconds":95,"CallDisposition":"Left a voicemail","TaskSubtype":"Call","IsReminderSet":true,"ReminderDateTime":"2026-03-02T09:30:00.000+0000","Description":"Asked about the renewal terms; will call again on Monday.","Colour__c":"red"}"#;

const STATUS: &str = r#"{"@type":"Pending","createdAt":"2026-01-01T00:00:00Z","due":"2026-05-01T08:45:00Z"}"#;

/// A Stalwart task whose `@type` comes first.
pub fn stalwart_type_first() -> String {
    format!(
        r#"{{"@type":"CalendarAlarmEmail","alarmId":17,"eventId":4021,"eventStart":"2026-05-01T09:00:00Z","eventEnd":"2026-05-01T10:00:00Z","eventStartTz":3,"eventEndTz":3,"accountId":"c","documentId":"bq","status":{STATUS},"due":"2026-05-01T08:45:00Z"}}"#
    )
}

/// The same task with `@type` last.
pub fn stalwart_type_last() -> String {
    format!(
        r#"{{"alarmId":17,"eventId":4021,"eventStart":"2026-05-01T09:00:00Z","eventEnd":"2026-05-01T10:00:00Z","eventStartTz":3,"eventEndTz":3,"accountId":"c","documentId":"bq","status":{STATUS},"due":"2026-05-01T08:45:00Z","@type":"CalendarAlarmEmail"}}"#
    )
}
