//! Recorded exchanges: normalised (ids the server makes up and times near the run's own
//! become fixed placeholders) and stored as JSON, one file per group of checks.
//!
//! A file is a JSON array of `{"label", "request", "response"}`, the request and
//! response bodies embedded as the text that travelled (member order kept: the server
//! writes `@type` last, and reads must cope).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::value::RawValue;
use serde_json::Value;

use crate::jmap::Exchange;

/// What a server-made time becomes.
pub const TIME: &str = "2000-01-01T00:00:00Z";

/// One stored exchange.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Recorded {
    /// `group: what the test was doing`.
    pub label: String,
    /// The request body.
    pub request: Box<RawValue>,
    /// The response body.
    pub response: Box<RawValue>,
}

/// Replaces what differs from run to run.
pub struct Normaliser {
    ids: BTreeMap<String, String>,
    session_states: BTreeMap<String, String>,
    /// Date-times written between these two (inclusive, as text: the format sorts) are
    /// the server's clock.
    window: (String, String),
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a Unix time.
pub fn utc(secs: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

impl Normaliser {
    /// A normaliser for `exchanges`, made between Unix times `from` and `to`.
    pub fn new(exchanges: &[Exchange], from: i64, to: i64) -> Normaliser {
        let mut n = Normaliser {
            ids: BTreeMap::new(),
            session_states: BTreeMap::new(),
            window: (utc(from - 300), utc(to + 300)),
        };
        let mut order = Vec::new();
        for e in exchanges {
            let Ok(body) = serde_json::from_str::<Value>(&e.response) else { continue };
            if let Some(s) = body.get("sessionState").and_then(Value::as_str) {
                let next = format!("s{}", n.session_states.len());
                n.session_states.entry(s.to_owned()).or_insert(next);
            }
            for r in body.get("methodResponses").and_then(Value::as_array).into_iter().flatten() {
                made_ids(&r[1], &mut order);
            }
        }
        for id in order {
            let next = placeholder(n.ids.len() as u64);
            n.ids.entry(id).or_insert(next);
        }
        n
    }

    /// `text` with every made-up id, session state and server time replaced.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        // Every JSON string in the text, as it stands (escapes do not occur in what is
        // replaced: ids, states and date-times are plain ASCII).
        while let Some(open) = rest.find('"') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = string_end(after);
            let inner = &after[..close];
            out.push('"');
            out.push_str(self.replace(inner).unwrap_or(inner));
            out.push('"');
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    fn replace<'a>(&'a self, s: &str) -> Option<&'a str> {
        if let Some(id) = self.ids.get(s) {
            return Some(id);
        }
        if let Some(state) = self.session_states.get(s) {
            return Some(state);
        }
        let is_time = s.len() == 20 && s.as_bytes()[10] == b'T' && s.ends_with('Z');
        (is_time && s >= self.window.0.as_str() && s <= self.window.1.as_str()).then_some(TIME)
    }
}

/// The length of a JSON string's content, `s` starting just after its opening quote.
fn string_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Ids the server made up in one method response: created, listed, queried. Short ids
/// (the registry's own objects on a fresh server: `b`, `c`, …) are the same every run.
fn made_ids(args: &Value, out: &mut Vec<String>) {
    let mut add = |v: &Value| {
        if let Some(s) = v.as_str().filter(|s| s.len() > 4) {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_owned());
            }
        }
    };
    for created in args.get("created").and_then(Value::as_object).into_iter().flat_map(|m| m.values()) {
        add(&created["id"]);
    }
    for item in args.get("list").and_then(Value::as_array).into_iter().flatten() {
        add(&item["id"]);
    }
    for id in args.get("ids").and_then(Value::as_array).into_iter().flatten() {
        add(id);
    }
}

/// The `n`th placeholder id: a valid Stalwart id of the same length as the server's task
/// ids, counting from a fixed start.
fn placeholder(n: u64) -> String {
    api_models::runtime::stalwart::Id::new((1 << 59) + n).map(|id| id.to_string()).unwrap_or_default()
}

/// Normalises `exchanges` and groups them by the part of their label before `:`.
pub fn normalise(exchanges: &[Exchange], from: i64, to: i64) -> BTreeMap<String, Vec<Recorded>> {
    let n = Normaliser::new(exchanges, from, to);
    let mut groups: BTreeMap<String, Vec<Recorded>> = BTreeMap::new();
    for e in exchanges {
        let group = e.label.split(':').next().unwrap_or("misc").trim().to_owned();
        let raw = |t: &str| {
            RawValue::from_string(n.apply(t)).unwrap_or_else(|_| RawValue::from_string("null".into()).unwrap())
        };
        groups.entry(group).or_default().push(Recorded {
            label: e.label.clone(),
            request: raw(&e.request),
            response: raw(&e.response),
        });
    }
    groups
}

/// Writes each group to `dir/<group>.json`.
pub fn write(dir: &Path, groups: &BTreeMap<String, Vec<Recorded>>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (group, items) in groups {
        let mut text = serde_json::to_string_pretty(items).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(dir.join(format!("{group}.json")), text)?;
    }
    Ok(())
}

/// Reads every `*.json` group in `dir`, by group name.
pub fn read(dir: &Path) -> Result<BTreeMap<String, Vec<Recorded>>, String> {
    let mut groups = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let items: Vec<Recorded> = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            groups.insert(name, items);
        }
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(response: &str) -> Exchange {
        Exchange { label: "g: x".into(), request: "{}".into(), response: response.into() }
    }

    #[test]
    fn made_up_ids_session_states_and_server_times_become_placeholders() {
        let now = 1_800_000_000; // 2027-01-15T08:00:00Z
        let body = format!(
            r#"{{"methodResponses":[["x:Task/set",{{"created":{{"t":{{"id":"jrcvlwmeaaqa"}}}}}},"c0"],["x:Task/get",{{"list":[{{"id":"jrcvlwmeaaqa","accountId":"b","status":{{"createdAt":"{}","due":"2030-01-01T00:00:00Z"}}}}]}},"c1"]],"sessionState":"fe1bf432"}}"#,
            utc(now)
        );
        let n = Normaliser::new(&[exchange(&body)], now, now + 1);
        let out = n.apply(&body);
        let want_id = placeholder(0);
        assert_eq!(out.matches(&format!(r#""{want_id}""#)).count(), 2, "{out}");
        assert!(out.contains(r#""accountId":"b""#), "short registry ids stay: {out}");
        assert!(out.contains(&format!(r#""createdAt":"{TIME}""#)), "{out}");
        assert!(out.contains(r#""due":"2030-01-01T00:00:00Z""#), "a time far from the run stays: {out}");
        assert!(out.contains(r#""sessionState":"s0""#), "{out}");
        assert!(!out.contains("jrcvlwmeaaqa") && !out.contains("fe1bf432"), "{out}");
    }

    #[test]
    fn escaped_quotes_inside_strings_are_kept() {
        let n = Normaliser::new(&[], 0, 1);
        let text = r#"{"description":"Invalid value Str(\"defrag\") for enum type Purge."}"#;
        assert_eq!(n.apply(text), text);
    }

    #[test]
    fn utc_formats_a_unix_time() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_800_000_000), "2027-01-15T08:00:00Z");
    }
}
