//! From raw schema files to the resolved model, checking everything that can be wrong.
//!
//! This module holds the two passes over an API's files (declare every type, then
//! resolve each body); each concern is a module of its own: the wire profile, named
//! types, type expressions, fields and each vocabulary's modifiers, rules, cycles, the
//! object id member, and the names generation gives views.

mod cycles;
mod fields;
mod object_ids;
mod rules;
mod salesforce_field;
mod stalwart_field;
mod type_expr;
mod types;
mod view_names;
mod wire;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::*;
use crate::diag::{a_or_an, closest, Diagnostic, Diagnostics, Loc};
use crate::ident;
use crate::schema::raw::{RawApi, RawBody, RawField, RawObjectFile, RawType, RawVariantFields, Spanned};

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
    pub(super) fn err(&mut self, loc: &Loc, message: impl Into<String>) {
        self.diags.push(Diagnostic::new(loc.clone(), message));
    }

    pub(super) fn err_hint(&mut self, loc: &Loc, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::new(loc.clone(), message).hint(hint));
    }

    pub(super) fn api(&mut self, files: RawApiFiles) -> Option<Api> {
        let raw = &files.api;
        let name = raw.api.value.clone();
        if !ident::is_module_name(&name) {
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
        let mut key_prefixes_at = Vec::new();
        for (obj, prefix) in &raw.key_prefixes {
            if prefix.value.len() != 3 || !prefix.value.chars().all(|c| c.is_ascii_alphanumeric()) {
                self.err_hint(
                    &prefix.loc,
                    format!("`{}` is not a key prefix", prefix.value),
                    "a key prefix is three letters or digits, e.g. \"003\"",
                );
            }
            key_prefixes.push((obj.value.clone(), prefix.value.clone()));
            key_prefixes_at.push((obj.value.clone(), prefix.loc.clone()));
        }

        // First pass: every type name of the API gets an id.
        let mut pending: Vec<(TypeId, Pending<'_>)> = Vec::new();
        let mut modules = Vec::new();
        let mut module_files: HashMap<String, &str> = HashMap::new();
        for (mi, (file_name, file)) in files.objects.iter().enumerate() {
            let module_name = ident::module_name(file_name);
            if !ident::is_module_name(&module_name) {
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
                                let name = format!("{}{}", ty.name.value, ident::type_name(&v.tag.value));
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
        if modules.iter().any(|m| m.object.0 >= types.len()) {
            return None; // an object's name was refused (reported), so it has no type
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
            reads_select_members: vocabulary == Vocabulary::Salesforce,
            key_prefixes,
            key_prefixes_at,
            modules,
            types,
        };
        object_ids::add_object_ids(&mut api);
        self.check_cycles(&api);
        self.check_view_names(&api);
        Some(api)
    }

    pub(super) fn module_of(&self, id: TypeId) -> usize {
        // `declare` leaves a placeholder holding the module until the body replaces it.
        self.types[id.0].as_ref().map_or(0, |t| t.module)
    }

    pub(super) fn declare(&mut self, name: &Spanned<String>, module: usize, vocabulary: Vocabulary) -> Option<TypeId> {
        let _ = vocabulary;
        let n = &name.value;
        if !ident::is_upper_ident(n) {
            self.err_hint(
                &name.loc,
                format!("`{n}` cannot name a type"),
                "type names are written like `TaskStatus`: a capital letter, then letters and digits",
            );
            return None;
        }
        if ident::is_builtin_type(n) {
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

    pub(super) fn declare_field_types<'a>(
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
                    .unwrap_or_else(|| Spanned { value: ident::type_name(&f.name.value), loc: f.name.loc.clone() });
                if let Some(id) = self.declare(&name, module, Vocabulary::Salesforce) {
                    ids.push(id);
                    pending.push((id, Pending::Picklist(f)));
                }
            }
            if f.bitmask.is_some() {
                let name = Spanned { value: ident::type_name(&f.name.value), loc: f.name.loc.clone() };
                if let Some(id) = self.declare(&name, module, Vocabulary::Salesforce) {
                    ids.push(id);
                    pending.push((id, Pending::Bitmask(f)));
                }
            }
        }
    }

    pub(super) fn check_type_name_collisions(&mut self) {
        let mut by_rust: BTreeMap<String, Vec<(String, Loc)>> = BTreeMap::new();
        for (name, (_, loc)) in &self.names {
            by_rust.entry(ident::type_name(name)).or_default().push((name.clone(), loc.clone()));
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
