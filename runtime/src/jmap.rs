//! JMAP envelopes (RFC 8620), sans I/O: the request and response bodies around the
//! objects, typed, for a client that does its own HTTP. The method names and the
//! capability are the ones the Stalwart server uses for its management objects
//! (`x:Task/get`, `urn:stalwart:jmap`); each generated object states its own through
//! [`JmapObject`].
//!
//! - [`Request`] / [`Response`]: section 3.3 and 3.4 (`using`, `methodCalls`,
//!   `methodResponses`, `createdIds`, `sessionState`), each call an [`Invocation`].
//! - `/get` ([`GetRequest`], [`GetResponse`]): section 5.1.
//! - `/changes` ([`ChangesRequest`], [`ChangesResponse`]): section 5.2.
//! - `/set` ([`SetRequest`], [`SetResponse`], [`SetError`]): section 5.3.
//! - `/query` ([`QueryRequest`], [`QueryResponse`]): section 5.5.
//! - Back-references: an id `#t1` names an object created in the same request
//!   ([`IdRef`]); `#ids` takes a previous call's result ([`ResultReference`], 3.7).
//!
//! Each invocation's arguments are kept as the JSON text that came (a [`RawValue`]), not
//! as a tree: [`Response::get`] reads a `/get` list straight from that text with the
//! generated types' decoders ([`GetResponse::from_json`]), every problem at its pointer
//! into the whole response (`/methodResponses/0/1/list/3/status`).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeOwned, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::container::{Array, Nullable};
use super::de::{self, decode_object, As, Builder, Codec, Ctx, Op, Slot};
use super::error::ValidationErrors;
use super::patch::Patch;
use super::scalar::Str;
use super::stalwart::Id;
use super::wire_record::wire_record;

/// The JMAP core capability, which every request uses.
pub const CORE: &str = "urn:ietf:params:jmap:core";

/// What a generated object tells the envelopes: its method prefix and capability, and
/// its create and partial-read types.
pub trait JmapObject {
    /// The object's name in method names (`x:Task`): methods are `x:Task/get`, ….
    const METHOD_PREFIX: &'static str;
    /// The capability its methods need (`urn:stalwart:jmap`).
    const CAPABILITY: &'static str;
    /// What `/get` returns with no `properties`: the full read (read with its decoder,
    /// the `Codec`, straight from the response's text).
    type Read: DeserializeOwned + Serialize + Codec<Value = Self::Read>;
    /// What a client sends in `/set`'s `create`.
    type Create: DeserializeOwned + Serialize;
    /// What `/get` with `properties` returns, and what `/set` reports for created and
    /// updated objects (the properties the server set).
    type Partial: DeserializeOwned + Serialize;
}

/// The method name of `method` (`get`, `set`, …) on object `T` (`x:Task/get`).
pub fn method_name<T: JmapObject>(method: &str) -> String {
    format!("{}/{method}", T::METHOD_PREFIX)
}

/// One method call or response: `[name, arguments, call id]` (RFC 8620 section 3.2).
///
/// The arguments are the JSON text that came (or that [`Request::call`] wrote), kept as
/// a [`RawValue`] rather than a `serde_json::Value`: reading a response's arguments into
/// their types then reads that text once, with nothing built in between (a 1,000-task
/// `/get` read through a `Value` tree cost 2.3 times the plain derive; BENCHMARKS.md).
/// Two invocations are equal when their names, call ids and argument texts are.
#[derive(Clone, Debug)]
pub struct Invocation(pub String, pub Box<RawValue>, pub String);

// `[name, arguments, call id]`, as serde's derive writes and reads a tuple struct.
impl Serialize for Invocation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTupleStruct as _;
        let mut t = serializer.serialize_tuple_struct("Invocation", 3)?;
        t.serialize_field(&self.0)?;
        t.serialize_field(&self.1)?;
        t.serialize_field(&self.2)?;
        t.end()
    }
}

impl<'de> Deserialize<'de> for Invocation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Triple;
        impl<'de> serde::de::Visitor<'de> for Triple {
            type Value = Invocation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("tuple struct Invocation")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Invocation, A::Error> {
                let missing = |i| serde::de::Error::invalid_length(i, &"tuple struct Invocation with 3 elements");
                let name = seq.next_element()?.ok_or_else(|| missing(0))?;
                let arguments = seq.next_element()?.ok_or_else(|| missing(1))?;
                let call_id = seq.next_element()?.ok_or_else(|| missing(2))?;
                Ok(Invocation(name, arguments, call_id))
            }
        }
        deserializer.deserialize_tuple_struct("Invocation", 3, Triple)
    }
}

