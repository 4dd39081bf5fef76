//! The Salesforce REST bodies around the records, sans I/O (the crate sends nothing),
//! with Salesforce's own names (REST API Developer Guide):
//!
//! - [`QueryResult`]: a page of `GET /query?q=SOQL` (`totalSize`, `done`,
//!   `nextRecordsUrl`, `records`). A record holds the fields the query selected, any
//!   subset, so it is read as a read body (where no field is required); relationship
//!   members (`Who`, `What`, `Owner`, a subquery's page) are [`SObject`]s.
//! - [`SaveResult`]: what a create (`POST /sobjects/Task`) answers, and each entry of an
//!   sObject Collections answer (`id`, `success`, `errors` of [`SaveError`]; `created`
//!   for an upsert).
//! - [`RestError`]: the error body, an array of `{message, errorCode, fields}`.
//! - [`CollectionRequest`]: an sObject Collections body (`allOrNone`, `records`):
//!   create (`POST /composite/sobjects`), update (`PATCH`, each record with its `Id`)
//!   and upsert by an external id field (`PATCH /composite/sobjects/{SObject}/{Field}`,
//!   [`upsert_path`]).
//!
//! Every problem inside an envelope is reported at once, at its full pointer
//! (`/records/3/Status`).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde::Deserializer;
use serde_json::{Map, Value};

use super::container::{Array, Nullable};
use super::de::{self, decode_object, As, Builder, Codec, Ctx, Op, Slot};
use super::error::{ErrorKind, ValidationError, ValidationErrors};
use super::related_records::{Checked, Related};
use super::salesforce::{Attributes, Id};
use super::scalar::{Bool, Str, UInt64};
use super::sobject_collections::{CollectionCreate, CollectionUpdate, SObjectType, UpdateRecord};
use super::wire_record::wire_record;

/// Writes `value` with codec `C`.
fn put<M: SerializeMap, C: Codec>(map: &mut M, key: &str, value: &C::Value) -> Result<(), M::Error> {
    map.serialize_entry(key, &As::<C>::new(value))
}

/// Kept members a builder does not define: returns whether one was kept before.
fn keep_in(other: &mut BTreeMap<String, Value>, key: String, value: Value) -> bool {
    other.insert(key, value).is_some()
}

// ---------------------------------------------------------------------------------
// Query result pages.

/// One page of a SOQL query's results (`GET /services/data/vXX.X/query?q=…`).
///
/// `records` holds this page's records; when `done` is false, `next_records_url`
/// names the next page (`GET` it, as sent).
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult<R> {
    /// How many records the query matched in all (wire `totalSize`).
    pub total_size: u64,
    /// Whether this is the last page.
    pub done: bool,
    /// The next page's resource, when there is one (wire `nextRecordsUrl`).
    pub next_records_url: Option<String>,
    /// The records of this page.
    pub records: Vec<R>,
    /// Members Salesforce may add, kept as they came.
    pub other: BTreeMap<String, Value>,
}

impl<R: Codec<Value = R>> QueryResult<R> {
    /// Reads a page whose records are read as `R` (a generated read type, or [`SObject`]
    /// for any object): the page, or every problem at its pointer (`/records/3/Status`).
    /// Related records and subquery pages inside the records are checked as records
    /// (their `attributes`); [`from_json_with`](Self::from_json_with) checks them as
    /// their objects.
    pub fn from_json(json: impl AsRef<[u8]>) -> Result<Self, ValidationErrors> {
        Self::from_json_with::<()>(json)
    }
    /// Like [`from_json`](Self::from_json), with the related records of the objects
    /// `Rel` lists (`(Contact, Lead, Account)`, read types) checked as those objects: a
    /// problem inside one is reported at its full pointer (`/records/0/Who/Email`).
    pub fn from_json_with<Rel: Related>(json: impl AsRef<[u8]>) -> Result<Self, ValidationErrors> {
        de::parse::<Query<Checked<R, Rel>, Rel>>(json.as_ref(), Op::Read)
    }
}

impl<R: Codec<Value = R>> Serialize for QueryResult<R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Query::<R>::encode(self, s)
    }
}

/// The codec of a query page whose records have codec `C` (`Rel`: the objects its
/// records' related records are checked as, see [`Related`]).
#[doc(hidden)]
pub struct Query<C, Rel = ()>(PhantomData<fn() -> (C, Rel)>);

