//! The classification table: every kind of schema change, judged on three counts.
//!
//! - requests: would a body a client built on the old schema sends (create, update,
//!   patch) now be refused, or mean something else, by a server on the new one?
//! - responses: would such a client fail to read, or misread, what the new server sends?
//! - Rust: would code using the old generated crate stop compiling, or compile and
//!   mean something else? This follows what the generated code promises: read structs,
//!   variant enums and enumerations are `#[non_exhaustive]`; create and update structs
//!   are exhaustive (users build them with struct literals), and their `new()` takes the
//!   required fields, in schema order.
//!
//! The wire verdict of a change is the worse of requests and responses (oasdiff makes
//! the same split between request and response changes).

use super::Verdict::{self, Attention as A, Breaking as B, Compatible as C};

/// How a field's value type changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeChange {
    /// Every old value is a new value (`int` to `double`, 32 to 64 bits).
    Widened,
    /// Every new value is an old value (`double` to `int`).
    Narrowed,
    /// Neither.
    Other,
}

/// One kind of change. Its verdicts and reason come from [`classify`], the only place
/// that judges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A new object.
    ObjectAdded,
    /// An object is gone.
    ObjectRemoved,
    /// An object has a new, similar name and the same definition.
    ObjectRenamed,
    /// A new supporting type.
    TypeAdded,
    /// A supporting type is gone.
    TypeRemoved,
    /// A type has a new name and the same shape.
    TypeRenamed,
    /// A type changed kind (a field set became an enumeration...).
    TypeKindChanged,
    /// A new variant.
    VariantAdded,
    /// A variant is gone.
    VariantRemoved,
    /// A variant has a new, similar tag and the same field set and creatability.
    VariantRenamed,
    /// Clients may no longer create a variant.
    VariantNoLongerCreatable,
    /// Clients may now create a variant.
    VariantNowCreatable,
    /// A variant now carries another field set.
    VariantFieldSetChanged,
    /// The discriminator member was renamed.
    DiscriminatorRenamed,
    /// A new field; whether clients must now send it on create.
    FieldAdded {
        /// Must be sent on create.
        required_on_create: bool,
        /// Appears in an exhaustive create or update struct.
        in_client_struct: bool,
    },
    /// A field is gone.
    FieldRemoved {
        /// Clients could send it (create or update).
        sent: bool,
        /// Reads had to carry it.
        required_in_reads: bool,
    },
    /// A field has a new name and the same definition.
    FieldRenamed {
        /// Clients could send it (create or update).
        sent: bool,
        /// Reads had to carry it.
        required_in_reads: bool,
    },
    /// The arguments of a `new()` (read, create or update view) changed order.
    ArgumentsReordered,
    /// A field's type changed.
    FieldTypeChanged(TypeChange),
    /// A field may now be `null`.
    FieldBecameNullable,
    /// A field may no longer be `null`.
    FieldBecameNonNullable,
    /// A field must now be sent on create.
    BecameRequiredOnCreate,
    /// A field need no longer be sent on create.
    NoLongerRequiredOnCreate,
    /// A field may no longer be sent on create (server-set, or lost Create).
    ForbiddenOnCreate,
    /// A field may now be sent on create.
    AllowedOnCreate,
    /// A field may no longer be changed (read-only, server-set, or lost Update).
    ForbiddenOnUpdate {
        /// Updates are typed records (Salesforce) rather than patches.
        typed_update: bool,
    },
    /// A field may now be changed.
    AllowedOnUpdate {
        /// Updates are typed records (Salesforce) rather than patches.
        typed_update: bool,
    },
    /// A read may now lack a field that it always carried.
    MayBeAbsentInReads,
    /// A read now always carries a field it could lack.
    AlwaysInReads,
    /// A default was added, removed or changed.
    DefaultChanged,
    /// A new enumeration or picklist value.
    ValueAdded,
    /// A value is gone.
    ValueRemoved {
        /// Values outside the set are rejected in client bodies.
        restricted: bool,
    },
    /// A value has a new name and the same definition.
    ValueRenamed {
        /// Values outside the set are rejected in client bodies.
        restricted: bool,
    },
    /// Clients may no longer set a value.
    ValueNoLongerSettable,
    /// Clients may now set a value.
    ValueNowSettable,
    /// A value became restricted.
    BecameRestricted,
    /// A value is no longer restricted.
    NoLongerRestricted,
    /// A length limit was lowered or added.
    LimitLowered,
    /// A length limit was raised or removed.
    LimitRaised,
    /// A reference may point at a new kind of object.
    TargetAdded,
    /// A reference may no longer point at a kind of object.
    TargetRemoved,
    /// A new rule.
    RuleAdded,
    /// A rule is gone.
    RuleRemoved,
    /// A new bitmask flag.
    FlagAdded,
    /// A bitmask flag is gone.
    FlagRemoved,
    /// Only the Rust name changed (`rust-name`).
    RustRenamed,
    /// Labels, descriptions, or query-only properties (Filter, Group, Sort).
    Documentation,
    /// How a kind of value travels changed (the wire profile).
    WireFormChanged,
    /// The case field names are checked against changed.
    KeyCaseChanged,
    /// An object's id key prefix (`key-prefixes` in api.yaml) changed, was added or
    /// removed.
    KeyPrefixChanged {
        /// References to the object are checked against a prefix now.
        checked: bool,
    },
    /// Whether client bodies may spell member names in any case changed.
    KeysIgnoreCaseChanged {
        /// They may now.
        now: bool,
    },
    /// What a length limit counts changed.
    LengthUnitChanged {
        /// Some values count more now (characters to UTF-16 code units).
        stricter: bool,
    },
    /// The years a date in a client body may fall in changed.
    ClientYearsChanged(TypeChange),
    /// Whether creates and updates may set references by external id changed.
    ExternalIdLookupsChanged {
        /// They may now (the lookup members join the create and update structs).
        now: bool,
    },
    /// The rules the server applies to client bodies (`wire.client-rules`) changed.
    ClientRulesChanged {
        /// A rule was added.
        stricter: bool,
    },
}