impl PartialEq for Invocation {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 && self.1.get() == other.1.get() && self.2 == other.2
    }
}

impl Invocation {
    /// An invocation of `name` with `arguments` written as JSON (an argument that cannot
    /// be, such as a map with non-string keys, is the error).
    pub fn new(name: &str, arguments: &impl Serialize, call_id: &str) -> Result<Self, serde_json::Error> {
        Ok(Invocation(name.to_owned(), serde_json::value::to_raw_value(arguments)?, call_id.to_owned()))
    }
    /// The method name (`x:Task/set`; `error` for a method-level error).
    pub fn name(&self) -> &str {
        &self.0
    }
    /// The arguments, as the JSON text that came.
    pub fn arguments(&self) -> &RawValue {
        &self.1
    }
    /// The arguments as a JSON value (an error only for text nested deeper than
    /// serde_json's recursion limit of 128).
    pub fn arguments_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(self.1.get())
    }
    /// The call id that ties a response to its call.
    pub fn call_id(&self) -> &str {
        &self.2
    }
}

/// A JMAP request body (RFC 8620 section 3.3).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request {
    /// The capabilities the calls use.
    pub using: Vec<String>,
    /// The calls, run in order.
    pub method_calls: Vec<Invocation>,
    /// Creation ids already known to the client, to resolve `#` references.
    pub created_ids: Option<BTreeMap<String, Id>>,
}

wire_record!(Request { using: "using" required, method_calls: "methodCalls" required, created_ids: "createdIds" optional });

impl Request {
    /// An empty request using the core capability.
    pub fn new() -> Self {
        Request { using: vec![CORE.to_owned()], method_calls: Vec::new(), created_ids: None }
    }
    /// Appends a call of `method` on `T` with `arguments`, adding `T`'s capability to
    /// `using`. Arguments of this module's types always serialize.
    pub fn call<T: JmapObject>(&mut self, method: &str, arguments: &impl Serialize, call_id: &str) -> &mut Self {
        if !self.using.iter().any(|u| u == T::CAPABILITY) {
            self.using.push(T::CAPABILITY.to_owned());
        }
        let args = serde_json::value::to_raw_value(arguments)
            .unwrap_or_else(|_| serde_json::value::to_raw_value(&Value::Null).expect("null is JSON"));
        self.method_calls.push(Invocation(method_name::<T>(method), args, call_id.to_owned()));
        self
    }
    /// Appends `T/get`.
    pub fn get<T: JmapObject>(&mut self, arguments: &GetRequest, call_id: &str) -> &mut Self {
        self.call::<T>("get", arguments, call_id)
    }
    /// Appends `T/set`.
    pub fn set<T: JmapObject>(&mut self, arguments: &SetRequest<T::Create>, call_id: &str) -> &mut Self {
        self.call::<T>("set", arguments, call_id)
    }
    /// Appends `T/query`.
    pub fn query<T: JmapObject>(&mut self, arguments: &QueryRequest, call_id: &str) -> &mut Self {
        self.call::<T>("query", arguments, call_id)
    }
    /// Appends `T/changes`.
    pub fn changes<T: JmapObject>(&mut self, arguments: &ChangesRequest, call_id: &str) -> &mut Self {
        self.call::<T>("changes", arguments, call_id)
    }
}

/// A JMAP response body (RFC 8620 section 3.4).
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// One response per call (a call may give several), in order.
    pub method_responses: Vec<Invocation>,
    /// The ids the server gave objects created with a creation id.
    pub created_ids: Option<BTreeMap<String, Id>>,
    /// The session's state, to tell when the session object must be fetched again.
    pub session_state: String,
}

wire_record!(Response { method_responses: "methodResponses" required, created_ids: "createdIds" optional, session_state: "sessionState" required });