const QUERY_MEMBERS: [&str; 4] = ["totalSize", "done", "nextRecordsUrl", "records"];

struct QueryBuilder<C: Codec, Rel> {
    total_size: Slot<UInt64>,
    done: Slot<Bool>,
    next: Slot<Nullable<Str>>,
    records: Slot<Array<C>>,
    other: BTreeMap<String, Value>,
    rel: PhantomData<fn() -> Rel>,
}

impl<C: Codec, Rel> Default for QueryBuilder<C, Rel> {
    fn default() -> Self {
        QueryBuilder {
            total_size: None,
            done: None,
            next: None,
            records: None,
            other: BTreeMap::new(),
            rel: PhantomData,
        }
    }
}

impl<C: Codec, Rel> Builder for QueryBuilder<C, Rel> {
    type Output = QueryResult<C::Value>;
    const NAME: &'static str = "a query result";
    fn field_index(&self, key: &str) -> Option<usize> {
        QUERY_MEMBERS.iter().position(|m| *m == key)
    }
    fn decode_field<'de, D: Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
        match index {
            0 => de::fill::<UInt64, D>(&mut self.total_size, de, cx),
            1 => de::fill::<Bool, D>(&mut self.done, de, cx),
            2 => de::fill::<Nullable<Str>, D>(&mut self.next, de, cx),
            _ => de::fill::<Array<C>, D>(&mut self.records, de, cx),
        }
    }
    fn keep(&mut self, key: String, value: Value) -> bool {
        keep_in(&mut self.other, key, value)
    }
    fn finish(self, cx: &mut Ctx) -> Option<Self::Output> {
        let total_size = de::required(self.total_size, cx, "totalSize", "a query result states `totalSize`");
        let done = de::required(self.done, cx, "done", "a query result states whether it is `done`");
        let records = de::required(self.records, cx, "records", "a query result holds `records`");
        let next_records_url = de::or_absent(self.next, || None);
        Some(QueryResult {
            total_size: total_size?,
            done: done?,
            next_records_url: next_records_url?,
            records: records?,
            other: self.other,
        })
    }
}

