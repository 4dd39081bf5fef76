//! The contenders the generated crate is measured against: what a team would write by
//! hand without the generator. Used by `benches/`; see BENCHMARKS.md.

#![forbid(unsafe_code)]

use std::collections::BTreeMap;

pub mod bulk;
pub mod payloads;

/// A record's `attributes`.
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct Attributes {
    /// `type`.
    #[serde(rename = "type")]
    pub object_type: String,
    /// `url`.
    pub url: Option<String>,
}

/// Salesforce `Task` as a plain derive: every field an `Option`, no validation.
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
pub struct PlainSalesforceTask {
    /// `attributes`.
    pub attributes: Option<Attributes>,
    /// `AccountId`.
    #[serde(rename = "AccountId")]
    pub account_id: Option<String>,
    /// `ActivityDate`.
    #[serde(rename = "ActivityDate")]
    pub activity_date: Option<String>,
    /// `CallDisposition`.
    #[serde(rename = "CallDisposition")]
    pub call_disposition: Option<String>,
    /// `CallDurationInSeconds`.
    #[serde(rename = "CallDurationInSeconds")]
    pub call_duration_in_seconds: Option<i32>,
    /// `CallObject`.
    #[serde(rename = "CallObject")]
    pub call_object: Option<String>,
    /// `CallType`.
    #[serde(rename = "CallType")]
    pub call_type: Option<String>,
    /// `CompletedDateTime`.
    #[serde(rename = "CompletedDateTime")]
    pub completed_date_time: Option<String>,
    /// `ConnectionReceivedId`.
    #[serde(rename = "ConnectionReceivedId")]
    pub connection_received_id: Option<String>,
    /// `ConnectionSentId`.
    #[serde(rename = "ConnectionSentId")]
    pub connection_sent_id: Option<String>,
    /// `Description`.
    #[serde(rename = "Description")]
    pub description: Option<String>,
    /// `IsArchived`.
    #[serde(rename = "IsArchived")]
    pub is_archived: Option<bool>,
    /// `IsClosed`.
    #[serde(rename = "IsClosed")]
    pub is_closed: Option<bool>,
    /// `IsHighPriority`.
    #[serde(rename = "IsHighPriority")]
    pub is_high_priority: Option<bool>,
    /// `IsRecurrence`.
    #[serde(rename = "IsRecurrence")]
    pub is_recurrence: Option<bool>,
    /// `IsReminderSet`.
    #[serde(rename = "IsReminderSet")]
    pub is_reminder_set: Option<bool>,
    /// `IsVisibleInSelfService`.
    #[serde(rename = "IsVisibleInSelfService")]
    pub is_visible_in_self_service: Option<bool>,
    /// `OwnerId`.
    #[serde(rename = "OwnerId")]
    pub owner_id: Option<String>,
    /// `Priority`.
    #[serde(rename = "Priority")]
    pub priority: Option<String>,
    /// `RecurrenceActivityId`.
    #[serde(rename = "RecurrenceActivityId")]
    pub recurrence_activity_id: Option<String>,
    /// `RecurrenceDayOfMonth`.
    #[serde(rename = "RecurrenceDayOfMonth")]
    pub recurrence_day_of_month: Option<i32>,
    /// `RecurrenceDayOfWeekMask`.
    #[serde(rename = "RecurrenceDayOfWeekMask")]
    pub recurrence_day_of_week_mask: Option<i32>,
    /// `RecurrenceEndDateOnly`.
    #[serde(rename = "RecurrenceEndDateOnly")]
    pub recurrence_end_date_only: Option<String>,
    /// `RecurrenceInstance`.
    #[serde(rename = "RecurrenceInstance")]
    pub recurrence_instance: Option<String>,
    /// `RecurrenceInterval`.
    #[serde(rename = "RecurrenceInterval")]
    pub recurrence_interval: Option<i32>,
    /// `RecurrenceMonthOfYear`.
    #[serde(rename = "RecurrenceMonthOfYear")]
    pub recurrence_month_of_year: Option<String>,
    /// `RecurrenceRegeneratedType`.
    #[serde(rename = "RecurrenceRegeneratedType")]
    pub recurrence_regenerated_type: Option<String>,
    /// `RecurrenceStartDateOnly`.
    #[serde(rename = "RecurrenceStartDateOnly")]
    pub recurrence_start_date_only: Option<String>,
    /// `RecurrenceTimeZoneSidKey`.
    #[serde(rename = "RecurrenceTimeZoneSidKey")]
    pub recurrence_time_zone_sid_key: Option<String>,
    /// `RecurrenceType`.
    #[serde(rename = "RecurrenceType")]
    pub recurrence_type: Option<String>,
    /// `ReminderDateTime`.
    #[serde(rename = "ReminderDateTime")]
    pub reminder_date_time: Option<String>,
    /// `Status`.
    #[serde(rename = "Status")]
    pub status: Option<String>,
    /// `Subject`.
    #[serde(rename = "Subject")]
    pub subject: Option<String>,
    /// `TaskSubtype`.
    #[serde(rename = "TaskSubtype")]
    pub task_subtype: Option<String>,
    /// `TaskWhoIds`.
    #[serde(rename = "TaskWhoIds")]
    pub task_who_ids: Option<Vec<String>>,
    /// `Type`.
    #[serde(rename = "Type")]
    pub r#type: Option<String>,
    /// `WhatCount`.
    #[serde(rename = "WhatCount")]
    pub what_count: Option<i32>,
    /// `WhatId`.
    #[serde(rename = "WhatId")]
    pub what_id: Option<String>,
    /// `WhoCount`.
    #[serde(rename = "WhoCount")]
    pub who_count: Option<i32>,
    /// `WhoId`.
    #[serde(rename = "WhoId")]
    pub who_id: Option<String>,
    /// `Id`.
    #[serde(rename = "Id")]
    pub id: Option<String>,
    /// `IsDeleted`.
    #[serde(rename = "IsDeleted")]
    pub is_deleted: Option<bool>,
    /// `CreatedDate`.
    #[serde(rename = "CreatedDate")]
    pub created_date: Option<String>,
    /// `CreatedById`.
    #[serde(rename = "CreatedById")]
    pub created_by_id: Option<String>,
    /// `LastModifiedDate`.
    #[serde(rename = "LastModifiedDate")]
    pub last_modified_date: Option<String>,
    /// `LastModifiedById`.
    #[serde(rename = "LastModifiedById")]
    pub last_modified_by_id: Option<String>,
    /// `SystemModstamp`.
    #[serde(rename = "SystemModstamp")]
    pub system_modstamp: Option<String>,
}