/// Why a method response could not be read as the type asked for.
#[derive(Debug)]
pub enum ResponseError {
    /// No response carries the call id.
    Missing(String),
    /// The server answered with a method-level error (section 3.6.2).
    Method(MethodError),
    /// The response is not the method asked for.
    OtherMethod {
        /// The name asked for.
        expected: String,
        /// The name the response carries.
        found: String,
    },
    /// The arguments are not what the method's response holds; the error's line and
    /// column are in the arguments' text.
    Body(serde_json::Error),
    /// The objects of a `/get` response do not read as their type: every problem, each
    /// at its JSON pointer into the whole response
    /// (`/methodResponses/0/1/list/3/status/due`).
    Invalid(ValidationErrors),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Missing(id) => write!(f, "no method response has call id `{id}`"),
            ResponseError::Method(e) => write!(f, "method error `{}`", e.kind),
            ResponseError::OtherMethod { expected, found } => write!(f, "expected a `{expected}` response, found `{found}`"),
            ResponseError::Body(e) => write!(f, "the response arguments do not read: {e}"),
            ResponseError::Invalid(e) => write!(f, "the response arguments do not read: {e}"),
        }
    }
}

impl std::error::Error for ResponseError {}

impl Response {
    /// Parses a response body. Each invocation's arguments are checked as JSON and kept
    /// as their text, read into their types by [`get`](Self::get), [`set`](Self::set), ….
    pub fn from_json(json: impl AsRef<[u8]>) -> Result<Response, serde_json::Error> {
        // Checked as UTF-8 once, then read as text (serde_json would check each string of
        // a byte slice, and each raw argument text again).
        match std::str::from_utf8(json.as_ref()) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(json.as_ref()),
        }
    }
    /// The first response to call `call_id`.
    pub fn invocation(&self, call_id: &str) -> Option<&Invocation> {
        self.method_responses.iter().find(|i| i.2 == call_id)
    }
    /// The position in `methodResponses` and the invocation of the response to
    /// `call_id`, when it is a `T/method` response.
    fn answer<T: JmapObject>(&self, method: &str, call_id: &str) -> Result<(usize, &Invocation), ResponseError> {
        let (index, inv) = self
            .method_responses
            .iter()
            .enumerate()
            .find(|(_, i)| i.2 == call_id)
            .ok_or_else(|| ResponseError::Missing(call_id.to_owned()))?;
        if inv.0 == "error" {
            return Err(match serde_json::from_str::<MethodError>(inv.1.get()) {
                Ok(e) => ResponseError::Method(e),
                Err(e) => ResponseError::Body(e),
            });
        }
        let expected = method_name::<T>(method);
        if inv.0 != expected {
            return Err(ResponseError::OtherMethod { expected, found: inv.0.clone() });
        }
        Ok((index, inv))
    }
    /// The response to call `call_id`, read as `T/method`'s arguments `A`.
    pub fn read<T: JmapObject, A: DeserializeOwned>(&self, method: &str, call_id: &str) -> Result<A, ResponseError> {
        let (_, inv) = self.answer::<T>(method, call_id)?;
        serde_json::from_str(inv.1.get()).map_err(ResponseError::Body)
    }
    /// The `T/get` response to `call_id` (full objects), read from the arguments' text
    /// with the objects' decoders: every problem is reported
    /// ([`ResponseError::Invalid`]), at its pointer into this response
    /// (`/methodResponses/0/1/list/3/status`).
    pub fn get<T: JmapObject>(&self, call_id: &str) -> Result<GetResponse<T::Read>, ResponseError> {
        let (index, inv) = self.answer::<T>("get", call_id)?;
        GetResponse::<T::Read>::from_text(inv.1.get()).map_err(|errors| {
            let at = format!("/methodResponses/{index}/1");
            ResponseError::Invalid(ValidationErrors::from_vec(
                errors.into_iter().map(|mut e| {
                    e.prefix(&at);
                    e
                })
                .collect(),
            ))
        })
    }
    /// The `T/get` response to `call_id` that asked for some properties only.
    pub fn get_partial<T: JmapObject>(&self, call_id: &str) -> Result<GetResponse<T::Partial>, ResponseError> {
        self.read::<T, _>("get", call_id)
    }
    /// The `T/set` response to `call_id`.
    pub fn set<T: JmapObject>(&self, call_id: &str) -> Result<SetResponse<T::Partial>, ResponseError> {
        self.read::<T, _>("set", call_id)
    }
    /// The `T/query` response to `call_id`.
    pub fn query<T: JmapObject>(&self, call_id: &str) -> Result<QueryResponse, ResponseError> {
        self.read::<T, _>("query", call_id)
    }
    /// The `T/changes` response to `call_id`.
    pub fn changes<T: JmapObject>(&self, call_id: &str) -> Result<ChangesResponse, ResponseError> {
        self.read::<T, _>("changes", call_id)
    }
}