impl<C: Codec, Rel> Codec for Query<C, Rel> {
    type Value = QueryResult<C::Value>;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Self::Value>, D::Error> {
        decode_object::<QueryBuilder<C, Rel>, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        put::<_, UInt64>(&mut map, "totalSize", &value.total_size)?;
        put::<_, Bool>(&mut map, "done", &value.done)?;
        if let Some(next) = &value.next_records_url {
            map.serialize_entry("nextRecordsUrl", next)?;
        }
        put::<_, Array<C>>(&mut map, "records", &value.records)?;
        for (k, v) in &value.other {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

// ---------------------------------------------------------------------------------
// Any record.

/// A record of any object, as JSON: its `attributes` (naming its object) and its
/// fields. What a query returns through a relationship (`Who`, `What`, `Owner`; with
/// `TYPEOF`, each record's may be another object), or a record of an object this crate
/// has no schema for. [`SObject::read_as`] reads it as a generated type once its
/// `attributes.type` says which.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SObject {
    /// The record's `attributes`, when it carries them.
    pub attributes: Option<Attributes>,
    /// Every other member, as it came.
    pub fields: Map<String, Value>,
}

impl SObject {
    /// The object the record's `attributes` name (`Contact`), if any.
    pub fn object_type(&self) -> Option<&str> {
        self.attributes.as_ref().map(|a| a.object_type.as_str())
    }
    /// Reads a record as the read type `R` (whose object it should be): the record, or
    /// every problem, each pointer relative to the record.
    pub fn read_as<R: Codec<Value = R>>(&self) -> Result<R, ValidationErrors> {
        let json = serde_json::to_vec(&As::<SObject>::new(self)).unwrap_or_default();
        de::parse::<R>(&json, Op::Read)
    }
    /// The related record a query selected through the relationship `name` (`Who`): absent
    /// when the record does not hold it, null when there is none, or the record (any
    /// object with `attributes`). A member that is neither is `type` at `/name`.
    pub fn related(fields: &BTreeMap<String, Value>, name: &str) -> Result<crate::Field<SObject>, ValidationErrors> {
        match fields.get(name) {
            None => Ok(crate::Field::Absent),
            Some(Value::Null) => Ok(crate::Field::Null),
            Some(v) => {
                let mut cx = Ctx::new(Op::Read);
                let m = cx.mark();
                let decoded = <SObject as Codec>::decode(v, &mut cx).unwrap_or(None);
                cx.close_key(m, name);
                match decoded {
                    Some(record) if cx.error_count() == 0 => Ok(crate::Field::Value(record)),
                    _ => Err(cx.into_errors()),
                }
            }
        }
    }
}

#[derive(Default)]
struct SObjectBuilder {
    attributes: Slot<Attributes>,
    fields: Map<String, Value>,
}

impl Builder for SObjectBuilder {
    type Output = SObject;
    const NAME: &'static str = "a record";
    fn field_index(&self, key: &str) -> Option<usize> {
        (key == "attributes").then_some(0)
    }
    fn decode_field<'de, D: Deserializer<'de>>(&mut self, _: usize, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
        de::fill::<Attributes, D>(&mut self.attributes, de, cx)
    }
    fn is_passthrough(&self, _: &str) -> bool {
        true
    }
    fn keep(&mut self, key: String, value: Value) -> bool {
        self.fields.insert(key, value).is_some()
    }
    fn finish(self, _: &mut Ctx) -> Option<SObject> {
        let attributes = de::optional(self.attributes)?;
        Some(SObject { attributes, fields: self.fields })
    }
}

impl Codec for SObject {
    type Value = SObject;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<SObject>, D::Error> {
        decode_object::<SObjectBuilder, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &SObject, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(a) = &value.attributes {
            put::<_, Attributes>(&mut map, "attributes", a)?;
        }
        for (k, v) in &value.fields {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Serialize for SObject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SObject::encode(self, s)
    }
}

// ---------------------------------------------------------------------------------
// SaveResult and errors.

/// One error of a [`SaveResult`] (`statusCode`, `message`, `fields`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveError {
    /// The API's code for the problem (`REQUIRED_FIELD_MISSING`, `DUPLICATE_VALUE`;
    /// wire `statusCode`).
    pub status_code: String,
    /// The message for people.
    pub message: String,
    /// The fields the problem concerns.
    pub fields: Vec<String>,
    /// Members Salesforce may add (`extendedErrorDetails`, …), kept as they came.
    pub other: BTreeMap<String, Value>,
}

/// What a create or update answers for one record (`POST /sobjects/Task`; one entry of
/// an sObject Collections answer): its `id` (null when it was not saved), whether it
/// was saved, why not, and for an upsert whether it was `created` (else updated).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveResult {
    /// The record's id; `None` when it was not saved.
    pub id: Option<Id>,
    /// Whether the record was saved.
    pub success: bool,
    /// Why not, when it was not.
    pub errors: Vec<SaveError>,
    /// Upserts only: whether the record was created (`false`: an existing one was updated).
    pub created: Option<bool>,
    /// Members Salesforce may add, kept as they came.
    pub other: BTreeMap<String, Value>,
}

impl SaveResult {
    /// Reads one SaveResult (the answer to `POST /sobjects/{SObject}`).
    pub fn from_json(json: impl AsRef<[u8]>) -> Result<SaveResult, ValidationErrors> {
        de::parse::<SaveResult>(json.as_ref(), Op::Read)
    }
    /// Reads an sObject Collections answer: one SaveResult per record, in the order sent.
    pub fn list_from_json(json: impl AsRef<[u8]>) -> Result<Vec<SaveResult>, ValidationErrors> {
        de::parse::<Array<SaveResult>>(json.as_ref(), Op::Read)
    }
}

impl Serialize for SaveResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SaveResult::encode(self, s)
    }
}

impl Serialize for SaveError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SaveError::encode(self, s)
    }
}

#[derive(Default)]
struct SaveErrorBuilder {
    status_code: Slot<Str>,
    message: Slot<Str>,
    fields: Slot<Nullable<Array<Str>>>,
    other: BTreeMap<String, Value>,
}