/// Stalwart `Task` as serde's internally-tagged enum (`@type`), plain field types.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "@type")]
pub enum PlainStalwartTask {
    /// `IndexDocument`.
    IndexDocument(IndexDocument),
    /// `UnindexDocument`.
    UnindexDocument(IndexDocument),
    /// `IndexTrace`.
    IndexTrace(IndexTrace),
    /// `CalendarAlarmEmail`.
    CalendarAlarmEmail(CalendarAlarmEmail),
    /// `MergeThreads`.
    MergeThreads(MergeThreads),
    /// `AccountMaintenance`.
    AccountMaintenance(AccountMaintenance),
}

/// The nested status, internally tagged too.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "@type")]
pub enum Status {
    /// `Pending`.
    Pending {
        /// `createdAt`.
        #[serde(rename = "createdAt")]
        created_at: String,
        /// `due`.
        due: String,
    },
    /// `Retry`.
    Retry {
        /// `createdAt`.
        #[serde(rename = "createdAt")]
        created_at: String,
        /// `due`.
        due: String,
        /// `attemptNumber`.
        #[serde(rename = "attemptNumber", default)]
        attempt_number: u64,
        /// `failureReason`.
        #[serde(rename = "failureReason")]
        failure_reason: String,
    },
}

/// `IndexDocument` / `UnindexDocument`.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexDocument {
    /// `documentType`.
    pub document_type: String,
    /// `accountId`.
    pub account_id: String,
    /// `documentId`.
    pub document_id: String,
    /// `status`.
    pub status: Status,
    /// `due`.
    pub due: Option<String>,
}

/// `IndexTrace`.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexTrace {
    /// `traceId`.
    pub trace_id: String,
    /// `status`.
    pub status: Status,
    /// `due`.
    pub due: Option<String>,
}

/// `CalendarAlarmEmail`.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarAlarmEmail {
    /// `alarmId`.
    #[serde(default)]
    pub alarm_id: u64,
    /// `eventId`.
    #[serde(default)]
    pub event_id: u64,
    /// `eventStart`.
    pub event_start: String,
    /// `eventEnd`.
    pub event_end: String,
    /// `eventStartTz`.
    #[serde(default)]
    pub event_start_tz: u64,
    /// `eventEndTz`.
    #[serde(default)]
    pub event_end_tz: u64,
    /// `accountId`.
    pub account_id: String,
    /// `documentId`.
    pub document_id: String,
    /// `status`.
    pub status: Status,
    /// `due`.
    pub due: Option<String>,
}

/// `MergeThreads`.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeThreads {
    /// `accountId`.
    pub account_id: String,
    /// `threadName`.
    pub thread_name: String,
    /// `messageIds`.
    pub message_ids: BTreeMap<String, bool>,
    /// `status`.
    pub status: Status,
    /// `due`.
    pub due: Option<String>,
}