/// A method-level error: the arguments of an `error` response (RFC 8620 section 3.6.2).
#[derive(Clone, Debug, PartialEq)]
pub struct MethodError {
    /// `unknownMethod`, `invalidArguments`, `invalidResultReference`, `forbidden`, ….
    pub kind: String,
    /// Details, when the server gives them.
    pub description: Option<String>,
}

wire_record!(MethodError { kind: "type" required, description: "description" optional });

/// An object id, or a reference `#creationId` to an object created earlier in the same
/// request (RFC 8620 section 5.3).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdRef {
    /// A stored object's id.
    Id(Id),
    /// `#` followed by a creation id of this request.
    Creation(String),
}

impl From<Id> for IdRef {
    fn from(id: Id) -> Self {
        IdRef::Id(id)
    }
}

impl fmt::Display for IdRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdRef::Id(id) => write!(f, "{id}"),
            IdRef::Creation(c) => write!(f, "#{c}"),
        }
    }
}

impl Serialize for IdRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IdRef {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        match s.strip_prefix('#') {
            Some(c) => Ok(IdRef::Creation(c.to_owned())),
            None => s.parse::<Id>().map(IdRef::Id).map_err(serde::de::Error::custom),
        }
    }
}

/// A reference to a previous call's result (RFC 8620 section 3.7), sent as `#ids`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultReference {
    /// The call id of the previous call.
    pub result_of: String,
    /// Its method name.
    pub name: String,
    /// A JSON pointer into its result (`/ids`, `/list/*/id`).
    pub path: String,
}

wire_record!(ResultReference { result_of: "resultOf" required, name: "name" required, path: "path" required });

/// `…/get` arguments (RFC 8620 section 5.1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GetRequest {
    /// The account; the server's primary one when absent.
    pub account_id: Option<String>,
    /// The objects to return; all of them when `None` (servers may limit that).
    pub ids: Option<Vec<IdRef>>,
    /// The ids as a previous call's result, instead of `ids`.
    pub ids_ref: Option<ResultReference>,
    /// The properties to return (with `id`); all when `None`.
    pub properties: Option<Vec<String>>,
}

wire_record!(GetRequest { account_id: "accountId" optional, ids: "ids" optional, ids_ref: "#ids" optional, properties: "properties" optional });

/// `…/get` response (RFC 8620 section 5.1); `T` is the read type, or the partial one
/// when the call named `properties`.
///
/// [`from_json`](Self::from_json) reads one with the read type's own decoder, straight
/// from the text, and reports every problem at its pointer; `Deserialize` works with any
/// deserializer (each object then reports its first problem only, without its position
/// in `list`).
#[derive(Clone, Debug, PartialEq)]
pub struct GetResponse<T> {
    /// The account read.
    pub account_id: Option<String>,
    /// The state of the objects (Stalwart's registry objects leave it out).
    pub state: Option<String>,
    /// The objects found.
    pub list: Vec<T>,
    /// The ids asked for that do not exist, as sent.
    pub not_found: Vec<String>,
}

wire_record!(GetResponse<T> { account_id: "accountId" optional, state: "state" optional, list: "list" required, not_found: "notFound" default });

impl<T: Codec<Value = T>> GetResponse<T> {
    /// Reads `/get` arguments whose objects are the read type `T` (a generated one):
    /// the response, or every problem at its pointer (`/list/3/status/due`). A member
    /// this type does not know is ignored.
    pub fn from_json(json: impl AsRef<[u8]>) -> Result<Self, ValidationErrors> {
        match std::str::from_utf8(json.as_ref()) {
            Ok(text) => Self::from_text(text),
            // `parse` reports where the text stops being UTF-8.
            Err(_) => de::parse::<Get<T>>(json.as_ref(), Op::Read),
        }
    }
    /// Reads the arguments from text (already checked as UTF-8).
    fn from_text(text: &str) -> Result<Self, ValidationErrors> {
        de::parse_text::<Get<T>>(text, Op::Read)
    }
}