impl Builder for SaveErrorBuilder {
    type Output = SaveError;
    const NAME: &'static str = "a SaveResult error";
    fn field_index(&self, key: &str) -> Option<usize> {
        ["statusCode", "message", "fields"].iter().position(|m| *m == key)
    }
    fn decode_field<'de, D: Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
        match index {
            0 => de::fill::<Str, D>(&mut self.status_code, de, cx),
            1 => de::fill::<Str, D>(&mut self.message, de, cx),
            _ => de::fill::<Nullable<Array<Str>>, D>(&mut self.fields, de, cx),
        }
    }
    fn keep(&mut self, key: String, value: Value) -> bool {
        keep_in(&mut self.other, key, value)
    }
    fn finish(self, cx: &mut Ctx) -> Option<SaveError> {
        let status_code = de::required(self.status_code, cx, "statusCode", "an error states its `statusCode`");
        let message = de::or_absent(self.message, String::new);
        let fields = de::or_absent(self.fields, || None);
        Some(SaveError {
            status_code: status_code?,
            message: message?,
            fields: fields?.unwrap_or_default(),
            other: self.other,
        })
    }
}

impl Codec for SaveError {
    type Value = SaveError;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<SaveError>, D::Error> {
        decode_object::<SaveErrorBuilder, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &SaveError, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("statusCode", &value.status_code)?;
        map.serialize_entry("message", &value.message)?;
        map.serialize_entry("fields", &value.fields)?;
        for (k, v) in &value.other {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Default)]
struct SaveResultBuilder {
    id: Slot<Nullable<Id>>,
    success: Slot<Bool>,
    errors: Slot<Nullable<Array<SaveError>>>,
    created: Slot<Nullable<Bool>>,
    other: BTreeMap<String, Value>,
}

impl Builder for SaveResultBuilder {
    type Output = SaveResult;
    const NAME: &'static str = "a SaveResult";
    fn field_index(&self, key: &str) -> Option<usize> {
        ["id", "success", "errors", "created"].iter().position(|m| *m == key)
    }
    fn decode_field<'de, D: Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
        match index {
            0 => de::fill::<Nullable<Id>, D>(&mut self.id, de, cx),
            1 => de::fill::<Bool, D>(&mut self.success, de, cx),
            2 => de::fill::<Nullable<Array<SaveError>>, D>(&mut self.errors, de, cx),
            _ => de::fill::<Nullable<Bool>, D>(&mut self.created, de, cx),
        }
    }
    fn keep(&mut self, key: String, value: Value) -> bool {
        keep_in(&mut self.other, key, value)
    }
    fn finish(self, cx: &mut Ctx) -> Option<SaveResult> {
        let success = de::required(self.success, cx, "success", "a SaveResult states its `success`");
        let id = de::or_absent(self.id, || None);
        let errors = de::or_absent(self.errors, || None);
        let created = de::or_absent(self.created, || None);
        Some(SaveResult {
            id: id?,
            success: success?,
            errors: errors?.unwrap_or_default(),
            created: created?,
            other: self.other,
        })
    }
}

impl Codec for SaveResult {
    type Value = SaveResult;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<SaveResult>, D::Error> {
        decode_object::<SaveResultBuilder, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &SaveResult, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        put::<_, Nullable<Id>>(&mut map, "id", &value.id)?;
        map.serialize_entry("success", &value.success)?;
        map.serialize_entry("errors", &value.errors)?;
        if let Some(created) = value.created {
            map.serialize_entry("created", &created)?;
        }
        for (k, v) in &value.other {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One entry of the REST API's error body (an array of them, with an HTTP 4xx status):
/// `message`, `errorCode`, and the `fields` it concerns (absent for some codes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestError {
    /// The message for people.
    pub message: String,
    /// The API's code (`NOT_FOUND`, `INVALID_FIELD`, `MALFORMED_ID`; wire `errorCode`).
    pub error_code: String,
    /// The fields the problem concerns, when the body names them.
    pub fields: Option<Vec<String>>,
    /// Members Salesforce may add, kept as they came.
    pub other: BTreeMap<String, Value>,
}

impl RestError {
    /// Reads an error body: its entries, or every problem at its pointer.
    pub fn list_from_json(json: impl AsRef<[u8]>) -> Result<Vec<RestError>, ValidationErrors> {
        de::parse::<Array<RestError>>(json.as_ref(), Op::Read)
    }
    /// The error body Salesforce would answer for `errors` (one entry per problem, with
    /// the code of each: [`ValidationErrors::to_salesforce_errors`]).
    pub fn from_validation_errors(errors: &ValidationErrors) -> Vec<RestError> {
        let body = serde_json::to_vec(&errors.to_salesforce_errors()).unwrap_or_default();
        // The body is built from strings: it always reads back.
        RestError::list_from_json(body).unwrap_or_default()
    }
}

impl Serialize for RestError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RestError::encode(self, s)
    }
}