/// `AccountMaintenance`.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountMaintenance {
    /// `accountId`.
    pub account_id: String,
    /// `maintenanceType`.
    pub maintenance_type: String,
    /// `status`.
    pub status: Status,
    /// `due`.
    pub due: Option<String>,
}

/// The plain struct with the checks a careful hand-written client would add after parsing:
/// lengths, restricted picklists, id shapes (the "hand-written validation" contender).
pub fn hand_validate(t: &PlainSalesforceTask) -> Vec<String> {
    let mut errors = Vec::new();
    let id_ok = |s: &str| (s.len() == 15 || s.len() == 18) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    for (name, v) in [("Subject", &t.subject), ("CallDisposition", &t.call_disposition), ("CallObject", &t.call_object)]
    {
        if v.as_ref().is_some_and(|s| s.chars().count() > 255) {
            errors.push(format!("/{name}"));
        }
    }
    for (name, v) in [("Id", &t.id), ("WhoId", &t.who_id), ("WhatId", &t.what_id), ("OwnerId", &t.owner_id)] {
        if v.as_ref().is_some_and(|s| !id_ok(s)) {
            errors.push(format!("/{name}"));
        }
    }
    if t.call_type.as_ref().is_some_and(|v| !["Inbound", "Internal", "Outbound"].contains(&v.as_str())) {
        errors.push("/CallType".into());
    }
    errors
}

/// Contender (c): the types typify generates from the Salesforce Task read schema.
#[allow(missing_docs, clippy::all, clippy::pedantic, unused)]
pub mod typify_read {
    include!(concat!(env!("OUT_DIR"), "/typify_task_read.rs"));
}

/// Contender (c): the types typify generates from the Salesforce Task create schema.
#[allow(missing_docs, clippy::all, clippy::pedantic, unused)]
pub mod typify_create {
    include!(concat!(env!("OUT_DIR"), "/typify_task_create.rs"));
}

#[cfg(test)]
mod tests {
    use super::payloads;

    /// The create payload with `member` (`"Key":value`) set, replacing any it has.
    fn create_with(member: &str) -> String {
        let mut body: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(payloads::SALESFORCE_CREATE).expect("the payload is an object");
        let one: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&format!("{{{member}}}")).expect("a member");
        body.extend(one);
        serde_json::to_string(&body).expect("a map serializes")
    }

    fn typify_create(json: &str) -> bool {
        serde_json::from_str::<super::typify_create::SalesforceRestApiTaskCreate>(json).is_ok()
    }

    fn generated_create(json: &str) -> bool {
        api_models::salesforce::task::TaskCreate::from_json(json).is_ok()
    }

    /// A benchmark that measured an error path would measure nothing useful.
    #[test]
    fn every_contender_accepts_the_payloads() {
        let create = payloads::SALESFORCE_CREATE;
        assert!(generated_create(create));
        assert!(typify_create(create));
        assert!(serde_json::from_str::<super::PlainSalesforceTask>(create).is_ok());
        match payloads::salesforce_record() {
            Some(record) => {
                assert!(api_models::salesforce::task::Task::from_json(&record).is_ok());
                assert!(serde_json::from_slice::<super::typify_read::SalesforceRestApiTaskRead>(&record).is_ok());
            }
            None => eprintln!("skipped the real record: ../shared/reference is absent"),
        }
        for body in [payloads::stalwart_type_first(), payloads::stalwart_type_last()] {
            assert!(api_models::stalwart::task::Task::from_json(&body).is_ok());
            assert!(serde_json::from_str::<super::PlainStalwartTask>(&body).is_ok());
        }
    }

    /// What the typify contender checks, stated so BENCHMARKS.md's comparison is honest:
    /// lengths, id patterns and restricted picklists, but not the Usage rules (typify
    /// cannot read `if`/`then`) nor id checksums.
    #[test]
    fn typify_checks_shapes_but_not_rules() {
        let long = format!(r#""Subject":"{}""#, "x".repeat(256));
        for (member, typify_refuses) in [
            (long.as_str(), true),
            (r#""WhoId":"003-not-an-id""#, true),
            (r#""RecurrenceType":"RecursFortnightly""#, true),
            // A recurring task without its dates: a rule.
            (r#""IsRecurrence":true"#, false),
            // The right shape, a wrong case-checksum suffix.
            (r#""OwnerId":"0055e00000GhIjKAAA""#, false),
        ] {
            let body = create_with(member);
            assert!(!generated_create(&body), "the generated crate refuses {member}");
            assert_eq!(!typify_create(&body), typify_refuses, "typify on {member}");
        }
    }
}
