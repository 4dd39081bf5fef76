//! The classification table: every kind of schema change, judged on two axes.
//!
//! - wire: would a client built on the old schema fail against a server on the new one
//!   (for read, create or update)?
//! - Rust: would code using the old generated crate stop compiling? This follows what
//!   the generated code promises: read structs, variant enums and enumerations are
//!   `#[non_exhaustive]`; create and update structs are exhaustive (users build them
//!   with struct literals), and their `new()` takes the required fields.

use super::Verdict::{self, Attention as A, Breaking as B, Compatible as C};

/// One kind of change. Its verdicts and reason come from [`classify`], the only place
/// that judges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A new object.
    ObjectAdded,
    /// An object is gone.
    ObjectRemoved,
    /// A new supporting type.
    TypeAdded,
    /// A supporting type is gone.
    TypeRemoved,
    /// A type changed kind (a field set became an enumeration...).
    TypeKindChanged,
    /// A new variant.
    VariantAdded,
    /// A variant is gone.
    VariantRemoved,
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
    FieldRemoved,
    /// A field's type changed.
    FieldTypeChanged,
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
}

/// The verdicts on both axes and the reason, for one kind of change.
pub fn classify(kind: &Kind) -> (Verdict, Verdict, &'static str) {
    use Kind::*;
    match kind {
        ObjectAdded => (C, C, "a new object: nothing existing changes"),
        ObjectRemoved => (B, B, "clients built on the old schema still read, create and update it"),
        TypeAdded => (C, C, "a new type: nothing existing changes"),
        TypeRemoved => (C, B, "the generated type is gone; the wire changes are the fields that used it"),
        TypeKindChanged => (B, B, "values of the type travel and are built differently"),
        VariantAdded => (C, C, "reads keep unknown variants; variant enums are non-exhaustive"),
        VariantRemoved => (B, B, "old clients still send and match this variant"),
        VariantNoLongerCreatable => (B, B, "old clients create it and get forbidden; it leaves the create enum"),
        VariantNowCreatable => (C, C, "a new create variant; the create enum is non-exhaustive"),
        VariantFieldSetChanged => (A, B, "the variant's members follow another field set: see that type's changes"),
        DiscriminatorRenamed => (B, C, "old clients look for the old discriminator member"),
        FieldAdded { required_on_create: true, .. } => {
            (B, B, "a new field required on create without a default: old clients do not send it")
        }
        FieldAdded { in_client_struct: true, .. } => {
            (C, A, "optional on the wire; a new member of an exhaustive create/update struct breaks struct literals without `..`")
        }
        FieldAdded { .. } => (C, C, "optional for old clients; reads keep unknown members; read structs are non-exhaustive"),
        FieldRemoved => (B, B, "old clients still send or expect it, and use its member"),
        FieldTypeChanged => (B, B, "values of the old type no longer decode; the member's Rust type changes"),
        FieldBecameNullable => (B, B, "old clients reject null in reads; the member becomes an Option"),
        FieldBecameNonNullable => (B, B, "old clients may send null; the member's Rust type changes"),
        BecameRequiredOnCreate => (B, B, "old clients may leave it out of create bodies; new() takes it"),
        NoLongerRequiredOnCreate => (C, B, "clients may still send it; the create member becomes an Option"),
        ForbiddenOnCreate => (B, B, "old clients send it on create and get forbidden; it leaves the create struct"),
        AllowedOnCreate => (C, A, "a new member of the exhaustive create struct"),
        ForbiddenOnUpdate { typed_update: true } => {
            (B, B, "old clients change it and get forbidden; it leaves the update struct")
        }
        ForbiddenOnUpdate { typed_update: false } => {
            (B, C, "old clients patch it and get forbidden; patches are not typed per field")
        }
        AllowedOnUpdate { typed_update: true } => (C, A, "a new member of the exhaustive update struct"),
        AllowedOnUpdate { typed_update: false } => (C, C, "patches may now change it"),
        MayBeAbsentInReads => (B, B, "old clients require it in reads; the member becomes an Option"),
        AlwaysInReads => (C, B, "reads always carry it now; the member stops being an Option"),
        DefaultChanged => (A, C, "what an absent value means changed; whether clients rely on it is not in the schema"),
        ValueAdded => (C, C, "reads keep unknown values; enumerations are non-exhaustive"),
        ValueRemoved { restricted: true } => (B, B, "old clients send it and get invalid_value; its variant is gone"),
        ValueRemoved { restricted: false } => (C, B, "unrestricted values are still accepted; its variant is gone"),
        ValueNoLongerSettable => (B, C, "old clients send it and get invalid_value"),
        ValueNowSettable => (C, C, "clients may now send it"),
        BecameRestricted => (B, C, "values outside the list, accepted before, are now invalid_value"),
        NoLongerRestricted => (C, C, "any value is now accepted"),
        LimitLowered => (B, C, "values that fit before may now be too_long"),
        LimitRaised => (C, C, "every value that fit still fits"),
        TargetAdded => (C, C, "the reference accepts one more kind of record"),
        TargetRemoved => (B, C, "references to that kind of record are now invalid_value"),
        RuleAdded => (B, C, "a new rule may reject bodies that were accepted"),
        RuleRemoved => (C, C, "bodies accepted before are still accepted"),
        FlagAdded => (C, C, "a new flag; reads keep unknown bits"),
        FlagRemoved => (B, B, "old clients set the flag and get out_of_range; its constant is gone"),
        RustRenamed => (C, B, "the wire is unchanged; the Rust name changed"),
        Documentation => (C, C, "documentation only"),
        WireFormChanged => (B, C, "values travel in another form; old clients cannot read or write it"),
        KeyCaseChanged => (A, C, "field names are checked against another case; the names themselves are compared field by field"),
    }
}