/// The codec of `/get` arguments whose objects have codec `C`.
#[doc(hidden)]
pub struct Get<C>(std::marker::PhantomData<fn() -> C>);

struct GetBuilder<C: Codec> {
    account_id: Slot<Nullable<Str>>,
    state: Slot<Nullable<Str>>,
    list: Slot<Array<C>>,
    not_found: Slot<Nullable<Array<Str>>>,
}

impl<C: Codec> Default for GetBuilder<C> {
    fn default() -> Self {
        GetBuilder { account_id: None, state: None, list: None, not_found: None }
    }
}

impl<C: Codec> Builder for GetBuilder<C> {
    type Output = GetResponse<C::Value>;
    const NAME: &'static str = "a /get response";
    fn field_index(&self, key: &str) -> Option<usize> {
        ["accountId", "state", "list", "notFound"].iter().position(|m| *m == key)
    }
    fn decode_field<'de, D: Deserializer<'de>>(&mut self, index: usize, de: D, cx: &mut Ctx) -> Result<(), D::Error> {
        match index {
            0 => de::fill::<Nullable<Str>, D>(&mut self.account_id, de, cx),
            1 => de::fill::<Nullable<Str>, D>(&mut self.state, de, cx),
            2 => de::fill::<Array<C>, D>(&mut self.list, de, cx),
            _ => de::fill::<Nullable<Array<Str>>, D>(&mut self.not_found, de, cx),
        }
    }
    fn finish(self, cx: &mut Ctx) -> Option<Self::Output> {
        let list = de::required(self.list, cx, "list", "a /get response holds a `list`");
        let account_id = de::or_absent(self.account_id, || None);
        let state = de::or_absent(self.state, || None);
        // `notFound` is `Id[]`; a server that writes `null` (or leaves it out) found all.
        let not_found = de::or_absent(self.not_found, || None);
        Some(GetResponse { account_id: account_id?, state: state?, list: list?, not_found: not_found?.unwrap_or_default() })
    }
}

impl<C: Codec> Codec for Get<C> {
    type Value = GetResponse<C::Value>;
    fn decode<'de, D: Deserializer<'de>>(de: D, cx: &mut Ctx) -> Result<Option<Self::Value>, D::Error> {
        decode_object::<GetBuilder<C>, D>(de, cx)
    }
    fn encode<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(a) = &value.account_id {
            map.serialize_entry("accountId", a)?;
        }
        if let Some(st) = &value.state {
            map.serialize_entry("state", st)?;
        }
        map.serialize_entry("list", &As::<Array<C>>::new(&value.list))?;
        map.serialize_entry("notFound", &value.not_found)?;
        map.end()
    }
}

/// `…/changes` arguments (RFC 8620 section 5.2).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangesRequest {
    /// The account; the server's primary one when absent.
    pub account_id: Option<String>,
    /// The state the client has.
    pub since_state: String,
    /// The most ids to return.
    pub max_changes: Option<u64>,
}

wire_record!(ChangesRequest { account_id: "accountId" optional, since_state: "sinceState" required, max_changes: "maxChanges" optional });

/// `…/changes` response (RFC 8620 section 5.2).
#[derive(Clone, Debug, PartialEq)]
pub struct ChangesResponse {
    /// The account.
    pub account_id: String,
    /// `sinceState`, echoed.
    pub old_state: String,
    /// The state after these changes.
    pub new_state: String,
    /// Whether more changes follow `newState`.
    pub has_more_changes: bool,
    /// Objects created since.
    pub created: Vec<Id>,
    /// Objects changed since.
    pub updated: Vec<Id>,
    /// Objects destroyed since.
    pub destroyed: Vec<Id>,
}

wire_record!(ChangesResponse { account_id: "accountId" required, old_state: "oldState" required, new_state: "newState" required, has_more_changes: "hasMoreChanges" required, created: "created" required, updated: "updated" required, destroyed: "destroyed" required });

/// `…/set` arguments (RFC 8620 section 5.3): `C` is the object's create type.
#[derive(Clone, Debug, PartialEq)]
pub struct SetRequest<C> {
    /// The account; the server's primary one when absent.
    pub account_id: Option<String>,
    /// Apply only if the state is still this one.
    pub if_in_state: Option<String>,
    /// Objects to create, by creation id (`#id` elsewhere in the request names them).
    pub create: Option<BTreeMap<String, C>>,
    /// Patches to apply, by object id.
    pub update: Option<BTreeMap<IdRef, Patch>>,
    /// Objects to destroy.
    pub destroy: Option<Vec<IdRef>>,
}