#[derive(Default)]
struct RestErrorBuilder {
    message: Slot<Str>,
    error_code: Slot<Str>,
    fields: Slot<Nullable<Array<Str>>>,
    other: BTreeMap<String, Value>,
}

impl Builder for RestErrorBuilder {
    type Output = RestError;
    const NAME: &'static str = "an error";
    fn field_index(&self, key: &str) -> Option<usize> {
        ["message", "errorCode", "fields"].iter().position(|m| *m == key)
    }
    fn decode_field<'de, D: Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
        match index {
            0 => de::fill::<Str, D>(&mut self.message, de, cx),
            1 => de::fill::<Str, D>(&mut self.error_code, de, cx),
            _ => de::fill::<Nullable<Array<Str>>, D>(&mut self.fields, de, cx),
        }
    }
    fn keep(&mut self, key: String, value: Value) -> bool {
        keep_in(&mut self.other, key, value)
    }
    fn finish(self, cx: &mut Ctx) -> Option<RestError> {
        let error_code = de::required(self.error_code, cx, "errorCode", "an error states its `errorCode`");
        let message = de::or_absent(self.message, String::new);
        let fields = de::or_absent(self.fields, || None);
        Some(RestError { message: message?, error_code: error_code?, fields: fields?, other: self.other })
    }
}

impl Codec for RestError {
    type Value = RestError;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<RestError>, D::Error> {
        decode_object::<RestErrorBuilder, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &RestError, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("message", &value.message)?;
        map.serialize_entry("errorCode", &value.error_code)?;
        if let Some(fields) = &value.fields {
            map.serialize_entry("fields", fields)?;
        }
        for (k, v) in &value.other {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

// ---------------------------------------------------------------------------------
// sObject Collections requests.

/// An sObject Collections request body (`allOrNone`, `records`), records of type `T`:
/// a create value (`POST /composite/sobjects`), an [`UpdateRecord`] (`PATCH`), or an
/// [`UpsertRecord`] (`PATCH /composite/sobjects/{SObject}/{ExternalIdField}`). Up to
/// 200 records.
#[derive(Clone, Debug, PartialEq)]
pub struct CollectionRequest<T> {
    /// Whether one failed record rolls back all (the server's default: false).
    pub all_or_none: Option<bool>,
    /// The records, each with `attributes` naming its object.
    pub records: Vec<T>,
}

impl<T> Default for CollectionRequest<T> {
    fn default() -> Self {
        CollectionRequest { all_or_none: None, records: Vec::new() }
    }
}

impl<T> CollectionRequest<T> {
    /// A request of `records`, the server's default `allOrNone`.
    pub fn new(records: Vec<T>) -> Self {
        CollectionRequest { all_or_none: None, records }
    }
    /// The same request, rolled back whole when one record fails (`allOrNone: true`).
    pub fn all_or_none(mut self, all_or_none: bool) -> Self {
        self.all_or_none = Some(all_or_none);
        self
    }
}

/// The most records one sObject Collections request may carry.
pub const MAX_RECORDS: usize = 200;

impl<T: Serialize> Serialize for CollectionRequest<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(all) = self.all_or_none {
            map.serialize_entry("allOrNone", &all)?;
        }
        map.serialize_entry("records", &Records(&self.records))?;
        map.end()
    }
}

struct Records<'a, T>(&'a [T]);

impl<T: Serialize> Serialize for Records<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for r in self.0 {
            seq.serialize_element(r)?;
        }
        seq.end()
    }
}

/// The codec of a request body whose records have codec `R`.
struct Collection<R>(PhantomData<fn() -> R>);

struct CollectionBuilder<R: Codec> {
    all_or_none: Slot<Nullable<Bool>>,
    records: Slot<Array<R>>,
}

impl<R: Codec> Default for CollectionBuilder<R> {
    fn default() -> Self {
        CollectionBuilder { all_or_none: None, records: None }
    }
}

