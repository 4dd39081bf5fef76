//! Type names that would clash with the names generation gives other types' views.

use super::*;

impl Resolver<'_> {
    /// Refuses a type whose Rust name is the one generation gives another type's create
    /// or update view (`ThingCreate` beside `Thing`): the two would be one name in a module.
    /// The views are those `emit::views::views_of` makes.
    pub(super) fn check_view_names(&mut self, api: &Api) {
        let mut views: HashMap<(usize, String), (&str, &str)> = HashMap::new();
        for t in &api.types {
            // Beside the views: the builder of a create with many required members, and
            // an object's partial read and typed patch (emit::constructors, partial,
            // patch_builder).
            let made: &[&str] = match (&t.kind, api.updates) {
                (TypeKind::Struct(_), Updates::Body) => &["Create", "Update", "CreateBuilder"],
                (TypeKind::Struct(_) | TypeKind::Union(_), Updates::Patch) if t.is_object => {
                    &["Create", "CreateBuilder", "Partial", "Patch"]
                }
                (TypeKind::Struct(_), Updates::Patch) => &["Create", "CreateBuilder"],
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
}
