//! From raw schema files to the resolved model, checking everything that can be wrong.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::*;
use crate::diag::{a_or_an, closest, Diagnostic, Diagnostics, Loc};
use crate::schema::raw::{
    RawAction, RawApi, RawBody, RawCond, RawEnumValue, RawField, RawObjectFile, RawRule, RawType, RawVariantFields,
    Spanned, WireValue,
};

/// Member names the generated structs use themselves.
const RESERVED_FIELDS: &[&str] = &["unknown_fields", "custom_fields", "attributes", "variant"];

/// Rust keywords (strict and reserved, all editions), which cannot name a field.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

const STALWART_TYPES: &[&str] =
    &["String", "Text", "Boolean", "Integer", "UnsignedInt", "Float", "UTCDateTime", "Id", "BlobId", "EmailAddress"];
const SALESFORCE_TYPES: &[&str] = &[
    "id",
    "reference",
    "string",
    "textarea",
    "boolean",
    "int",
    "double",
    "date",
    "dateTime",
    "picklist",
    "combobox",
    "email",
    "phone",
    "url",
    "JunctionIdList",
];
const SALESFORCE_PROPERTIES: &[&str] =
    &["Create", "Update", "Nillable", "Defaulted on create", "Filter", "Group", "Sort", "Restricted picklist"];
const STALWART_MODIFIERS: &[&str] = &["read-only", "server-set", "required"];
/// How deeply a type expression may nest (`List<Set<T>>` is 2): more than any API needs,
/// and a bound on the work a hostile expression can cause.
const MAX_TYPE_DEPTH: usize = 8;

/// One API's files, as read.
pub struct RawApiFiles {
    /// The directory name.
    pub dir: String,
    /// `api.yaml`.
    pub api: RawApi,
    /// The object files, sorted by file name.
    pub objects: Vec<(String, RawObjectFile)>,
}

/// Resolves every API, or returns every problem found.
pub fn resolve(apis: Vec<RawApiFiles>) -> Result<Model, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    for files in apis {
        let mut r = Resolver {
            diags: &mut diags,
            names: HashMap::new(),
            types: Vec::new(),
            field_sets: HashSet::new(),
            refused: HashSet::new(),
        };
        if let Some(api) = r.api(files) {
            out.push(api);
        }
    }
    if diags.is_empty() {
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Model { apis: out })
    } else {
        Err(diags.sorted())
    }
}

struct Resolver<'d> {
    diags: &'d mut Diagnostics,
    /// Schema type name to id and where it is defined.
    names: HashMap<String, (TypeId, Loc)>,
    types: Vec<Option<TypeDef>>,
    /// The types written with `fields:`, which a variant's `fields` may name.
    field_sets: HashSet<TypeId>,
    /// The fields of the field set being resolved that were refused (and reported): a
    /// rule naming one says nothing more, so that each problem is reported once.
    refused: HashSet<String>,
}