impl<R: Codec> Builder for CollectionBuilder<R> {
    type Output = CollectionRequest<R::Value>;
    const NAME: &'static str = "an sObject Collections request";
    fn field_index(&self, key: &str) -> Option<usize> {
        ["allOrNone", "records"].iter().position(|m| *m == key)
    }
    fn decode_field<'de, D: Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
        match index {
            0 => de::fill::<Nullable<Bool>, D>(&mut self.all_or_none, de, cx),
            _ => de::fill::<Array<R>, D>(&mut self.records, de, cx),
        }
    }
    fn keep(&mut self, _: String, _: Value) -> bool {
        false
    }
    fn finish(self, cx: &mut Ctx) -> Option<Self::Output> {
        let records = de::required(self.records, cx, "records", "an sObject Collections request carries `records`");
        let all_or_none = de::or_absent(self.all_or_none, || None);
        let records = records?;
        if records.len() > MAX_RECORDS {
            let message = format!("{} records: one request carries at most {MAX_RECORDS}", records.len());
            cx.error_at("records", ErrorKind::OutOfRange, message);
            return None;
        }
        Some(CollectionRequest { all_or_none: all_or_none?, records })
    }
}

impl<R: Codec> Codec for Collection<R> {
    type Value = CollectionRequest<R::Value>;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Self::Value>, D::Error> {
        decode_object::<CollectionBuilder<R>, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(all) = value.all_or_none {
            map.serialize_entry("allOrNone", &all)?;
        }
        put::<_, Array<R>>(&mut map, "records", &value.records)?;
        map.end()
    }
}

/// Reads the body of `POST /composite/sobjects` whose records are creates of `C`
/// (records of other objects are `invalid_value` at `/records/i/attributes/type`).
pub fn parse_create_request<C: Codec + SObjectType>(
    json: &[u8],
) -> Result<CollectionRequest<C::Value>, ValidationErrors> {
    de::parse::<Collection<CollectionCreate<C>>>(json, Op::Create)
}

/// Reads the body of `PATCH /composite/sobjects` whose records update `U`s, each with
/// its `Id`.
pub fn parse_update_request<U: Codec<Value = U> + SObjectType + de::Members>(
    json: &[u8],
) -> Result<CollectionRequest<UpdateRecord<U>>, ValidationErrors> {
    de::parse::<Collection<CollectionUpdate<U>>>(json, Op::Update)
}

/// The `attributes` a record of an sObject Collections request carries: its object's
/// name (`{"type": "Contact"}`).
pub fn attributes_of<T: SObjectType>() -> Attributes {
    Attributes { object_type: T::OBJECT.to_owned(), ..Attributes::default() }
}

/// The resource of an upsert by external id: `/composite/sobjects/{SObject}/{Field}`
/// (after `/services/data/vXX.X`).
pub fn upsert_path<C: SObjectType>(external_id_field: &str) -> String {
    format!("/composite/sobjects/{}/{external_id_field}", C::OBJECT)
}

/// One record of an upsert by external id: the create body `C` (a record that matches
/// none is created), keyed by `external_id_field`, whose value it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct UpsertRecord<C> {
    /// The record's id when the upsert is keyed by `Id` (`None`: `null`, create it).
    pub id: Option<Id>,
    /// The record, with its `attributes` and the external id field's value.
    pub record: C,
}

impl<C: Serialize> Serialize for UpsertRecord<C> {
    /// The record, with `Id` (its value or `null`) when the upsert is keyed by `Id`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Value::Object(mut members) = de::to_json_value(&self.record) else {
            return self.record.serialize(s);
        };
        let mut map = s.serialize_map(None)?;
        if let Some(id) = &self.id {
            map.serialize_entry("Id", id.as_str())?;
        }
        for (k, v) in std::mem::take(&mut members) {
            map.serialize_entry(&k, &v)?;
        }
        map.end()
    }
}