wire_record!(SetRequest<C> { account_id: "accountId" optional, if_in_state: "ifInState" optional, create: "create" optional, update: "update" optional, destroy: "destroy" optional });

impl<C> Default for SetRequest<C> {
    fn default() -> Self {
        SetRequest { account_id: None, if_in_state: None, create: None, update: None, destroy: None }
    }
}

impl<C> SetRequest<C> {
    /// Adds an object to create under `creation_id`.
    pub fn create(mut self, creation_id: &str, value: C) -> Self {
        self.create.get_or_insert_with(BTreeMap::new).insert(creation_id.to_owned(), value);
        self
    }
    /// Adds a patch of object `id`.
    pub fn update(mut self, id: impl Into<IdRef>, patch: Patch) -> Self {
        self.update.get_or_insert_with(BTreeMap::new).insert(id.into(), patch);
        self
    }
    /// Adds an object to destroy.
    pub fn destroy(mut self, id: impl Into<IdRef>) -> Self {
        self.destroy.get_or_insert_with(Vec::new).push(id.into());
        self
    }
}

/// `…/set` response (RFC 8620 section 5.3): `P` is the object's partial-read type (what
/// the server reports of created and updated objects: `id` and what it set).
#[derive(Clone, Debug, PartialEq)]
pub struct SetResponse<P> {
    /// The account.
    pub account_id: Option<String>,
    /// The state before.
    pub old_state: Option<String>,
    /// The state after.
    pub new_state: Option<String>,
    /// Created objects by creation id: their `id` and any property the server set.
    pub created: Option<BTreeMap<String, P>>,
    /// Updated objects by id: `null`, or the properties the server changed itself.
    pub updated: Option<BTreeMap<Id, Option<P>>>,
    /// Destroyed ids.
    pub destroyed: Option<Vec<Id>>,
    /// Creations refused, by creation id.
    pub not_created: Option<BTreeMap<String, SetError>>,
    /// Updates refused, by id as sent.
    pub not_updated: Option<BTreeMap<String, SetError>>,
    /// Destructions refused, by id as sent.
    pub not_destroyed: Option<BTreeMap<String, SetError>>,
}

wire_record!(SetResponse<P> { account_id: "accountId" optional, old_state: "oldState" optional, new_state: "newState" optional, created: "created" optional, updated: "updated" optional, destroyed: "destroyed" optional, not_created: "notCreated" optional, not_updated: "notUpdated" optional, not_destroyed: "notDestroyed" optional });

/// Why one create, update or destroy was refused (RFC 8620 section 5.3, with the
/// Stalwart registry's additions `invalidForeignKey` and `validationFailed`).
#[derive(Clone, Debug, PartialEq)]
pub struct SetError {
    /// `invalidPatch`, `invalidProperties`, `forbidden`, `notFound`, `invalidForeignKey`,
    /// `validationFailed`, …
    pub kind: String,
    /// Details for a person.
    pub description: Option<String>,
    /// The offending properties, as patch paths (`status/due`), as sent.
    pub properties: Option<Vec<String>>,
    /// `alreadyExists`: the object that exists.
    pub existing_id: Option<Id>,
    /// `invalidForeignKey`: the object an id points at that does not exist.
    pub object_id: Option<ObjectId>,
    /// `objectIsLinked`: the objects that point at this one.
    pub linked_objects: Vec<ObjectId>,
    /// `validationFailed`: what failed, one entry per property.
    pub validation_errors: Vec<ServerValidationError>,
}

wire_record!(SetError { kind: "type" required, description: "description" optional, properties: "properties" optional, existing_id: "existingId" optional, object_id: "objectId" optional, linked_objects: "linkedObjects" nonempty, validation_errors: "validationErrors" nonempty });

impl SetError {
    /// A set error of `kind` with nothing else.
    pub fn new(kind: &str) -> Self {
        SetError {
            kind: kind.to_owned(),
            description: None,
            properties: None,
            existing_id: None,
            object_id: None,
            linked_objects: Vec::new(),
            validation_errors: Vec::new(),
        }
    }
}

