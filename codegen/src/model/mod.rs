//! The resolved model: the one thing emitters, the differ and the docs writer see.
//!
//! Built once by [`resolve`](crate::model::resolve); every type reference points at
//! its definition (a [`TypeId`]), every field knows its wire name, its Rust name and
//! what each operation may do with it. Tests construct it through the loader.

mod capabilities;
mod examples;
mod resolve;

pub use examples::{ObjectExamples, Sample};

pub use resolve::RawApiFiles;

pub use resolve::resolve;

use crate::diag::Loc;
pub use crate::schema::raw::Vocabulary;

/// Every API of a schema tree, sorted by name.
#[derive(Clone, Debug)]
pub struct Model {
    /// The APIs.
    pub apis: Vec<Api>,
}

/// One API: a wire profile and the objects that travel under it.
#[derive(Clone, Debug)]
pub struct Api {
    /// Identifier: Rust module and cargo feature name (`stalwart`).
    pub name: String,
    /// Human title.
    pub title: String,
    /// What the API is.
    pub description: String,
    /// Which reference pages' words the schema uses.
    pub vocabulary: Vocabulary,
    /// How values travel.
    pub wire: Wire,
    /// How a client expresses an update of an object (decided by the vocabulary).
    pub updates: Updates,
    /// Whether a read carries only the members its query selected (Salesforce SOQL), so
    /// that each member of a read is absent, `null` or a value, told apart.
    pub reads_select_members: bool,
    /// Object name to Salesforce id key prefix.
    pub key_prefixes: Vec<(String, String)>,
    /// Where each key prefix is written in api.yaml (object name to the prefix's place):
    /// the differ reports changes there.
    pub key_prefixes_at: Vec<(String, crate::diag::Loc)>,
    /// One module per object file, sorted by name.
    pub modules: Vec<Module>,
    /// Every type of the API; [`TypeId`] indexes this.
    pub types: Vec<TypeDef>,
}

impl Api {
    /// The type behind an id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// How a client expresses an update of an object, which decides the views and types
/// generated for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Updates {
    /// A body of the members to change (Salesforce `PATCH`): objects have an update view.
    Body,
    /// A JMAP PatchObject applied to the stored object (RFC 8620 section 5.3): objects
    /// have a patch and a partial read, and no update view.
    Patch,
}

/// A type's index in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// One object file: the object and its supporting types.
#[derive(Clone, Debug)]
pub struct Module {
    /// Rust module name (`task`).
    pub name: String,
    /// The schema file, relative to the schema root.
    pub source: String,
    /// The object the file defines.
    pub object: TypeId,
    /// Every type the file defines, the object first, then in file order.
    pub types: Vec<TypeId>,
    /// Where the Stalwart web UI shows it.
    pub webui: Option<String>,
}

/// The wire profile of an API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wire {
    /// Case every field name has (`camelCase`, `PascalCase`).
    pub keys: KeyCase,
    /// The member naming a variant.
    pub discriminator: Option<String>,
    /// How date-times are written.
    pub date_time: DateTimeForm,
    /// How identifiers are written.
    pub id: IdForm,
    /// How lists travel.
    pub list: Collection,
    /// How sets travel.
    pub set: Collection,
    /// Whether absent nullable values are written as `null`.
    pub write_nulls: bool,
    /// Name suffixes of members that always pass through untouched.
    pub passthrough_suffixes: Vec<String>,
    /// Whether records may carry an `attributes` object.
    pub record_attributes: bool,
    /// Whether client bodies may spell member names in any case (Salesforce); the
    /// canonical form uses the schema's spelling.
    pub keys_ignore_case: bool,
    /// What a length limit counts.
    pub length_unit: LengthUnit,
    /// The years a date or date-time of a client body may fall in (`wire.client-years`).
    pub client_years: Option<ClientYears>,
    /// Whether a create or update may set a reference through its relationship name
    /// and the related record's external id (Salesforce).
    pub external_id_lookups: bool,
    /// The member every object read carries with its server-set id (Stalwart: `id`).
    pub object_id: Option<String>,
    /// Rules the server applies to values in client bodies (create, update).
    pub client: ClientRules,
    /// What precedes an object's name in its JMAP method names (Stalwart: `x:`).
    pub jmap_method_prefix: Option<String>,
    /// The capability an object's JMAP methods need (Stalwart: `urn:stalwart:jmap`).
    pub jmap_capability: Option<String>,
    /// Where each setting is written in api.yaml (`wire.date-time` to its key), and the
    /// `wire` mapping itself under `wire`: the differ reports changes there.
    pub at: Vec<(String, crate::diag::Loc)>,
}