/// Reads the body of `PATCH /composite/sobjects/{SObject}/{external_id_field}`: each
/// record is checked as a create of `C` (a record no existing one matches is created,
/// so it must hold what a create needs) and must carry the external id field
/// (`required` at `/records/i/{field}` otherwise). Keyed by `Id`, a record carries
/// `Id` as an id or `null` (create), which a create body could not.
pub fn parse_upsert_request<C: Codec + SObjectType>(
    json: &[u8],
    external_id_field: &str,
) -> Result<CollectionRequest<UpsertRecord<C::Value>>, ValidationErrors>
where
    C::Value: Serialize,
{
    let by_id = external_id_field.eq_ignore_ascii_case("Id");
    let mut doc: Value = match serde_json::from_slice(json) {
        Ok(doc) => doc,
        // Not JSON: the parser says where, as for any body.
        Err(_) => {
            let request = de::parse::<Collection<CollectionCreate<C>>>(json, Op::Create)?;
            let records = request.records.into_iter().map(|record| UpsertRecord { id: None, record }).collect();
            return Ok(CollectionRequest { all_or_none: request.all_or_none, records });
        }
    };
    // Keyed by `Id`, each record's `Id` is taken out (and checked) before the rest is
    // checked as a create body, which may not carry one.
    let mut ids: Vec<Result<Option<Id>, ValidationError>> = Vec::new();
    let mut problems: Vec<ValidationError> = Vec::new();
    if let Some(records) = doc.get_mut("records").and_then(Value::as_array_mut) {
        for (i, record) in records.iter_mut().enumerate() {
            let Some(members) = record.as_object_mut() else {
                ids.push(Ok(None));
                continue;
            };
            let key = members.keys().find(|k| k.eq_ignore_ascii_case(external_id_field)).cloned();
            match (by_id, key) {
                (true, Some(key)) => {
                    let value = members.remove(&key).unwrap_or(Value::Null);
                    ids.push(read_upsert_id::<C>(&value).map_err(|mut e| {
                        e.prefix(&format!("/records/{i}/{}", key.replace('~', "~0").replace('/', "~1")));
                        e
                    }));
                }
                (_, None) => {
                    let message = format!("a record of an upsert by `{external_id_field}` carries that field");
                    let pointer = format!("/records/{i}/{external_id_field}");
                    problems.push(ValidationError::new(pointer, ErrorKind::Required, message));
                    ids.push(Ok(None));
                }
                (false, Some(key)) => {
                    if members.get(&key).is_some_and(Value::is_null) {
                        let message = format!("the upsert's key `{external_id_field}` may not be null");
                        problems.push(ValidationError::new(
                            format!("/records/{i}/{key}"),
                            ErrorKind::Required,
                            message,
                        ));
                    }
                    ids.push(Ok(None));
                }
            }
        }
    }
    let rewritten = serde_json::to_vec(&doc).unwrap_or_default();
    let parsed = de::parse::<Collection<CollectionCreate<C>>>(&rewritten, Op::Create);
    let mut errors: Vec<ValidationError> = problems;
    errors.extend(ids.iter().filter_map(|r| r.as_ref().err().cloned()));
    match parsed {
        Ok(request) if errors.is_empty() => {
            let records = request
                .records
                .into_iter()
                .zip(ids.into_iter().chain(std::iter::repeat(Ok(None))))
                .map(|(record, id)| UpsertRecord { id: id.ok().flatten(), record })
                .collect();
            Ok(CollectionRequest { all_or_none: request.all_or_none, records })
        }
        Ok(_) => Err(ValidationErrors::from_vec(errors)),
        Err(e) => {
            errors.extend(e.errors().iter().cloned());
            Err(ValidationErrors::from_vec(errors))
        }
    }
}

/// The `Id` of one upsert record keyed by `Id`: `null` (create) or an id of `C`.
fn read_upsert_id<C: SObjectType>(value: &Value) -> Result<Option<Id>, ValidationError> {
    let mut cx = Ctx::new(Op::Update);
    let id = <Nullable<Id> as Codec>::decode(value, &mut cx).unwrap_or(None);
    if let Some(e) = cx.into_errors().errors().first() {
        return Err(e.clone());
    }
    match (id.flatten(), C::KEY_PREFIX) {
        (Some(id), Some(p)) if id.key_prefix() != p => Err(ValidationError::new(
            "",
            ErrorKind::InvalidValue,
            format!("must be the id of a {}, not a record with key prefix {}", C::OBJECT, id.key_prefix()),
        )
        .with_code("MALFORMED_ID")),
        (id, _) => Ok(id),
    }
}

/// The answer to `GET /limits/recordCount?sObjects=…`: how many records each object
/// holds (an object with none may be left out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordCount {
    /// One entry per object (wire `sObjects`).
    pub sobjects: Vec<ObjectCount>,
}

wire_record!(RecordCount { sobjects: "sObjects" required });

/// How many records one object holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectCount {
    /// The object's API name.
    pub name: String,
    /// Its records (approximate: the count is refreshed periodically).
    pub count: u64,
}

wire_record!(ObjectCount { name: "name" required, count: "count" required });