/// An object of the registry by type and id (`{"object": "Account", "id": "zzzz"}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectId {
    /// The object type (`Account`, `Domain`).
    pub object: String,
    /// Its id, as the server wrote it.
    pub id: String,
}

wire_record!(ObjectId { object: "object" required, id: "id" required });

/// One entry of a `validationFailed` error's `validationErrors` (the Stalwart
/// registry's validation after a create or patch applied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerValidationError {
    /// A value the property does not take.
    Invalid {
        /// The property.
        property: String,
        /// The value, as the server shows it (empty when it shows none).
        value: String,
    },
    /// A required property is missing.
    Required {
        /// The property.
        property: String,
    },
    /// Longer (or more items) than allowed.
    MaxLength {
        /// The property.
        property: String,
        /// The limit.
        required: u64,
    },
    /// Shorter (or fewer items) than allowed.
    MinLength {
        /// The property.
        property: String,
        /// The limit.
        required: u64,
    },
    /// Above the largest value allowed.
    MaxValue {
        /// The property.
        property: String,
        /// The limit.
        required: i64,
    },
    /// Below the smallest value allowed.
    MinValue {
        /// The property.
        property: String,
        /// The limit.
        required: i64,
    },
}

// Internally tagged by `type`, as serde's `#[serde(tag = "type")]` writes and reads it:
// `{"type":"MaxLength","property":"name","required":255}`.
impl Serialize for ServerValidationError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let (tag, property) = (self.tag(), self.property());
        let mut s = serializer.serialize_struct("ServerValidationError", 3)?;
        s.serialize_field("type", tag)?;
        s.serialize_field("property", property)?;
        match self {
            ServerValidationError::Invalid { value, .. } => s.serialize_field("value", value)?,
            ServerValidationError::Required { .. } => {}
            ServerValidationError::MaxLength { required, .. } | ServerValidationError::MinLength { required, .. } => {
                s.serialize_field("required", required)?
            }
            ServerValidationError::MaxValue { required, .. } | ServerValidationError::MinValue { required, .. } => {
                s.serialize_field("required", required)?
            }
        }
        s.end()
    }
}

impl<'de> Deserialize<'de> for ServerValidationError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        const TAGS: &[&str] = &["Invalid", "Required", "MaxLength", "MinLength", "MaxValue", "MinValue"];
        const MEMBERS: &[&str] = &["type", "property", "value", "required"];
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = ServerValidationError;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("internally tagged enum ServerValidationError")
            }
            // As the derive: also an array of the tag, then the variant's members in order.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let tag: String = seq.next_element()?.ok_or_else(|| A::Error::missing_field("type"))?;
                if !TAGS.contains(&tag.as_str()) {
                    return Err(A::Error::unknown_variant(&tag, TAGS));
                }
                let short = |i| A::Error::invalid_length(i, &"the variant's members");
                let property: String = seq.next_element()?.ok_or_else(|| short(0))?;
                Ok(match tag.as_str() {
                    "Invalid" => ServerValidationError::Invalid { property, value: seq.next_element()?.unwrap_or_default() },
                    "Required" => ServerValidationError::Required { property },
                    "MaxLength" => ServerValidationError::MaxLength { property, required: seq.next_element()?.ok_or_else(|| short(1))? },
                    "MinLength" => ServerValidationError::MinLength { property, required: seq.next_element()?.ok_or_else(|| short(1))? },
                    "MaxValue" => ServerValidationError::MaxValue { property, required: seq.next_element()?.ok_or_else(|| short(1))? },
                    _ => ServerValidationError::MinValue { property, required: seq.next_element()?.ok_or_else(|| short(1))? },
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // `value` and `required` are kept as they came and read only by the
                // variants that have them; the others ignore them, as the derive did.
                let (mut tag, mut property) = (None::<String>, None::<String>);
                let (mut value, mut required) = (None::<Value>, None::<Value>);
                while let Some(index) = map.next_key_seed(super::wire_record::Member(MEMBERS))? {
                    match index {
                        Some(0) if tag.is_none() => tag = Some(map.next_value()?),
                        Some(1) if property.is_none() => property = Some(map.next_value()?),
                        Some(2) if value.is_none() => value = Some(map.next_value()?),
                        Some(3) if required.is_none() => required = Some(map.next_value()?),
                        Some(i) => return Err(A::Error::duplicate_field(MEMBERS[i])),
                        None => drop(map.next_value::<serde::de::IgnoredAny>()?),
                    }
                }
                let tag = tag.ok_or_else(|| A::Error::missing_field("type"))?;
                let property = property.ok_or_else(|| A::Error::missing_field("property"))?;
                fn member<T: DeserializeOwned, E: serde::de::Error>(v: Option<Value>, name: &'static str) -> Result<T, E> {
                    serde_json::from_value(v.ok_or_else(|| E::missing_field(name))?).map_err(E::custom)
                }
                Ok(match tag.as_str() {
                    "Invalid" => ServerValidationError::Invalid {
                        property,
                        value: value.map_or(Ok(String::new()), |v| member(Some(v), "value"))?,
                    },
                    "Required" => ServerValidationError::Required { property },
                    "MaxLength" => ServerValidationError::MaxLength { property, required: member(required, "required")? },
                    "MinLength" => ServerValidationError::MinLength { property, required: member(required, "required")? },
                    "MaxValue" => ServerValidationError::MaxValue { property, required: member(required, "required")? },
                    "MinValue" => ServerValidationError::MinValue { property, required: member(required, "required")? },
                    other => return Err(A::Error::unknown_variant(other, TAGS)),
                })
            }
        }
        deserializer.deserialize_any(Entry)
    }
}