/// What the first pass registered for a type, for the second to fill in.
enum Pending<'a> {
    Type(&'a RawType, bool),
    Inline(&'a [RawField], String, Loc),
    Picklist(&'a RawField),
    Bitmask(&'a RawField),
}

impl<'d> Resolver<'d> {
    fn err(&mut self, loc: &Loc, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(loc.clone(), message));
    }
    fn err_hint(&mut self, loc: &Loc, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::new(loc.clone(), message).hint(hint));
    }

    fn api(&mut self, files: RawApiFiles) -> Option<Api> {
        let raw = &files.api;
        let name = raw.api.value.clone();
        if !is_lower_ident(&name) || KEYWORDS.contains(&name.as_str()) {
            self.err_hint(
                &raw.api.loc,
                format!("`{name}` cannot name an API"),
                "use a lower-case identifier such as `stalwart`",
            );
        } else if name != files.dir {
            self.err_hint(
                &raw.api.loc,
                format!("api `{name}` is defined in directory `{}`", files.dir),
                format!("rename the directory to `{name}` or set `api: {}`", files.dir),
            );
        }
        let vocabulary = raw.vocabulary.value;
        let wire = self.wire(raw);
        let mut key_prefixes = Vec::new();
        for (obj, prefix) in &raw.key_prefixes {
            if prefix.value.len() != 3 || !prefix.value.chars().all(|c| c.is_ascii_alphanumeric()) {
                self.err_hint(
                    &prefix.loc,
                    format!("`{}` is not a key prefix", prefix.value),
                    "a key prefix is three letters or digits, e.g. \"003\"",
                );
            }
            key_prefixes.push((obj.value.clone(), prefix.value.clone()));
        }

        // First pass: every type name of the API gets an id.
        let mut pending: Vec<(TypeId, Pending<'_>)> = Vec::new();
        let mut modules = Vec::new();
        let mut module_files: HashMap<String, &str> = HashMap::new();
        for (mi, (file_name, file)) in files.objects.iter().enumerate() {
            let module_name = file_name.trim_end_matches(".yaml").trim_end_matches(".yml").to_snake_case();
            if module_name.is_empty() || KEYWORDS.contains(&module_name.as_str()) || !is_lower_ident(&module_name) {
                self.err_hint(
                    &file.file,
                    format!("file name `{file_name}` cannot name a module"),
                    "name object files like `task.yaml`",
                );
            } else if let Some(other) = module_files.insert(module_name.clone(), file_name) {
                // Two files would write one `src/<api>/<module>.rs`.
                self.err_hint(
                    &file.file,
                    format!("files `{other}` and `{file_name}` both become module `{module_name}`"),
                    "rename one of them",
                );
            }
            let mut ids = Vec::new();
            if let Some(id) = self.declare(&file.object.name, mi, vocabulary) {
                ids.push(id);
                pending.push((id, Pending::Type(&file.object, true)));
            }
            for ty in &file.types {
                if let Some(id) = self.declare(&ty.name, mi, vocabulary) {
                    ids.push(id);
                    pending.push((id, Pending::Type(ty, false)));
                }
            }
            // Types written inside fields and variants get names of their own.
            for ty in std::iter::once(&file.object).chain(&file.types) {
                match &ty.body {
                    RawBody::Fields(fields) => self.declare_field_types(fields, mi, &mut ids, &mut pending),
                    RawBody::Variants(variants) => {
                        for v in variants {
                            if let RawVariantFields::Inline(fields, loc) = &v.fields {
                                let name = format!("{}{}", ty.name.value, v.tag.value.to_upper_camel_case());
                                let spanned = Spanned { value: name.clone(), loc: loc.clone() };
                                if let Some(id) = self.declare(&spanned, mi, vocabulary) {
                                    ids.push(id);
                                    pending.push((id, Pending::Inline(fields, name, loc.clone())));
                                }
                                self.declare_field_types(fields, mi, &mut ids, &mut pending);
                            }
                        }
                    }
                    _ => {}
                }
            }
            modules.push(Module {
                name: module_name,
                source: format!("{}/{}", files.dir, file_name),
                object: ids.first().copied().unwrap_or(TypeId(usize::MAX)),
                types: ids,
                webui: file.webui.as_ref().map(|w| w.value.clone()),
            });
        }
        self.check_type_name_collisions();
        self.field_sets = pending
            .iter()
            .filter(|(_, p)| matches!(p, Pending::Type(raw, _) if matches!(raw.body, RawBody::Fields(_))))
            .map(|(id, _)| *id)
            .collect();
        // Enumerations first, so that defaults can be checked against their values.
        pending.sort_by_key(|(_, p)| match p {
            Pending::Type(raw, _) => !matches!(raw.body, RawBody::Enum(_)),
            Pending::Picklist(_) | Pending::Bitmask(_) => false,
            Pending::Inline(..) => true,
        });

        // Second pass: bodies.
        let cx = ApiCx { vocabulary, wire: &wire, key_prefixes: &key_prefixes };
        for (id, p) in pending {
            let def = match p {
                Pending::Type(raw, is_object) => {
                    let file = &files.objects[self.module_of(id)].1;
                    let mut def = self.type_def(raw, self.module_of(id), &cx);
                    if let Some(def) = &mut def {
                        def.is_object = is_object;
                        if is_object {
                            def.key_prefix = file.key_prefix.as_ref().map(|k| k.value.clone());
                            if let Some(kp) = &file.key_prefix {
                                if let Some((_, p)) = key_prefixes.iter().find(|(o, _)| *o == raw.name.value) {
                                    if *p != kp.value {
                                        self.err(
                                            &kp.loc,
                                            format!(
                                                "key prefix `{}` differs from `{p}` in api.yaml's key-prefixes",
                                                kp.value
                                            ),
                                        );
                                    }
                                }
                            }
                        }
                    }
                    def
                }
                Pending::Inline(fields, name, loc) => {
                    let module = self.module_of(id);
                    let fields = self.fields(fields, &cx);
                    Some(TypeDef {
                        rust_name: name.clone(),
                        name,
                        module,
                        doc: Doc::default(),
                        kind: TypeKind::Struct(Struct { fields, rules: Vec::new() }),
                        is_object: false,
                        key_prefix: None,
                        loc,
                    })
                }
                Pending::Picklist(f) => Some(self.picklist(f, self.module_of(id))),
                Pending::Bitmask(f) => Some(self.bitmask(f, self.module_of(id))),
            };
            self.types[id.0] = def;
        }
        let types: Vec<TypeDef> = self.types.drain(..).flatten().collect();
        if types.len() != self.names.len() {
            return None; // some type failed; its problem is reported
        }
        let mut api = Api {
            name,
            title: raw.title.as_ref().map_or_else(|| files.dir.clone(), |t| t.value.clone()),
            description: raw.description.as_ref().map(|d| d.value.clone()).unwrap_or_default(),
            vocabulary,
            wire,
            updates: match vocabulary {
                Vocabulary::Stalwart => Updates::Patch,
                Vocabulary::Salesforce => Updates::Body,
            },
            key_prefixes,
            modules,
            types,
        };
        add_object_ids(&mut api);
        self.check_cycles(&api);
        self.check_view_names(&api);
        Some(api)
    }

    /// Refuses a type whose Rust name is the one generation gives another type's create
    /// or update view (`ThingCreate` beside `Thing`): the two would be one name in a module.
    /// The views are those `emit::views::views_of` makes.
    fn check_view_names(&mut self, api: &Api) {
        let mut views: HashMap<(usize, String), (&str, &str)> = HashMap::new();
        for t in &api.types {
            // Beside the views: the builder of a create with many required members, and
            // an object's partial read and typed patch (emit::constructors, partial,
            // patch_builder).
            let made: &[&str] = match (&t.kind, api.vocabulary) {
                (TypeKind::Struct(_), Vocabulary::Salesforce) => &["Create", "Update", "CreateBuilder"],
                (TypeKind::Struct(_) | TypeKind::Union(_), Vocabulary::Stalwart) if t.is_object => {
                    &["Create", "CreateBuilder", "Partial", "Patch"]
                }
                (TypeKind::Struct(_), Vocabulary::Stalwart) => &["Create", "CreateBuilder"],
                (TypeKind::Union(_), _) => &["Create"],
                _ => &[],
            };
            for v in made {
                views.insert((t.module, format!("{}{v}", t.rust_name)), (t.name.as_str(), v));
            }
        }
        for t in &api.types {
            if let Some((owner, view)) = views.get(&(t.module, t.rust_name.clone())) {
                let hint = match (&t.kind, api.vocabulary) {
                    (TypeKind::Enum(_) | TypeKind::Bitmask(_), Vocabulary::Salesforce) => {
                        "give the picklist's type another name with `enum-name:`".to_owned()
                    }
                    _ => "rename the type".to_owned(),
                };
                let what = match *view {
                    "CreateBuilder" => "create builder".to_owned(),
                    "Partial" => "partial read".to_owned(),
                    "Patch" => "typed patch".to_owned(),
                    v => format!("{} view", v.to_lowercase()),
                };
                let message = format!("type `{}` has the name generation gives the {what} of `{owner}`", t.rust_name);
                self.diags.push(Diagnostic::new(t.loc.clone(), message).hint(hint));
            }
        }
    }

    fn module_of(&self, id: TypeId) -> usize {
        // `declare` leaves a placeholder holding the module until the body replaces it.
        self.types[id.0].as_ref().map_or(0, |t| t.module)
    }

    fn declare(&mut self, name: &Spanned<String>, module: usize, vocabulary: Vocabulary) -> Option<TypeId> {
        let _ = vocabulary;
        let n = &name.value;
        if !is_upper_ident(n) {
            self.err_hint(
                &name.loc,
                format!("`{n}` cannot name a type"),
                "type names are written like `TaskStatus`: a capital letter, then letters and digits",
            );
            return None;
        }
        if STALWART_TYPES.contains(&n.as_str())
            || SALESFORCE_TYPES.contains(&n.as_str())
            || matches!(n.as_str(), "List" | "Set" | "Self")
        {
            self.err_hint(&name.loc, format!("`{n}` is a built-in type name"), "choose another name");
            return None;
        }
        if let Some((_, first)) = self.names.get(n) {
            let msg = format!("type `{n}` is defined twice");
            let hint = format!("first defined at {}:{}:{}", first.file, first.line, first.col);
            self.err_hint(&name.loc, msg, hint);
            return None;
        }
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.names.insert(n.clone(), (id, name.loc.clone()));
        // Remember the module through a placeholder definition's module index.
        self.types[id.0] = Some(TypeDef {
            name: n.clone(),
            rust_name: n.clone(),
            module,
            doc: Doc::default(),
            kind: TypeKind::Struct(Struct { fields: Vec::new(), rules: Vec::new() }),
            is_object: false,
            key_prefix: None,
            loc: name.loc.clone(),
        });
        Some(id)
    }

    fn declare_field_types<'a>(
        &mut self,
        fields: &'a [RawField],
        module: usize,
        ids: &mut Vec<TypeId>,
        pending: &mut Vec<(TypeId, Pending<'a>)>,
    ) {
        for f in fields {
            let ty = f.ty.as_ref().map(|t| t.value.as_str());
            if f.values.is_some() && ty == Some("picklist") {
                let name = f
                    .enum_name
                    .clone()
                    .unwrap_or_else(|| Spanned { value: f.name.value.to_upper_camel_case(), loc: f.name.loc.clone() });
                if let Some(id) = self.declare(&name, module, Vocabulary::Salesforce) {
                    ids.push(id);
                    pending.push((id, Pending::Picklist(f)));
                }
            }
            if f.bitmask.is_some() {
                let name = Spanned { value: f.name.value.to_upper_camel_case(), loc: f.name.loc.clone() };
                if let Some(id) = self.declare(&name, module, Vocabulary::Salesforce) {
                    ids.push(id);
                    pending.push((id, Pending::Bitmask(f)));
                }
            }
        }
    }

    fn check_type_name_collisions(&mut self) {
        let mut by_rust: BTreeMap<String, Vec<(String, Loc)>> = BTreeMap::new();
        for (name, (_, loc)) in &self.names {
            by_rust.entry(name.to_upper_camel_case()).or_default().push((name.clone(), loc.clone()));
        }
        for (rust, mut names) in by_rust {
            if names.len() > 1 {
                names.sort_by(|a, b| a.1.cmp(&b.1));
                let (first, first_loc) = names[0].clone();
                for (other, loc) in &names[1..] {
                    self.err_hint(
                        loc,
                        format!("type `{other}` and type `{first}` both become `{rust}` in Rust"),
                        format!(
                            "`{first}` is at {}:{}:{}; rename one of them",
                            first_loc.file, first_loc.line, first_loc.col
                        ),
                    );
                }
            }
        }
    }

    fn wire(&mut self, raw: &RawApi) -> Wire {
        let mut wire = Wire {
            keys: KeyCase::Camel,
            discriminator: None,
            date_time: DateTimeForm::SecondsZ,
            id: IdForm::StalwartBase32,
            list: Collection::Array,
            set: Collection::Array,
            write_nulls: true,
            passthrough_suffixes: Vec::new(),
            record_attributes: false,
            keys_ignore_case: false,
            length_unit: LengthUnit::Characters,
            client_years: None,
            external_id_lookups: false,
            object_id: None,
            client: ClientRules::default(),
            jmap_method_prefix: None,
            jmap_capability: None,
            at: std::iter::once(("wire".to_owned(), raw.wire_at.clone()))
                .chain(raw.wire.iter().map(|(k, _)| (format!("wire.{}", k.value), k.loc.clone())))
                .collect(),
        };
        const KEYS: &[&str] = &[
            "keys",
            "discriminator",
            "date",
            "date-time",
            "id",
            "list",
            "set",
            "nulls",
            "passthrough-suffixes",
            "record-attributes",
            "keys-ignore-case",
            "length-unit",
            "client-years",
            "external-id-lookups",
            "object-id",
            "client-rules",
            "jmap-method-prefix",
            "jmap-capability",
        ];
        let mut seen = Vec::new();
        for (key, value) in &raw.wire {
            seen.push(key.value.as_str());
            let word = match &value.value {
                WireValue::Word(w) => Some(w.as_str()),
                WireValue::List(_) => None,
            };
            let bad = |this: &mut Self, expected: &str| {
                this.err_hint(
                    &value.loc,
                    format!("invalid value for wire setting `{}`", key.value),
                    format!("expected {expected}"),
                );
            };
            match key.value.as_str() {
                "keys" => match word {
                    Some("camelCase") => wire.keys = KeyCase::Camel,
                    Some("PascalCase") => wire.keys = KeyCase::Pascal,
                    _ => bad(self, "`camelCase` or `PascalCase`"),
                },
                "discriminator" => match word {
                    Some(w) if !w.is_empty() => wire.discriminator = Some(w.to_owned()),
                    _ => bad(self, "a member name such as \"@type\""),
                },
                "date" => {
                    if word != Some("iso") {
                        bad(self, "`iso`");
                    }
                }
                "date-time" => match word {
                    Some("seconds-z") => wire.date_time = DateTimeForm::SecondsZ,
                    Some("millis-offset") => wire.date_time = DateTimeForm::MillisOffset,
                    _ => bad(self, "`seconds-z` or `millis-offset`"),
                },
                "id" => match word {
                    Some("stalwart-base32") => wire.id = IdForm::StalwartBase32,
                    Some("salesforce") => wire.id = IdForm::Salesforce,
                    _ => bad(self, "`stalwart-base32` or `salesforce`"),
                },
                "list" => match word {
                    Some("array") => wire.list = Collection::Array,
                    Some("object-by-index") => wire.list = Collection::ObjectByIndex,
                    _ => bad(self, "`array` or `object-by-index`"),
                },
                "set" => match word {
                    Some("array") => wire.set = Collection::Array,
                    Some("object-of-true") => wire.set = Collection::ObjectOfTrue,
                    _ => bad(self, "`array` or `object-of-true`"),
                },
                "nulls" => match word {
                    Some("write") => wire.write_nulls = true,
                    Some("omit") => wire.write_nulls = false,
                    _ => bad(self, "`write` or `omit`"),
                },
                "passthrough-suffixes" => match &value.value {
                    WireValue::List(items) if items.iter().all(|s| !s.is_empty()) => {
                        wire.passthrough_suffixes = items.clone()
                    }
                    _ => bad(self, "a list of name suffixes such as [\"__c\"]"),
                },
                "record-attributes" => match word {
                    Some("true") => wire.record_attributes = true,
                    Some("false") => wire.record_attributes = false,
                    _ => bad(self, "`true` or `false`"),
                },
                "keys-ignore-case" => match word {
                    Some("true") => wire.keys_ignore_case = true,
                    Some("false") => wire.keys_ignore_case = false,
                    _ => bad(self, "`true` or `false`"),
                },
                "length-unit" => match word {
                    Some("characters") => wire.length_unit = LengthUnit::Characters,
                    Some("utf16") => wire.length_unit = LengthUnit::Utf16,
                    _ => bad(self, "`characters` or `utf16`"),
                },
                "client-years" => match &value.value {
                    WireValue::List(items) => match client_years(items) {
                        Some(years) => wire.client_years = Some(years),
                        None => bad(
                            self,
                            "[first, last] or [first, last, as-written]: two years from 1 to 9999, the first not \
                             after the last, and which year of a date-time counts (`utc`, the default, or `as-written`)",
                        ),
                    },
                    _ => bad(self, "[first, last]: two years such as [1700, 4000]"),
                },
                "external-id-lookups" => match word {
                    Some("true") => wire.external_id_lookups = true,
                    Some("false") => wire.external_id_lookups = false,
                    _ => bad(self, "`true` or `false`"),
                },
                "object-id" => match word {
                    Some(w) if !w.is_empty() => wire.object_id = Some(w.to_owned()),
                    _ => bad(self, "a member name such as `id`"),
                },
                "jmap-method-prefix" => match word {
                    Some(w) => wire.jmap_method_prefix = Some(w.to_owned()),
                    None => bad(self, "the text before an object's name in method names, such as \"x:\""),
                },
                "jmap-capability" => match word {
                    Some(w) if !w.is_empty() => wire.jmap_capability = Some(w.to_owned()),
                    _ => bad(self, "a capability URI such as urn:stalwart:jmap"),
                },
                "client-rules" => {
                    match &value.value {
                        WireValue::List(items) => {
                            for item in items {
                                if !client_rule(&mut wire.client, item) {
                                    let moved = item.starts_with("date-time-years");
                                    bad(
                                        self,
                                        if moved {
                                            "`non-empty-strings` or `exact-integers` (the years a date-time may name are \
                                             `client-years: [first, last, as-written]`)"
                                        } else {
                                            "a list of `non-empty-strings`, `exact-integers`"
                                        },
                                    );
                                }
                            }
                        }
                        WireValue::Word(_) => bad(self, "a list such as [non-empty-strings, exact-integers]"),
                    }
                }
                other => {
                    let hint = closest(other, KEYS.iter().copied()).map_or_else(
                        || format!("expected one of: {}", KEYS.join(", ")),
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.err_hint(&key.loc, format!("unknown wire setting `{other}`"), hint);
                }
            }
        }
        // Settings without a neutral default; the others default to no discriminator, `iso`,
        // `write`, no suffixes and no attributes.
        for key in ["keys", "date-time", "id", "list", "set"].iter().filter(|k| !seen.contains(k)) {
            self.err_hint(
                &raw.wire_at,
                format!("the wire profile has no `{key}`"),
                format!("add `{key}:` under `wire:`"),
            );
        }
        wire
    }

    fn type_def(&mut self, raw: &RawType, module: usize, cx: &ApiCx<'_>) -> Option<TypeDef> {
        let doc = Doc {
            label: raw.label.as_ref().map(|l| l.value.clone()),
            description: raw.description.as_ref().map(|d| d.value.clone()),
        };
        let kind = match &raw.body {
            RawBody::Fields(raw_fields) => {
                let fields = self.fields(raw_fields, cx);
                let kept: HashSet<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                self.refused =
                    raw_fields.iter().map(|f| &f.name.value).filter(|n| !kept.contains(n.as_str())).cloned().collect();
                let rules = self.rules(&raw.rules, &fields, cx);
                self.refused.clear();
                TypeKind::Struct(Struct { fields, rules })
            }
            RawBody::Variants(variants) => {
                let Some(tag) = cx.wire.discriminator.clone() else {
                    self.err_hint(
                        &raw.name.loc,
                        format!("`{}` has variants, but the wire profile names no discriminator", raw.name.value),
                        "set `wire.discriminator` in api.yaml",
                    );
                    return None;
                };
                let mut out: Vec<Variant> = Vec::new();
                // Indexes of `out` by tag and by Rust name: linear in the number of variants.
                let (mut tags, mut by_rust) = (HashSet::new(), HashMap::new());
                for v in variants {
                    if tags.contains(&v.tag.value) {
                        self.err(&v.tag.loc, format!("variant `{}` is listed twice", v.tag.value));
                        continue;
                    }
                    let rust_name = v.tag.value.to_upper_camel_case();
                    if rust_name.is_empty()
                        || !is_upper_ident(&rust_name)
                        || rust_name == "Unknown"
                        || rust_name == "Self"
                    {
                        self.err_hint(
                            &v.tag.loc,
                            format!("variant `{}` cannot become a Rust name", v.tag.value),
                            "`Unknown` is reserved for variants the schema does not know",
                        );
                        continue;
                    }
                    if let Some(o) = by_rust.get(&rust_name).map(|&i: &usize| &out[i]) {
                        self.err(
                            &v.tag.loc,
                            format!("variants `{}` and `{}` both become `{rust_name}` in Rust", o.tag, v.tag.value),
                        );
                        continue;
                    }
                    let mut creatable = true;
                    for m in &v.modifiers {
                        match m.value.as_str() {
                            "server-set" => creatable = false,
                            other => self.err_hint(
                                &m.loc,
                                format!("unknown variant modifier `{other}`"),
                                "a variant takes `server-set` (clients may not create it)",
                            ),
                        }
                    }
                    let fields = match &v.fields {
                        RawVariantFields::Named(n) => match self.names.get(&n.value) {
                            Some((id, _)) if self.field_sets.contains(id) => *id,
                            Some(_) => {
                                self.err_hint(
                                    &n.loc,
                                    format!("`{}` is not a field set", n.value),
                                    "a variant's `fields` names a type that has `fields:`",
                                );
                                continue;
                            }
                            None => {
                                self.unknown_type(&n.value, &n.loc, cx);
                                continue;
                            }
                        },
                        RawVariantFields::Inline(_, _) => {
                            let name = format!("{}{}", raw.name.value, rust_name);
                            match self.names.get(&name) {
                                Some((id, _)) => *id,
                                None => continue,
                            }
                        }
                        RawVariantFields::Invalid => continue,
                    };
                    tags.insert(v.tag.value.clone());
                    by_rust.insert(rust_name.clone(), out.len());
                    out.push(Variant {
                        tag: v.tag.value.clone(),
                        rust_name,
                        doc: Doc {
                            label: v.label.as_ref().map(|l| l.value.clone()),
                            description: v.description.as_ref().map(|d| d.value.clone()),
                        },
                        fields,
                        client_creatable: creatable,
                        loc: v.loc.clone(),
                    });
                }
                if variants.is_empty() {
                    self.err(&raw.name.loc, format!("`{}` has no variants", raw.name.value));
                }
                TypeKind::Union(Union { tag, variants: out })
            }
            RawBody::Enum(values) => TypeKind::Enum(self.enum_values(values, &raw.name)),
            RawBody::Invalid => return None,
        };
        Some(TypeDef {
            name: raw.name.value.clone(),
            rust_name: raw.name.value.to_upper_camel_case(),
            module,
            doc,
            kind,
            is_object: false,
            key_prefix: None,
            loc: raw.name.loc.clone(),
        })
    }

    fn enum_values(&mut self, values: &[RawEnumValue], owner: &Spanned<String>) -> Enum {
        let mut out: Vec<EnumValue> = Vec::new();
        if values.is_empty() {
            self.err(&owner.loc, format!("`{}` lists no values", owner.value));
        }
        // Indexes of `out` by wire value and by Rust name: linear in the number of values.
        let (mut wires, mut by_rust) = (HashSet::new(), HashMap::new());
        for v in values {
            if wires.contains(&v.value.value) {
                self.err(&v.value.loc, format!("value `{}` is listed twice", v.value.value));
                continue;
            }
            let rust_name = match &v.rust_name {
                Some(r) => r.value.clone(),
                None => {
                    let mut n = v.value.value.to_upper_camel_case();
                    if n.starts_with(|c: char| c.is_ascii_digit()) {
                        n.insert_str(0, "Value");
                    }
                    n
                }
            };
            if rust_name.is_empty() || !is_upper_ident(&rust_name) || rust_name == "Unknown" || rust_name == "Self" {
                self.err_hint(
                    &v.value.loc,
                    format!("value `{}` becomes `{rust_name}`, which cannot name a Rust variant", v.value.value),
                    "set `rust-name:` on the value (`Unknown` is reserved for values the schema does not know)",
                );
                continue;
            }
            if let Some(o) = by_rust.get(&rust_name).map(|&i: &usize| &out[i]) {
                self.err_hint(
                    &v.value.loc,
                    format!("values `{}` and `{}` both become `{rust_name}` in Rust", o.wire, v.value.value),
                    "set `rust-name:` on one of them",
                );
                continue;
            }
            wires.insert(v.value.value.clone());
            by_rust.insert(rust_name.clone(), out.len());
            out.push(EnumValue {
                wire: v.value.value.clone(),
                rust_name,
                doc: Doc {
                    label: v.label.as_ref().map(|l| l.value.clone()),
                    description: v.description.as_ref().map(|d| d.value.clone()),
                },
                default: v.default,
                client_settable: {
                    let mut settable = true;
                    for m in &v.modifiers {
                        match m.value.as_str() {
                            "server-set" => settable = false,
                            other => self.err_hint(
                                &m.loc,
                                format!("unknown value modifier `{other}`"),
                                "a value takes `server-set` (clients may not set it)",
                            ),
                        }
                    }
                    settable
                },
                loc: v.value.loc.clone(),
            });
        }
        Enum { values: out }
    }

    fn picklist(&mut self, f: &RawField, module: usize) -> TypeDef {
        let name = f.enum_name.as_ref().map_or_else(|| f.name.value.to_upper_camel_case(), |n| n.value.clone());
        let values = f.values.as_ref().map(|(v, _)| v.as_slice()).unwrap_or_default();
        let e = self.enum_values(values, &f.name);
        TypeDef {
            rust_name: name.clone(),
            name,
            module,
            doc: Doc { label: None, description: Some(format!("Values of the `{}` picklist.", f.name.value)) },
            kind: TypeKind::Enum(e),
            is_object: false,
            key_prefix: None,
            loc: f.name.loc.clone(),
        }
    }

    fn bitmask(&mut self, f: &RawField, module: usize) -> TypeDef {
        let mut flags: Vec<(String, String, u32)> = Vec::new();
        for (name, bit) in f.bitmask.as_ref().map(|(b, _)| b.as_slice()).unwrap_or_default() {
            let v = bit.value;
            if v == 0 || v > u64::from(u32::MAX) || !v.is_power_of_two() {
                self.err_hint(
                    &bit.loc,
                    format!("flag `{}` has value {v}, which is not a single bit", name.value),
                    "use 1, 2, 4, 8, ...",
                );
                continue;
            }
            if let Some(o) = flags.iter().find(|o| u64::from(o.2) == v) {
                self.err(&bit.loc, format!("flags `{}` and `{}` share the bit {v}", o.0, name.value));
                continue;
            }
            let konst = name.value.to_shouty_snake();
            if !is_const_ident(&konst) {
                self.err(&name.loc, format!("flag `{}` cannot become a Rust constant", name.value));
                continue;
            }
            flags.push((name.value.clone(), konst, v as u32));
        }
        if flags.is_empty() {
            self.err(&f.name.loc, format!("bitmask of `{}` has no flags", f.name.value));
        }
        TypeDef {
            rust_name: f.name.value.to_upper_camel_case(),
            name: f.name.value.to_upper_camel_case(),
            module,
            doc: Doc { label: None, description: Some(format!("The bits of `{}`.", f.name.value)) },
            kind: TypeKind::Bitmask(Bitmask { flags }),
            is_object: false,
            key_prefix: None,
            loc: f.name.loc.clone(),
        }
    }

    fn unknown_type(&mut self, name: &str, loc: &Loc, cx: &ApiCx<'_>) {
        let (own, other, other_name) = match cx.vocabulary {
            Vocabulary::Stalwart => (STALWART_TYPES, SALESFORCE_TYPES, "salesforce"),
            Vocabulary::Salesforce => (SALESFORCE_TYPES, STALWART_TYPES, "stalwart"),
        };
        let hint = if other.contains(&name) {
            format!("`{name}` belongs to the {other_name} vocabulary; this API's types are: {}", own.join(", "))
        } else {
            let mut candidates: Vec<&str> = self.names.keys().map(String::as_str).collect();
            candidates.extend_from_slice(own);
            match closest(name, candidates) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("define it under `types:`, or use one of: {}", own.join(", ")),
            }
        };
        self.err_hint(loc, format!("unknown type `{name}`"), hint);
    }

    fn fields(&mut self, raw: &[RawField], cx: &ApiCx<'_>) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        // Index of `out` by Rust name: linear in the number of fields.
        let mut by_rust: HashMap<String, usize> = HashMap::new();
        for f in raw {
            let Some(field) = self.field(f, cx) else { continue };
            if let Some(o) = by_rust.get(&field.rust_name).map(|&i| &out[i]) {
                self.err_hint(
                    &f.name.loc,
                    format!(
                        "fields `{}` and `{}` both become `{}` in Rust",
                        o.wire_name, field.wire_name, field.rust_name
                    ),
                    "set `rust-name:` on one of them",
                );
                continue;
            }
            by_rust.insert(field.rust_name.clone(), out.len());
            out.push(field);
        }
        out
    }

    fn field(&mut self, f: &RawField, cx: &ApiCx<'_>) -> Option<Field> {
        let wire_name = f.name.value.clone();
        let passthrough = cx.wire.passthrough_suffixes.iter().any(|s| wire_name.ends_with(s.as_str()));
        if passthrough {
            self.err_hint(
                &f.name.loc,
                format!("`{wire_name}` ends in a pass-through suffix"),
                "custom fields travel untouched and are not declared",
            );
            return None;
        }
        // Letters in any script: `naïve` is camelCase; its Rust name is checked below.
        let case_ok = match cx.wire.keys {
            KeyCase::Camel => wire_name.starts_with(char::is_lowercase),
            KeyCase::Pascal => wire_name.starts_with(char::is_uppercase),
        } && wire_name.chars().all(char::is_alphanumeric);
        if !case_ok {
            let want = match cx.wire.keys {
                KeyCase::Camel => "camelCase (like `accountId`)",
                KeyCase::Pascal => "PascalCase (like `AccountId`)",
            };
            self.err_hint(
                &f.name.loc,
                format!("field name `{wire_name}` is not {want}"),
                "field names are written as they travel; see `wire.keys` in api.yaml",
            );
            return None;
        }
        let rust_name = match &f.rust_name {
            Some(r) => {
                if !is_lower_ident(&r.value) || KEYWORDS.contains(&r.value.as_str()) {
                    self.err(&r.loc, format!("`{}` cannot name a Rust field", r.value));
                    return None;
                }
                r.value.clone()
            }
            None => wire_name.to_snake_case(),
        };
        if !rust_name.is_ascii() {
            self.err_hint(
                &f.name.loc,
                format!("field `{wire_name}` becomes `{rust_name}`, which is not an ASCII Rust name"),
                "set `rust-name:` to an ASCII name (the wire name stays as written)",
            );
            return None;
        }
        if KEYWORDS.contains(&rust_name.as_str()) {
            self.err_hint(
                &f.name.loc,
                format!("field `{wire_name}` becomes `{rust_name}`, a Rust keyword"),
                format!("set `rust-name:` (for example `rust-name: {rust_name}_`)"),
            );
            return None;
        }
        if RESERVED_FIELDS.contains(&rust_name.as_str()) {
            self.err_hint(
                &f.name.loc,
                format!("field `{wire_name}` becomes `{rust_name}`, which generated types use themselves"),
                "set `rust-name:`",
            );
            return None;
        }
        let ty_s = f.ty.as_ref()?;
        match cx.vocabulary {
            Vocabulary::Stalwart => self.stalwart_field(f, ty_s, wire_name, rust_name, cx),
            Vocabulary::Salesforce => self.salesforce_field(f, ty_s, wire_name, rust_name, cx),
        }
    }

    fn stalwart_field(
        &mut self,
        f: &RawField,
        ty_s: &Spanned<String>,
        wire_name: String,
        rust_name: String,
        cx: &ApiCx<'_>,
    ) -> Option<Field> {
        // Independent problems are all reported: the type, each unknown modifier, one
        // conflict of the modifiers, the default. The field is refused when any was found.
        let before = self.diags.0.len();
        let parsed = self.type_expr(&ty_s.value, &ty_s.loc, cx);
        let mut read_only = false;
        let mut server_set = false;
        let mut required = false;
        let mut seen: Vec<&str> = Vec::new();
        for m in &f.modifiers {
            if seen.contains(&m.value.as_str()) {
                self.err(&m.loc, format!("modifier `{}` is given twice", m.value));
                continue;
            }
            seen.push(&m.value);
            match m.value.as_str() {
                "read-only" => read_only = true,
                "server-set" => server_set = true,
                "required" => required = true,
                other => {
                    let hint = closest(other, STALWART_MODIFIERS.iter().copied()).map_or_else(
                        || format!("expected one of: {}", STALWART_MODIFIERS.join(", ")),
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.err_hint(&m.loc, format!("unknown modifier `{other}`"), hint);
                }
            }
        }
        let at = f.modifiers.first().map_or(&f.name.loc, |m| &m.loc);
        // The modifiers are one list: its first conflict is reported.
        if server_set && required {
            self.err_hint(
                at,
                format!("`{wire_name}` is both server-set and required"),
                "a server-set field is never sent by clients, so it cannot be required: drop one",
            );
        } else if server_set && read_only {
            self.err_hint(
                at,
                format!("`{wire_name}` is both server-set and read-only"),
                "server-set already implies read-only: drop `read-only`",
            );
        } else if required && read_only {
            self.err_hint(
                at,
                format!("`{wire_name}` is both read-only and required"),
                "a read-only field that is not nullable is already required on create: drop `required`",
            );
        } else if required && parsed.as_ref().is_some_and(|p| p.1) {
            self.err_hint(
                at,
                format!("`{wire_name}` is required but its type `{}` is nullable", ty_s.value),
                "drop `?` or `required`",
            );
        }
        let default = match (&f.default, &parsed) {
            (Some((d, _)), _) if required => {
                self.err_hint(
                    &d.loc,
                    format!("`{wire_name}` is required and has a default"),
                    "a field with a default need not be sent: drop `required`",
                );
                None
            }
            (Some((d, plain)), Some((ty, _))) => self.literal(ty, d, *plain, cx),
            _ => None,
        };
        if self.diags.0.len() > before {
            return None;
        }
        let (ty, nullable) = parsed?;
        if f.default.is_some() && default.is_none() {
            return None;
        }
        if !nullable && default.is_none() && !server_set && !read_only && !required {
            self.err_hint(
                &f.name.loc,
                format!(
                    "`{wire_name}` is neither nullable, defaulted, server-set nor read-only, so clients must send it"
                ),
                "mark it `modifiers: [required]`, as the reference page does",
            );
            return None;
        }
        let mut modifiers = Vec::new();
        if read_only {
            modifiers.push("read-only".to_owned());
        }
        if server_set {
            modifiers.push("server-set".to_owned());
        }
        if required {
            modifiers.push("required".to_owned());
        }
        let read = if nullable {
            ReadRule::Optional
        } else if default.is_some() {
            ReadRule::Defaulted
        } else {
            ReadRule::Required
        };
        let create = if server_set {
            CreateRule::Forbidden
        } else if !nullable && default.is_none() {
            CreateRule::Required
        } else {
            CreateRule::Optional
        };
        let update = if server_set || read_only { UpdateRule::Forbidden } else { UpdateRule::Allowed };
        Some(Field {
            wire_name,
            rust_name,
            doc: doc_of(f),
            restricted: true,
            schema_type: ty_s.value.clone(),
            ty,
            nullable,
            read,
            create,
            update,
            default,
            max_len: None,
            reference: None,
            modifiers,
            loc: f.name.loc.clone(),
        })
    }

    fn salesforce_field(
        &mut self,
        f: &RawField,
        ty_s: &Spanned<String>,
        wire_name: String,
        rust_name: String,
        cx: &ApiCx<'_>,
    ) -> Option<Field> {
        // Every problem of the field is reported, each once: its properties, its type and
        // what depends on the type (only once the type is known, so an unknown type does
        // not cascade into "`length` does not apply"), its length and its default. The
        // field is refused at the end when any was found.
        let before = self.diags.0.len();
        let mut props: Vec<&str> = Vec::new();
        for p in &f.properties {
            if props.contains(&p.value.as_str()) {
                self.err(&p.loc, format!("property `{}` is given twice", p.value));
                continue;
            }
            if !SALESFORCE_PROPERTIES.contains(&p.value.as_str()) {
                let hint = closest(&p.value, SALESFORCE_PROPERTIES.iter().copied()).map_or_else(
                    || format!("expected one of: {}", SALESFORCE_PROPERTIES.join(", ")),
                    |n| format!("did you mean `{n}`?"),
                );
                self.err_hint(&p.loc, format!("unknown property `{}`", p.value), hint);
                continue;
            }
            props.push(&p.value);
        }
        let has = |p: &str| props.contains(&p);
        let t = ty_s.value.as_str();
        let sf_ty = |this: &mut Self| -> Option<Ty> {
            Some(match t {
                "id" => Ty::Id(None),
                "reference" => Ty::Id(f.refers_to.first().map(|r| r.value.clone())),
                "string" | "textarea" | "phone" | "url" | "combobox" => Ty::String,
                "email" => Ty::Email,
                "boolean" => Ty::Bool,
                "int" if f.bitmask.is_some() => Ty::Named(this.names.get(&wire_name.to_upper_camel_case())?.0),
                "int" => Ty::Int32,
                "double" => Ty::Float,
                "date" => Ty::Date,
                "dateTime" => Ty::DateTime,
                "picklist" => {
                    let name =
                        f.enum_name.as_ref().map_or_else(|| wire_name.to_upper_camel_case(), |n| n.value.clone());
                    Ty::Named(this.names.get(&name)?.0)
                }
                "JunctionIdList" => Ty::List(Box::new(Ty::Id(f.refers_to.first().map(|r| r.value.clone())))),
                other => {
                    this.unknown_type(other, &ty_s.loc, cx);
                    return None;
                }
            })
        };
        let known_type = SALESFORCE_TYPES.contains(&t);
        let ty = if t == "picklist" && f.values.is_none() {
            // Checked before the type: a picklist without values has no enumeration to find.
            self.err_hint(
                &ty_s.loc,
                format!("picklist `{wire_name}` lists no values"),
                "add `values:` with the picklist's API names",
            );
            None
        } else {
            sf_ty(self)
        };
        if known_type {
            if let Some((_, loc)) = &f.values {
                if !matches!(t, "picklist" | "combobox") {
                    self.err(loc, format!("`values` belongs to picklist and combobox fields, not `{t}`"));
                }
            }
            if let Some(p) = f.properties.iter().find(|p| p.value == "Restricted picklist").filter(|_| t != "picklist")
            {
                self.err(&p.loc, format!("`{wire_name}` is {}, so it cannot be a restricted picklist", a_or_an(t)));
            }
            if let Some((_, loc)) = &f.bitmask {
                if t != "int" {
                    self.err(loc, format!("`bitmask` belongs to int fields, not `{t}`"));
                }
            }
        }
        if let Some(len) = &f.length {
            if known_type && !matches!(t, "string" | "textarea" | "phone" | "url" | "combobox" | "picklist" | "email") {
                self.err(&len.loc, format!("`length` does not apply to {} field", a_or_an(t)));
            } else if len.value == 0 || len.value > u64::from(u32::MAX) {
                self.err(&len.loc, format!("length {} is out of range", len.value));
            }
        }
        let is_ref = matches!(t, "reference" | "JunctionIdList");
        if is_ref && f.refers_to.is_empty() {
            self.err_hint(
                &ty_s.loc,
                format!("reference `{wire_name}` does not say what it refers to"),
                "add `refers-to: [Object, ...]`",
            );
        }
        if known_type && !is_ref && (!f.refers_to.is_empty() || f.relationship_name.is_some()) {
            self.err(&f.name.loc, format!("`{wire_name}` is {}, not a reference", a_or_an(t)));
        }
        let nillable = has("Nillable");
        if nillable && t == "boolean" {
            self.err_hint(
                &f.name.loc,
                format!("boolean `{wire_name}` is Nillable"),
                "Salesforce booleans are never null: drop `Nillable`",
            );
        }
        let reference = is_ref.then(|| {
            let targets: Vec<String> = f.refers_to.iter().map(|r| r.value.clone()).collect();
            let prefixes: Option<Vec<String>> =
                targets.iter().map(|t| cx.key_prefixes.iter().find(|(o, _)| o == t).map(|(_, p)| p.clone())).collect();
            Reference {
                polymorphic: f.polymorphic.as_ref().map_or(targets.len() > 1, |p| p.value),
                targets,
                relationship_name: f.relationship_name.as_ref().map(|r| r.value.clone()),
                relationship_type: f.relationship_type.as_ref().map(|r| r.value.clone()),
                prefixes,
            }
        });
        let default = match &f.default {
            Some((d, plain)) => {
                let listed = match &f.values {
                    Some((values, _)) if t == "picklist" => values.iter().any(|v| v.value.value == d.value),
                    _ => true,
                };
                if !listed {
                    // Each value once, though it may be listed twice (reported apart).
                    let mut names: Vec<&str> = Vec::new();
                    for v in f.values.iter().flat_map(|(v, _)| v.iter().map(|v| v.value.value.as_str())) {
                        if !names.contains(&v) {
                            names.push(v);
                        }
                    }
                    let hint = match closest(&d.value, names.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`? the values are {}", names.join(", ")),
                        None => format!("the values are {}", names.join(", ")),
                    };
                    self.err_hint(&d.loc, format!("default `{}` is not one of the picklist's values", d.value), hint);
                    None
                } else if let Some(ty) = &ty {
                    self.literal(ty, d, *plain, cx)
                } else {
                    None
                }
            }
            None => None,
        };
        if self.diags.0.len() > before {
            return None;
        }
        let ty = ty?;
        if f.default.is_some() && default.is_none() {
            return None;
        }
        let create = if !has("Create") {
            CreateRule::Forbidden
        } else if !nillable && !has("Defaulted on create") && t != "JunctionIdList" {
            CreateRule::Required
        } else {
            CreateRule::Optional
        };
        Some(Field {
            wire_name,
            rust_name,
            doc: doc_of(f),
            schema_type: ty_s.value.clone(),
            ty,
            nullable: nillable,
            read: ReadRule::Optional,
            create,
            update: if has("Update") { UpdateRule::Allowed } else { UpdateRule::Forbidden },
            default,
            max_len: f.length.as_ref().map(|l| l.value as u32),
            restricted: has("Restricted picklist"),
            reference,
            modifiers: f.properties.iter().map(|p| p.value.clone()).collect(),
            loc: f.name.loc.clone(),
        })
    }

    /// Parses a Stalwart type expression: `Name`, `Name?`, `Name[]`, `List<T>`, `Set<T>`, `Id<Object>`.
    fn type_expr(&mut self, s: &str, loc: &Loc, cx: &ApiCx<'_>) -> Option<(Ty, bool)> {
        let s = s.trim();
        let (body, nullable) = match s.strip_suffix('?') {
            Some(b) => (b.trim_end(), true),
            None => (s, false),
        };
        if body.contains('?') {
            self.err_hint(
                loc,
                format!("`{s}`: `?` may only end a type"),
                "write `T?` for a nullable value; collections hold no nulls",
            );
            return None;
        }
        // `type_inner` recurses once per level: bound the depth before it starts.
        let depth = body.matches('<').count() + body.matches("[]").count();
        if depth > MAX_TYPE_DEPTH {
            self.err_hint(
                loc,
                format!("a type expression nests {depth} levels deep"),
                format!(
                    "at most {MAX_TYPE_DEPTH} levels (`List<Set<T>>` is 2); name an object type under `types:` instead"
                ),
            );
            return None;
        }
        Some((self.type_inner(body, loc, cx)?, nullable))
    }

    fn type_inner(&mut self, s: &str, loc: &Loc, cx: &ApiCx<'_>) -> Option<Ty> {
        if let Some(inner) = s.strip_suffix("[]") {
            return Some(Ty::List(Box::new(self.type_inner(inner.trim_end(), loc, cx)?)));
        }
        if let Some(open) = s.find('<') {
            let Some(inner) = s[open + 1..].strip_suffix('>') else {
                self.err_hint(
                    loc,
                    format!("`{s}` is not a type expression"),
                    "expected `List<T>`, `Set<T>` or `Id<Object>`",
                );
                return None;
            };
            let inner = inner.trim();
            return match &s[..open] {
                "List" => Some(Ty::List(Box::new(self.type_inner(inner, loc, cx)?))),
                "Set" => {
                    let member = self.type_inner(inner, loc, cx)?;
                    self.set_member(&member, s, loc, cx)?;
                    Some(Ty::Set(Box::new(member)))
                }
                "Id" if is_upper_ident(inner) => Some(Ty::Id(Some(inner.to_owned()))),
                other => {
                    self.err_hint(
                        loc,
                        format!("unknown type constructor `{other}<…>`"),
                        "expected `List<T>`, `Set<T>` or `Id<Object>`",
                    );
                    None
                }
            };
        }
        Some(match s {
            "String" | "Text" => Ty::String,
            "Boolean" => Ty::Bool,
            "Integer" => Ty::Int64,
            "UnsignedInt" => Ty::UInt64,
            "Float" => Ty::Float,
            "UTCDateTime" => Ty::DateTime,
            "Id" => Ty::Id(None),
            "BlobId" => Ty::BlobId,
            "EmailAddress" => Ty::Email,
            name => match self.names.get(name) {
                Some((id, _)) => Ty::Named(*id),
                None => {
                    self.unknown_type(name, loc, cx);
                    return None;
                }
            },
        })
    }

    /// Checks that a set can hold `member`: sets are ordered sets (`BTreeSet`), so members
    /// need a total order (no `Float`, no objects), and with `set: object-of-true` each is
    /// a JSON object key, so it must travel as a string (no numbers, booleans, lists).
    fn set_member(&mut self, member: &Ty, expr: &str, loc: &Loc, cx: &ApiCx<'_>) -> Option<()> {
        let as_key = cx.wire.set == Collection::ObjectOfTrue;
        let ok = match member {
            Ty::String | Ty::Id(_) | Ty::BlobId | Ty::Email | Ty::DateTime | Ty::Date => true,
            Ty::Bool | Ty::Int32 | Ty::Int64 | Ty::UInt64 => !as_key,
            // Enumerations are resolved before any field, so the kind is known here.
            Ty::Named(id) => matches!(self.types[id.0].as_ref().map(|t| &t.kind), Some(TypeKind::Enum(_))),
            Ty::Float | Ty::List(_) | Ty::Set(_) => false,
        };
        if ok {
            return Some(());
        }
        let why = if as_key {
            "its members are JSON object keys (`wire.set: object-of-true`), so each must travel as a string: \
             String, Id, BlobId, EmailAddress, UTCDateTime or an enumeration"
        } else {
            "its members need a total order and equality: not Float, an object, a list or a set"
        };
        self.err_hint(
            loc,
            format!("`{expr}` cannot be a set: {why}"),
            "use `List<…>` for a collection of these, or a set of ids",
        );
        None
    }

    /// The rules of a field set, every name and value checked against its fields.
    fn rules(&mut self, raw: &[RawRule], fields: &[Field], cx: &ApiCx<'_>) -> Vec<Rule> {
        let mut out = Vec::new();
        for r in raw {
            if let Some(rule) = self.rule(r, fields, cx) {
                out.push(rule);
            }
        }
        out
    }

    fn field_ref(&mut self, name: &Spanned<String>, fields: &[Field]) -> Option<usize> {
        match fields.iter().position(|f| f.wire_name == name.value) {
            Some(i) => Some(i),
            None if self.refused.contains(&name.value) => None,
            None => {
                let hint = closest(&name.value, fields.iter().map(|f| f.wire_name.as_str())).map_or_else(
                    || "rules name fields of the same field set".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                self.err_hint(&name.loc, format!("rule names `{}`, which is not a field here", name.value), hint);
                None
            }
        }
    }

    fn field_refs(&mut self, names: &[Spanned<String>], fields: &[Field]) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut ok = true;
        for n in names {
            match self.field_ref(n, fields) {
                Some(i) => out.push(i),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn conds(&mut self, raw: &[RawCond], fields: &[Field], cx: &ApiCx<'_>) -> Option<Vec<Cond>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (name, value, plain) in raw {
            let Some(i) = self.field_ref(name, fields) else {
                ok = false;
                continue;
            };
            match self.literal_as("condition value", &fields[i].ty, value, *plain, cx) {
                Some(equals) => out.push(Cond { field: i, equals }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn rule(&mut self, r: &RawRule, fields: &[Field], cx: &ApiCx<'_>) -> Option<Rule> {
        let when = self.conds(&r.when, fields, cx);
        let when_stored = self.conds(&r.when_stored, fields, cx);
        let (Some(when), Some(when_stored)) = (when, when_stored) else {
            // The conditions are refused; the fields the action names may be wrong too,
            // and each problem is reported now rather than after the next run.
            let names: Vec<&Spanned<String>> = match &r.action {
                RawAction::Require(n) | RawAction::Forbid(n) | RawAction::ForbidChange(n) | RawAction::Before(n, _) => {
                    n.iter().collect()
                }
                RawAction::Range { field, .. } | RawAction::ExcludeFlags { field, .. } => vec![field],
            };
            for n in names {
                self.field_ref(n, fields);
            }
            return None;
        };
        let is_change = matches!(r.action, RawAction::ForbidChange(_));
        if is_change == r.when_stored.is_empty() || (is_change && !r.when.is_empty()) {
            self.err_hint(
                &r.loc,
                "`when-stored` goes with `forbid-change`, and only with it",
                "`forbid-change` freezes fields while the stored record meets `when-stored`; other rules use `when`",
            );
            return None;
        }
        let name = |i: &usize| fields[*i].wire_name.clone();
        let cond_text = |c: &[Cond]| {
            c.iter().map(|c| format!("{} is {}", fields[c.field].wire_name, c.equals)).collect::<Vec<_>>().join(" and ")
        };
        let (kind, default_because) = match &r.action {
            RawAction::Require(names) => {
                let f = self.field_refs(names, fields)?;
                let why = if when.is_empty() { "always".to_owned() } else { format!("when {}", cond_text(&when)) };
                (RuleKind::Require { when, fields: f }, why)
            }
            RawAction::Forbid(names) => {
                let f = self.field_refs(names, fields)?;
                let why =
                    if when.is_empty() { "never allowed".to_owned() } else { format!("not when {}", cond_text(&when)) };
                (RuleKind::Forbid { when, fields: f }, why)
            }
            RawAction::ForbidChange(names) => {
                let f = self.field_refs(names, fields)?;
                let why = format!("not while the stored record's {}", cond_text(&when_stored));
                (RuleKind::ForbidChange { when_stored, fields: f }, why)
            }
            RawAction::Before(names, loc) => {
                let f = self.field_refs(names, fields)?;
                let [first, second] = f[..] else {
                    self.err_hint(loc, "`before` names two fields", "write `before: [Start, End]`");
                    return None;
                };
                let comparable =
                    |t: &Ty| matches!(t, Ty::Date | Ty::DateTime | Ty::Int32 | Ty::Int64 | Ty::UInt64 | Ty::Float);
                if !comparable(&fields[first].ty) || fields[first].ty != fields[second].ty {
                    self.err_hint(
                        loc,
                        format!("`{}` and `{}` cannot be ordered", name(&first), name(&second)),
                        "`before` compares two dates, two date-times or two numbers",
                    );
                    return None;
                }
                let why = format!("{} must come before {}", name(&first), name(&second));
                (RuleKind::Before { first, second }, why)
            }
            RawAction::Range { field, min, max } => {
                let i = self.field_ref(field, fields)?;
                if !matches!(fields[i].ty, Ty::Int32 | Ty::Int64 | Ty::UInt64 | Ty::Float) {
                    self.err(&field.loc, format!("`range` applies to numbers; `{}` is not one", field.value));
                    return None;
                }
                if let (Some(a), Some(b)) = (min, max) {
                    if a.value > b.value {
                        self.err(&b.loc, format!("range max {} is below its min {}", b.value, a.value));
                        return None;
                    }
                }
                if !when.is_empty() {
                    self.err(&r.loc, "`range` takes no `when`: a value out of range is wrong in any state");
                    return None;
                }
                let (min, max) = (min.as_ref().map(|m| m.value), max.as_ref().map(|m| m.value));
                (RuleKind::Range { field: i, min, max }, format!("{} out of range", field.value))
            }
            RawAction::ExcludeFlags { field, flags } => {
                let i = self.field_ref(field, fields)?;
                let Ty::Named(id) = fields[i].ty else {
                    self.err(&field.loc, format!("`exclude-flags` applies to bitmasks; `{}` is not one", field.value));
                    return None;
                };
                let known: Vec<(String, u32)> = match self.types[id.0].as_ref().map(|t| &t.kind) {
                    Some(TypeKind::Bitmask(b)) => b.flags.iter().map(|(n, _, bit)| (n.clone(), *bit)).collect(),
                    _ => {
                        self.err(
                            &field.loc,
                            format!("`exclude-flags` applies to bitmasks; `{}` is not one", field.value),
                        );
                        return None;
                    }
                };
                let mut bits = 0u64;
                let mut names = Vec::new();
                for f in flags {
                    match known.iter().find(|(n, _)| *n == f.value) {
                        Some((n, bit)) => {
                            bits |= u64::from(*bit);
                            names.push(n.clone());
                        }
                        None => {
                            let hint = closest(&f.value, known.iter().map(|(n, _)| n.as_str())).map_or_else(
                                || "name flags of the field's bitmask".to_owned(),
                                |n| format!("did you mean `{n}`?"),
                            );
                            self.err_hint(&f.loc, format!("`{}` is not a flag of `{}`", f.value, field.value), hint);
                            return None;
                        }
                    }
                }
                let why = format!("{} may not include {} when {}", field.value, names.join(" or "), cond_text(&when));
                (RuleKind::ExcludeFlags { when, field: i, bits, names }, why)
            }
        };
        let because = r.because.as_ref().map_or(default_because, |b| b.value.clone());
        Some(Rule { kind, because, loc: r.loc.clone() })
    }

    fn literal(&mut self, ty: &Ty, d: &Spanned<String>, plain: bool, cx: &ApiCx<'_>) -> Option<Literal> {
        self.literal_as("default", ty, d, plain, cx)
    }

    /// A literal for `role` ("default", "condition value") of a field of type `ty`.
    fn literal_as(&mut self, role: &str, ty: &Ty, d: &Spanned<String>, plain: bool, cx: &ApiCx<'_>) -> Option<Literal> {
        let _ = cx;
        let v = d.value.as_str();
        let bad = |this: &mut Self, what: &str| {
            this.err(&d.loc, format!("{role} `{v}` is not {what}"));
            None
        };
        match ty {
            Ty::Bool => match v {
                "true" => Some(Literal::Bool(true)),
                "false" => Some(Literal::Bool(false)),
                _ => bad(self, "a boolean"),
            },
            Ty::Int32 => match v.parse::<i32>() {
                Ok(n) if plain => Some(Literal::Int(n.into())),
                _ => bad(self, "a 32-bit integer"),
            },
            Ty::Int64 => match v.parse::<i64>() {
                Ok(n) if plain => Some(Literal::Int(n)),
                _ => bad(self, "an integer"),
            },
            Ty::UInt64 => match v.parse::<u64>() {
                Ok(n) if plain => Some(Literal::UInt(n)),
                _ => bad(self, "an unsigned integer"),
            },
            Ty::Float => match v.parse::<f64>() {
                Ok(n) if plain && n.is_finite() => Some(Literal::Float(n)),
                _ => bad(self, "a number"),
            },
            Ty::String | Ty::Email => Some(Literal::Str(v.to_owned())),
            // Enumerations and picklists are resolved before any field (see `api`).
            Ty::Named(id) => match self.types[id.0].as_ref().map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) if e.values.iter().any(|x| x.wire == v) => Some(Literal::Str(v.to_owned())),
                Some(TypeKind::Enum(e)) => {
                    let values: Vec<&str> = e.values.iter().map(|x| x.wire.as_str()).collect();
                    let hint = format!("expected one of: {}", values.join(", "));
                    self.err_hint(&d.loc, format!("{role} `{v}` is not one of the enumeration's values"), hint);
                    None
                }
                _ => {
                    self.err(&d.loc, format!("a field of this type cannot have a default (`{v}`)"));
                    None
                }
            },
            _ => {
                self.err(&d.loc, format!("a field of this type cannot have a default (`{v}`)"));
                None
            }
        }
    }

    /// A struct that holds itself by value (not through a list or set) has no finite size.
    fn check_cycles(&mut self, api: &Api) {
        fn direct(api: &Api, id: TypeId, out: &mut Vec<(TypeId, Loc)>) {
            match &api.ty(id).kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        if let Ty::Named(t) = f.ty {
                            out.push((t, f.loc.clone()));
                        }
                    }
                }
                TypeKind::Union(u) => {
                    for v in &u.variants {
                        out.push((v.fields, api.ty(id).loc.clone()));
                    }
                }
                _ => {}
            }
        }
        let edges: Vec<Vec<(TypeId, Loc)>> = (0..api.types.len())
            .map(|id| {
                let mut out = Vec::new();
                direct(api, TypeId(id), &mut out);
                out
            })
            .collect();
        let comp = components(&edges);
        let mut size = vec![0usize; api.types.len()];
        for &c in &comp {
            size[c] += 1;
        }
        for start in 0..api.types.len() {
            // Only a type on a cycle can contain itself, and only the types of its own
            // strongly connected component lead back to it: searching those alone keeps
            // a long chain of nested types linear.
            if size[comp[start]] == 1 && !edges[start].iter().any(|(t, _)| t.0 == start) {
                continue;
            }
            let mut stack = vec![TypeId(start)];
            let mut seen = vec![false; api.types.len()];
            while let Some(id) = stack.pop() {
                for (t, loc) in &edges[id.0] {
                    if t.0 == start {
                        let name = &api.types[start].name;
                        self.err_hint(
                            loc,
                            format!("type `{name}` contains itself"),
                            "a type may hold itself only inside a List or Set",
                        );
                        stack.clear();
                        break;
                    }
                    if !seen[t.0] && comp[t.0] == comp[start] {
                        seen[t.0] = true;
                        stack.push(*t);
                    }
                }
            }
        }
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, without recursion
/// so that a deep chain of types cannot overflow the stack).
fn components<T>(edges: &[Vec<(TypeId, T)>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut comp) = (vec![NONE; n], vec![0; n], vec![NONE; n]);
    let (mut on_stack, mut stack, mut next, mut count) = (vec![false; n], Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut calls = vec![(root, 0usize)];
        while let Some(top) = calls.last_mut() {
            let v = top.0;
            if let Some((w, _)) = edges[v].get(top.1) {
                top.1 += 1;
                let w = w.0;
                if index[w] == NONE {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    comp
}

struct ApiCx<'a> {
    vocabulary: Vocabulary,
    wire: &'a Wire,
    key_prefixes: &'a [(String, String)],
}

fn doc_of(f: &RawField) -> Doc {
    Doc {
        label: f.label.as_ref().map(|l| l.value.clone()),
        description: f.description.as_ref().map(|d| d.value.clone()),
    }
}

fn is_lower_ident(s: &str) -> bool {
    // `_` alone is a pattern, not a name.
    s != "_"
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_upper_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_const_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

trait Shouty {
    fn to_shouty_snake(&self) -> String;
}

impl Shouty for String {
    fn to_shouty_snake(&self) -> String {
        heck::ToShoutySnakeCase::to_shouty_snake_case(self.as_str())
    }
}

/// Reads one item of `wire.client-rules` into `rules`; `false` when it names none.
fn client_rule(rules: &mut ClientRules, item: &str) -> bool {
    match item {
        "non-empty-strings" => rules.non_empty_strings = true,
        "exact-integers" => rules.exact_integers = true,
        _ => return false,
    }
    true
}

/// Reads `wire.client-years`: `[first, last]`, with `as-written` or `utc` (the default)
/// third; `None` when it is not that.
fn client_years(items: &[String]) -> Option<ClientYears> {
    let (years, how) = match items {
        [first, last] => ([first, last], None),
        [first, last, how] => ([first, last], Some(how.as_str())),
        _ => return None,
    };
    let first = years[0].parse::<i32>().ok()?;
    let last = years[1].parse::<i32>().ok()?;
    if !((1..=9999).contains(&first) && first <= last && last <= 9999) {
        return None;
    }
    let date_time_year = match how {
        None | Some("utc") => DateTimeYear::Utc,
        Some("as-written") => DateTimeYear::AsWritten,
        Some(_) => return None,
    };
    Some(ClientYears { first, last, date_time_year })
}

/// Gives every object's field sets the member `wire.object-id` names (Stalwart's `id`):
/// the server sets it, every read carries it (one without it is still read), and no
/// client body may send it. A field set that defines the member itself keeps its own.
fn add_object_ids(api: &mut Api) {
    let Some(name) = api.wire.object_id.clone() else { return };
    let mut sets = Vec::new();
    for m in &api.modules {
        let object = api.ty(m.object);
        match &object.kind {
            TypeKind::Struct(_) => sets.push(m.object),
            TypeKind::Union(u) => sets.extend(u.variants.iter().map(|v| v.fields)),
            _ => {}
        }
    }
    sets.sort();
    sets.dedup();
    for id in sets {
        let def = &mut api.types[id.0];
        let loc = def.loc.clone();
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        if s.fields.iter().any(|f| f.wire_name == name) {
            continue;
        }
        s.fields.insert(
            0,
            Field {
                rust_name: name.to_snake_case(),
                wire_name: name.clone(),
                doc: Doc {
                    label: None,
                    description: Some("The object's id, set by the server (the wire profile's `object-id`)".into()),
                },
                ty: Ty::Id(None),
                schema_type: "Id".into(),
                nullable: false,
                read: ReadRule::Optional,
                create: CreateRule::Forbidden,
                update: UpdateRule::Forbidden,
                default: None,
                max_len: None,
                restricted: false,
                reference: None,
                modifiers: vec!["server-set".into()],
                loc,
            },
        );
        // Rules name fields by index: the new member shifts every index by one.
        for r in &mut s.rules {
            shift_rule(&mut r.kind);
        }
    }
}

fn shift_rule(kind: &mut RuleKind) {
    let conds = |c: &mut Vec<Cond>| c.iter_mut().for_each(|c| c.field += 1);
    let all = |f: &mut Vec<usize>| f.iter_mut().for_each(|i| *i += 1);
    match kind {
        RuleKind::Require { when, fields } | RuleKind::Forbid { when, fields } => {
            conds(when);
            all(fields);
        }
        RuleKind::Before { first, second } => {
            *first += 1;
            *second += 1;
        }
        RuleKind::Range { field, .. } => *field += 1,
        RuleKind::ExcludeFlags { when, field, .. } => {
            conds(when);
            *field += 1;
        }
        RuleKind::ForbidChange { when_stored, fields } => {
            conds(when_stored);
            all(fields);
        }
    }
}