/// What a length limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthUnit {
    /// Unicode characters (scalar values).
    Characters,
    /// UTF-16 code units, as Java strings count (a character outside the Basic
    /// Multilingual Plane counts 2).
    Utf16,
}

/// What a server refuses in client bodies beyond what the types say: wire facts of an
/// API (`wire.client-rules` in `api.yaml`). Reads keep such values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientRules {
    /// `""` is refused for text (`invalid_value`).
    pub non_empty_strings: bool,
    /// Integers must be JSON integers: `1.0` and `1e0` are `type` errors.
    pub exact_integers: bool,
}

/// The years (inclusive) a date or date-time of a client body may fall in; outside them,
/// `out_of_range` (reads keep such values). `wire.client-years` in `api.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientYears {
    /// The first year.
    pub first: i32,
    /// The last year.
    pub last: i32,
    /// Which year of a date-time counts.
    pub date_time_year: DateTimeYear,
}

/// Which year of a date-time [`ClientYears`] judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateTimeYear {
    /// The year of its UTC date (Salesforce stores days 1700-01-01 to 4000-12-31).
    Utc,
    /// The year its text names, before its offset is applied (Stalwart checks the text).
    AsWritten,
}

/// The case of field names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCase {
    /// `accountId`.
    Camel,
    /// `AccountId`.
    Pascal,
}

/// Date-time wire forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateTimeForm {
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    SecondsZ,
    /// `YYYY-MM-DDTHH:MM:SS.sss+0000`.
    MillisOffset,
}

/// Identifier wire forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdForm {
    /// Stalwart's base32 ids.
    StalwartBase32,
    /// Salesforce's 15/18-character ids.
    Salesforce,
}

/// How a collection travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Collection {
    /// A JSON array.
    Array,
    /// A JSON object keyed by position.
    ObjectByIndex,
    /// A JSON object mapping each member to `true`.
    ObjectOfTrue,
}

/// Documentation carried into rustdoc and reference pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    /// Short human name.
    pub label: Option<String>,
    /// What it is.
    pub description: Option<String>,
}

/// One named type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The schema name (`TaskStatus`).
    pub name: String,
    /// The Rust name (`TaskStatus`).
    pub rust_name: String,
    /// The module (index in [`Api::modules`]) that defines it.
    pub module: usize,
    /// Docs.
    pub doc: Doc,
    /// What it is.
    pub kind: TypeKind,
    /// Whether it is an API object (the subject of an object file).
    pub is_object: bool,
    /// Salesforce key prefix of an object.
    pub key_prefix: Option<String>,
    /// Where it is defined.
    pub loc: Loc,
}

/// The kinds of type.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// A set of fields.
    Struct(Struct),
    /// Variants chosen by a discriminator.
    Union(Union),
    /// An enumeration or picklist.
    Enum(Enum),
    /// Named bits of an integer.
    Bitmask(Bitmask),
}

/// A set of fields.
#[derive(Clone, Debug)]
pub struct Struct {
    /// The fields, in schema order.
    pub fields: Vec<Field>,
    /// Rules tying the fields together, checked on create and update.
    pub rules: Vec<Rule>,
}

/// One rule of a field set; fields are indices into [`Struct::fields`].
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// What it checks.
    pub kind: RuleKind,
    /// Why, in words, for error messages and docs.
    pub because: String,
    /// Where it is written.
    pub loc: Loc,
}

/// A condition: a field holds a value.
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    /// The field.
    pub field: usize,
    /// The value (for enumerations, the wire name).
    pub equals: Literal,
}

/// The kinds of rule.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    /// When every condition holds after the change, these fields must have values.
    Require {
        /// Conditions on the record after the change.
        when: Vec<Cond>,
        /// The required fields.
        fields: Vec<usize>,
    },
    /// When every condition holds after the change, these fields must not be sent.
    Forbid {
        /// Conditions on the record after the change.
        when: Vec<Cond>,
        /// The forbidden fields.
        fields: Vec<usize>,
    },
    /// The first field's value must come strictly before the second's.
    Before {
        /// The earlier field.
        first: usize,
        /// The later field.
        second: usize,
    },
    /// A number within bounds.
    Range {
        /// The field.
        field: usize,
        /// Lower bound.
        min: Option<i64>,
        /// Upper bound.
        max: Option<i64>,
    },
    /// When every condition holds, a bitmask field must hold none of these flags.
    ExcludeFlags {
        /// Conditions on the record after the change.
        when: Vec<Cond>,
        /// The bitmask field.
        field: usize,
        /// The excluded bits, OR-ed.
        bits: u64,
        /// Their names.
        names: Vec<String>,
    },
    /// While the stored record meets every condition, these fields may not be changed.
    ForbidChange {
        /// Conditions on the stored record.
        when_stored: Vec<Cond>,
        /// The frozen fields.
        fields: Vec<usize>,
    },
}