impl ServerValidationError {
    /// The entry's `type` on the wire (`MaxLength`).
    fn tag(&self) -> &'static str {
        match self {
            ServerValidationError::Invalid { .. } => "Invalid",
            ServerValidationError::Required { .. } => "Required",
            ServerValidationError::MaxLength { .. } => "MaxLength",
            ServerValidationError::MinLength { .. } => "MinLength",
            ServerValidationError::MaxValue { .. } => "MaxValue",
            ServerValidationError::MinValue { .. } => "MinValue",
        }
    }
    /// The property the entry is about.
    fn property(&self) -> &str {
        match self {
            ServerValidationError::Invalid { property, .. }
            | ServerValidationError::Required { property }
            | ServerValidationError::MaxLength { property, .. }
            | ServerValidationError::MinLength { property, .. }
            | ServerValidationError::MaxValue { property, .. }
            | ServerValidationError::MinValue { property, .. } => property,
        }
    }
}

/// One sort criterion of `…/query` (RFC 8620 section 5.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparator {
    /// The property to sort by.
    pub property: String,
    /// Ascending when `true` (the default).
    pub is_ascending: bool,
}

wire_record!(Comparator { property: "property" required, is_ascending: "isAscending" default_with(yes) });

fn yes() -> bool {
    true
}

/// `…/query` arguments (RFC 8620 section 5.5).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryRequest {
    /// The account; the server's primary one when absent.
    pub account_id: Option<String>,
    /// A filter condition or operator, as JSON (each object defines its conditions).
    pub filter: Option<Value>,
    /// Sort criteria.
    pub sort: Option<Vec<Comparator>>,
    /// The 0-based index of the first id to return (negative: from the end).
    pub position: Option<i64>,
    /// An id to start from instead of `position`.
    pub anchor: Option<Id>,
    /// The offset from `anchor`.
    pub anchor_offset: Option<i64>,
    /// The most ids to return.
    pub limit: Option<u64>,
    /// Whether to return `total`.
    pub calculate_total: Option<bool>,
}

wire_record!(QueryRequest { account_id: "accountId" optional, filter: "filter" optional, sort: "sort" optional, position: "position" optional, anchor: "anchor" optional, anchor_offset: "anchorOffset" optional, limit: "limit" optional, calculate_total: "calculateTotal" optional });

/// `…/query` response (RFC 8620 section 5.5).
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResponse {
    /// The account.
    pub account_id: String,
    /// The state of the query results.
    pub query_state: String,
    /// Whether `…/queryChanges` can follow this query.
    pub can_calculate_changes: bool,
    /// The index of the first id returned.
    pub position: u64,
    /// The ids, in order.
    pub ids: Vec<Id>,
    /// How many objects match, when asked for.
    pub total: Option<u64>,
    /// The limit the server applied, when it lowered the one asked for.
    pub limit: Option<u64>,
}

wire_record!(QueryResponse { account_id: "accountId" required, query_state: "queryState" required, can_calculate_changes: "canCalculateChanges" required, position: "position" required, ids: "ids" required, total: "total" optional, limit: "limit" optional });