/// The verdicts for requests, responses and the Rust API, and the reason, for one kind
/// of change.
pub fn classify(kind: &Kind) -> (Verdict, Verdict, Verdict, &'static str) {
    use Kind::*;
    match kind {
        ObjectAdded => (C, C, C, "a new object: nothing existing changes"),
        ObjectRemoved => (B, B, B, "clients built on the old schema still read, create and update it"),
        ObjectRenamed => (
            B,
            B,
            B,
            "old clients address the object by its old name (the sObject in URLs and `attributes.type`, the JMAP method names); its generated module and types have new names",
        ),
        TypeAdded => (C, C, C, "a new type: nothing existing changes"),
        TypeRemoved => (C, C, B, "the generated type is gone; the wire changes are the fields that used it"),
        TypeRenamed => (C, C, B, "same shape, so nothing changes on the wire; the generated type has a new name"),
        TypeKindChanged => (B, B, B, "values of the type travel and are built differently"),
        VariantAdded => (C, C, C, "reads keep unknown variants; variant enums are non-exhaustive"),
        VariantRemoved => (B, C, B, "old clients still send it and get refused; code matching it stops compiling"),
        VariantRenamed => (
            B,
            B,
            B,
            "the discriminator value changed: old clients send the old one and get refused, and read the new one as an unknown variant; the Rust variant has a new name",
        ),
        VariantNoLongerCreatable => (B, C, B, "old clients create it and get forbidden; it leaves the create enum"),
        VariantNowCreatable => (C, C, C, "a new create variant; the create enum is non-exhaustive"),
        VariantFieldSetChanged => {
            (A, A, B, "the variant's members follow another field set: see that type's changes")
        }
        DiscriminatorRenamed => (B, B, C, "old clients look for, and send, the old discriminator member"),
        FieldAdded { required_on_create: true, .. } => {
            (B, C, B, "a new field required on create without a default: old clients do not send it; new() takes it")
        }
        FieldAdded { in_client_struct: true, .. } => (
            C,
            C,
            A,
            "optional on the wire; a new member of an exhaustive create/update struct breaks struct literals without `..`",
        ),
        FieldAdded { .. } => {
            (C, C, C, "optional for old clients; reads keep unknown members; read structs are non-exhaustive")
        }
        FieldRemoved { sent, required_in_reads } => (
            if *sent { B } else { C },
            if *required_in_reads { B } else { C },
            B,
            match (sent, required_in_reads) {
                (true, true) => "old clients still send it and expect it in reads; its member is gone",
                (true, false) => "old clients still send it and get refused; its member is gone",
                (false, true) => "old clients expect it in reads; its member is gone",
                (false, false) => "reads could lack it anyway; its member is gone",
            },
        ),
        FieldRenamed { sent, required_in_reads } => (
            if *sent { B } else { C },
            if *required_in_reads { B } else { A },
            B,
            match (sent, required_in_reads) {
                (true, true) => "old clients send the old name and require it in reads; the member has a new name",
                (true, false) => "old clients send the old name and get refused; the member has a new name",
                (false, true) => "old clients require the old name in reads; the member has a new name",
                (false, false) => "old clients find the value under a name they do not know; the member has a new name",
            },
        ),
        ArgumentsReordered => (
            C,
            C,
            B,
            "the wire is unchanged, but `new()` takes its arguments in another order: calls with arguments of one type still compile and swap the values",
        ),
        FieldTypeChanged(TypeChange::Widened) => (
            C,
            B,
            B,
            "every value old clients send is still valid, but reads may now hold values old clients cannot decode; the member's Rust type changes",
        ),
        FieldTypeChanged(TypeChange::Narrowed) => (
            B,
            C,
            B,
            "old clients may send values the new type refuses; every value read still decodes; the member's Rust type changes",
        ),
        FieldTypeChanged(TypeChange::Other) => {
            (B, B, B, "values of the old type no longer decode; the member's Rust type changes")
        }
        FieldBecameNullable => (C, B, B, "old clients reject null in reads; the member becomes an Option"),
        FieldBecameNonNullable => (B, C, B, "old clients may send null; the member's Rust type changes"),
        BecameRequiredOnCreate => (B, C, B, "old clients may leave it out of create bodies; new() takes it"),
        NoLongerRequiredOnCreate => (C, C, B, "clients may still send it; the create member becomes an Option"),
        ForbiddenOnCreate => {
            (B, C, B, "old clients send it on create and get forbidden; it leaves the create struct")
        }
        AllowedOnCreate => (C, C, A, "a new member of the exhaustive create struct"),
        ForbiddenOnUpdate { typed_update: true } => {
            (B, C, B, "old clients change it and get forbidden; it leaves the update struct")
        }
        ForbiddenOnUpdate { typed_update: false } => {
            (B, C, C, "old clients patch it and get forbidden; patches are not typed per field")
        }
        AllowedOnUpdate { typed_update: true } => (C, C, A, "a new member of the exhaustive update struct"),
        AllowedOnUpdate { typed_update: false } => (C, C, C, "patches may now change it"),
        MayBeAbsentInReads => (C, B, B, "old clients require it in reads; the member becomes an Option"),
        AlwaysInReads => (C, C, B, "reads always carry it now; the member stops being an Option"),
        DefaultChanged => (
            A,
            A,
            C,
            "what an absent value means changed; whether clients rely on it is not in the schema",
        ),
        ValueAdded => (C, C, C, "reads keep unknown values; enumerations are non-exhaustive"),
        ValueRemoved { restricted: true } => {
            (B, C, B, "old clients send it and get invalid_value; its variant is gone")
        }
        ValueRemoved { restricted: false } => {
            (C, C, B, "unrestricted values are still accepted; its variant is gone")
        }
        ValueRenamed { restricted } => (
            if *restricted { B } else { A },
            A,
            B,
            "old clients send the old name and read the new one as unknown; the variant has a new name",
        ),
        ValueNoLongerSettable => (B, C, C, "old clients send it and get invalid_value"),
        ValueNowSettable => (C, C, C, "clients may now send it"),
        BecameRestricted => (B, C, C, "values outside the list, accepted before, are now invalid_value"),
        NoLongerRestricted => (C, C, C, "any value is now accepted"),
        LimitLowered => (B, C, C, "values that fit before may now be too_long"),
        LimitRaised => (C, C, C, "every value that fit still fits; reads take any length"),
        TargetAdded => (C, C, C, "the reference accepts one more kind of record; reads do not check targets"),
        TargetRemoved => (B, C, C, "references to that kind of record are now invalid_value"),
        RuleAdded => (B, C, C, "a new rule may reject bodies that were accepted"),
        RuleRemoved => (C, C, C, "bodies accepted before are still accepted"),
        FlagAdded => (C, C, C, "a new flag; reads keep unknown bits"),
        FlagRemoved => (B, C, B, "old clients set the flag and get out_of_range; its constant is gone"),
        RustRenamed => (C, C, B, "the wire is unchanged; the Rust name changed"),
        Documentation => (C, C, C, "documentation only"),
        WireFormChanged => (B, B, C, "values travel in another form; old clients cannot read or write it"),
        KeyCaseChanged => (
            A,
            A,
            C,
            "field names are checked against another case; the names themselves are compared field by field",
        ),
        KeyPrefixChanged { checked: true } => (
            B,
            C,
            C,
            "references to the object in client bodies are checked against another prefix: ids old clients send may now be invalid_value; reads do not check prefixes",
        ),
        KeyPrefixChanged { checked: false } => {
            (C, C, C, "references to the object are no longer checked against a prefix")
        }
        KeysIgnoreCaseChanged { now: true } => (C, C, C, "client bodies may now spell member names in any case"),
        KeysIgnoreCaseChanged { now: false } => {
            (B, C, C, "client bodies spelling a member name in another case are now refused; reads are unchanged")
        }
        LengthUnitChanged { stricter: true } => (
            B,
            C,
            C,
            "limits now count UTF-16 code units: text with characters outside the BMP that fit before may be too_long; reads take any length",
        ),
        LengthUnitChanged { stricter: false } => {
            (C, C, C, "limits now count characters: every value that fit still fits; reads take any length")
        }
        ClientYearsChanged(TypeChange::Widened) => {
            (C, C, C, "every date accepted in client bodies before still is; reads are not checked")
        }
        ClientYearsChanged(_) => (
            B,
            C,
            C,
            "dates in client bodies accepted before may now be out_of_range; reads keep any year",
        ),
        ExternalIdLookupsChanged { now: true } => (
            C,
            C,
            A,
            "bodies may now set references by external id; the lookup members are new members of exhaustive create/update structs, which breaks struct literals without `..`",
        ),
        ExternalIdLookupsChanged { now: false } => (
            B,
            C,
            B,
            "old clients setting references by external id are refused; the lookup members leave the create/update structs",
        ),
        ClientRulesChanged { stricter: true } => {
            (B, C, C, "client bodies accepted before may now be refused; reads keep such values")
        }
        ClientRulesChanged { stricter: false } => (C, C, C, "client bodies accepted before still are"),
    }
}