/// A multi-variant object.
#[derive(Clone, Debug)]
pub struct Union {
    /// The discriminator member (`@type`).
    pub tag: String,
    /// The variants, in schema order.
    pub variants: Vec<Variant>,
}

/// One variant.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The discriminator value.
    pub tag: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// Docs.
    pub doc: Doc,
    /// The field set (a [`TypeKind::Struct`]).
    pub fields: TypeId,
    /// Whether clients may create it (not `server-set`).
    pub client_creatable: bool,
    /// Where it is written.
    pub loc: Loc,
}

/// An enumeration.
#[derive(Clone, Debug)]
pub struct Enum {
    /// The values, in schema order.
    pub values: Vec<EnumValue>,
}

/// One enumeration value.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// As it travels.
    pub wire: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// Docs.
    pub doc: Doc,
    /// Whether it is the picklist's default.
    pub default: bool,
    /// Whether clients may set it (`modifiers: [server-set]` on the value says no).
    pub client_settable: bool,
    /// Where it is written.
    pub loc: Loc,
}

/// Named bits.
#[derive(Clone, Debug)]
pub struct Bitmask {
    /// Flag name, Rust constant name, bit value.
    pub flags: Vec<(String, String, u32)>,
}

/// One field.
#[derive(Clone, Debug)]
pub struct Field {
    /// As it travels.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Docs.
    pub doc: Doc,
    /// The value type.
    pub ty: Ty,
    /// The type as the schema writes it (`UTCDateTime?`, `picklist`), for docs.
    pub schema_type: String,
    /// Whether `null` is a value of the field (`T?`, Nillable).
    pub nullable: bool,
    /// Whether reads must carry it.
    pub read: ReadRule,
    /// What create may do with it.
    pub create: CreateRule,
    /// What update may do with it.
    pub update: UpdateRule,
    /// The default (Stalwart: filled in on read; Salesforce: the server's, for docs).
    pub default: Option<Literal>,
    /// Maximum length in characters.
    pub max_len: Option<u32>,
    /// Whether a value outside the enumeration is an error in client bodies.
    pub restricted: bool,
    /// Reference details (Salesforce).
    pub reference: Option<Reference>,
    /// The modifiers as the reference page writes them, for docs.
    pub modifiers: Vec<String>,
    /// Where it is defined.
    pub loc: Loc,
}

/// How reads treat a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadRule {
    /// Always present.
    Required,
    /// Filled with the default when absent.
    Defaulted,
    /// May be absent (nullable, or a Salesforce query selecting a subset).
    Optional,
}

/// What a create body may do with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateRule {
    /// Must be sent.
    Required,
    /// May be sent.
    Optional,
    /// May not be sent.
    Forbidden,
}

/// What an update body may do with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateRule {
    /// May be changed.
    Allowed,
    /// May not be sent.
    Forbidden,
}

/// A literal default.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// An unsigned whole number.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
    /// Text, or an enumeration value's wire name.
    Str(String),
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(n) => write!(f, "{n}"),
            Literal::UInt(n) => write!(f, "{n}"),
            Literal::Float(n) => write!(f, "{n}"),
            Literal::Str(s) => f.write_str(s),
        }
    }
}

/// A Salesforce reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Object names it may point at.
    pub targets: Vec<String>,
    /// `relationship-name`.
    pub relationship_name: Option<String>,
    /// `relationship-type`.
    pub relationship_type: Option<String>,
    /// Whether it may point at several kinds of object.
    pub polymorphic: bool,
    /// The key prefixes of the targets, when every target's is known.
    pub prefixes: Option<Vec<String>>,
}

/// A value type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Text.
    String,
    /// A boolean.
    Bool,
    /// A 32-bit integer (Salesforce `int`).
    Int32,
    /// A 64-bit integer.
    Int64,
    /// An unsigned 64-bit integer.
    UInt64,
    /// A float.
    Float,
    /// A calendar date.
    Date,
    /// A UTC instant.
    DateTime,
    /// An identifier, with the object it names when known.
    Id(Option<String>),
    /// A blob identifier.
    BlobId,
    /// An e-mail address.
    Email,
    /// A named type.
    Named(TypeId),
    /// An ordered list.
    List(Box<Ty>),
    /// A set.
    Set(Box<Ty>),
}