impl fmt::Display for RestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_code, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(e: &ValidationErrors) -> Vec<(&str, &str)> {
        e.iter().map(|e| (e.pointer(), e.kind().as_str())).collect()
    }

    #[test]
    fn a_query_page_of_any_records_round_trips() {
        // From the REST API Developer Guide's "Execute a SOQL Query" example.
        let page = json!({"totalSize": 3214, "done": false,
            "nextRecordsUrl": "/services/data/v62.0/query/01gD0000002HU6KIAW-2000",
            "records": [{"attributes": {"type": "Contact", "url": "/services/data/v62.0/sobjects/Contact/003D000000QV9n2IAD"},
                "Name": "Jane Doe", "Account": null}]});
        let q = QueryResult::<SObject>::from_json(page.to_string()).unwrap();
        assert_eq!((q.total_size, q.done, q.records.len()), (3214, false, 1));
        assert_eq!(q.records[0].object_type(), Some("Contact"));
        assert_eq!(serde_json::to_value(&q).unwrap(), page);
    }

    #[test]
    fn every_problem_of_a_page_is_reported_at_its_pointer() {
        let page = r#"{"totalSize": -1, "done": "yes", "records": [{}, {"attributes": {"url": "/x"}}, 3]}"#;
        let e = QueryResult::<SObject>::from_json(page).unwrap_err();
        assert_eq!(
            found(&e),
            [
                ("/totalSize", "out_of_range"),
                ("/done", "type"),
                ("/records/1/attributes/type", "required"),
                ("/records/2", "type")
            ]
        );
    }

    #[test]
    fn related_records_are_absent_null_or_records() {
        let fields: BTreeMap<String, Value> =
            serde_json::from_value(json!({"Who": {"attributes": {"type": "Lead"}, "Company": "X"},
            "What": null, "Owner": 3}))
            .unwrap();
        assert!(SObject::related(&fields, "Account").unwrap().is_absent());
        assert!(SObject::related(&fields, "What").unwrap().is_null());
        let who = SObject::related(&fields, "Who").unwrap();
        assert_eq!(who.value().and_then(SObject::object_type), Some("Lead"));
        assert_eq!(found(&SObject::related(&fields, "Owner").unwrap_err()), [("/Owner", "type")]);
    }

    #[test]
    fn save_results_with_and_without_errors() {
        // The guide's sObject Collections example answers.
        let body = json!([
            {"id": "001RM000003oLnnYAE", "success": true, "errors": []},
            {"id": "003RM0000068xVCYAY", "success": true, "errors": [], "created": false},
            {"success": false, "errors": [{"statusCode": "MALFORMED_ID", "message": "malformed id 001RM000003oLrB000", "fields": []}]}
        ]);
        let results = SaveResult::list_from_json(body.to_string()).unwrap();
        assert_eq!(results[1].created, Some(false));
        assert_eq!((results[2].id, results[2].success), (None, false));
        assert_eq!(results[2].errors[0].status_code, "MALFORMED_ID");
        let written = serde_json::to_value(&results).unwrap();
        assert_eq!(written[0], body[0]);
        assert_eq!(written[2]["errors"], body[2]["errors"]);
        let e = SaveResult::list_from_json(r#"[{"id": "001", "errors": [{"message": 1}]}]"#).unwrap_err();
        assert_eq!(
            found(&e),
            [
                ("/0/id", "format"),
                ("/0/errors/0/message", "type"),
                ("/0/errors/0/statusCode", "required"),
                ("/0/success", "required")
            ]
        );
    }

    #[test]
    fn rest_error_bodies() {
        let body = r#"[{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}]"#;
        let errors = RestError::list_from_json(body).unwrap();
        assert_eq!((errors[0].error_code.as_str(), errors[0].fields.as_ref()), ("NOT_FOUND", None));
        assert_eq!(errors[0].to_string(), "NOT_FOUND: The requested resource does not exist");
        let ours = ValidationErrors::from_vec(vec![ValidationError::new("/Subject", ErrorKind::TooLong, "too long")]);
        let body = RestError::from_validation_errors(&ours);
        assert_eq!(
            (body[0].error_code.as_str(), body[0].fields.clone()),
            ("STRING_TOO_LONG", Some(vec!["Subject".into()]))
        );
        assert_eq!(found(&RestError::list_from_json("{}").unwrap_err()), [("", "type")]);
    }
}
