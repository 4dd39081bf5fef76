//! The YAML side: reading schema files into positioned raw structs.
//!
//! The only module that knows YAML exists; everything after it sees [`raw`] types.

pub mod allow;
pub mod raw;
pub mod yaml;

use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, Loc};
use crate::model::{self, Model};
use raw::{Vocabulary, Walker};

/// A schema file's text and the name it is reported under.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Name used in diagnostics (`schema/stalwart/task.yaml`).
    pub name: String,
    /// The text.
    pub text: String,
}

/// One API directory: `api.yaml` and the object files.
#[derive(Clone, Debug)]
pub struct SourceApi {
    /// The directory name.
    pub dir: String,
    /// `api.yaml`.
    pub api: SourceFile,
    /// Object files: (file name, source), sorted by file name.
    pub objects: Vec<(String, SourceFile)>,
}

/// Reads a schema tree from disk: every subdirectory holding an `api.yaml` is an API.
pub fn read_dir(root: &Path) -> Result<Vec<SourceApi>, Diagnostics> {
    let (apis, diags) = read_tree(root);
    if diags.is_empty() {
        Ok(apis)
    } else {
        Err(diags)
    }
}

/// The APIs of a schema tree that could be read, and the problems with the rest (a
/// folder without `api.yaml`, an unreadable file): no API depends on another's folder,
/// so the others are still checked.
fn read_tree(root: &Path) -> (Vec<SourceApi>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let shown = |p: &Path| p.display().to_string();
    let mut entries: Vec<_> = match std::fs::read_dir(root) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect(),
        Err(e) => {
            diags
                .push(Diagnostic::new(Loc::file(shown(root).into()), format!("cannot read the schema directory: {e}")));
            return (Vec::new(), diags);
        }
    };
    entries.sort();
    let mut apis = Vec::new();
    for dir in entries {
        let api_path = dir.join("api.yaml");
        if !api_path.is_file() {
            // A folder of YAML without its api.yaml is a mistake, never a folder to skip:
            // skipping it would drop that API's whole module from the generated crate.
            if let Some(d) = missing_api_yaml(&dir) {
                diags.push(d);
            }
            continue;
        }
        let read = |p: &Path, diags: &mut Diagnostics| -> Option<SourceFile> {
            match std::fs::read(p) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => Some(SourceFile { name: shown(p), text }),
                    Err(e) => {
                        // Columns count characters, as the YAML parser's do.
                        let before =
                            std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]).unwrap_or_default();
                        let line = before.matches('\n').count() as u32 + 1;
                        let col = before.chars().rev().take_while(|c| *c != '\n').count() as u32 + 1;
                        let mut d = Diagnostic::new(
                            Loc { file: shown(p).into(), line, col, path: String::new() },
                            "the file is not valid UTF-8",
                        )
                        .hint("save the file as UTF-8");
                        d.attach_source(&String::from_utf8_lossy(e.as_bytes()));
                        diags.push(d);
                        None
                    }
                },
                Err(e) => {
                    diags.push(Diagnostic::new(Loc::file(shown(p).into()), format!("cannot read the file: {e}")));
                    None
                }
            }
        };
        let Some(api) = read(&api_path, &mut diags) else { continue };
        let mut files: Vec<_> =
            std::fs::read_dir(&dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
        files.sort();
        let mut objects = Vec::new();
        for f in files {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
            if !is_yaml || name == "api.yaml" || !f.is_file() {
                continue;
            }
            if let Some(src) = read(&f, &mut diags) {
                objects.push((name, src));
            }
        }
        let dir_name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        apis.push(SourceApi { dir: dir_name, api, objects });
    }
    if apis.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::new(Loc::file(shown(root).into()), "no API found: no subdirectory holds an api.yaml")
                .hint("a schema tree is <root>/<api>/api.yaml plus one YAML file per object"),
        );
    }
    (apis, diags.sorted())
}

/// The error for a subfolder of the schema tree that holds YAML but no `api.yaml`;
/// None for a folder without YAML (or a hidden one), which is not an API.
fn missing_api_yaml(dir: &Path) -> Option<Diagnostic> {
    let name = dir.file_name()?.to_str().unwrap_or_default();
    if name.starts_with('.') {
        return None;
    }
    let mut yaml: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    yaml.sort();
    let misspelt = yaml.iter().find(|n| n.eq_ignore_ascii_case("api.yml") || n.eq_ignore_ascii_case("api.yaml"));
    let shown = dir.display().to_string();
    Some(match misspelt {
        Some(m) => Diagnostic::new(
            Loc::file(format!("{shown}/{m}").into()),
            format!("the API description must be named `api.yaml`, not `{m}`"),
        )
        .hint("rename the file; without an api.yaml the folder is not read"),
        None => {
            Diagnostic::new(Loc::file(shown.into()), format!("the folder holds {} but no `api.yaml`", yaml.first()?))
                .hint("each API folder needs an api.yaml; move other YAML out of the schema tree")
        }
    })
}

/// Parses, checks and resolves in-memory sources into the model.
pub fn load(sources: &[SourceApi]) -> Result<Model, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut raws = Vec::new();
    // APIs with an object file that could not be read at all: its types are missing, so
    // what the API's other files say about them would be a cascade.
    let mut incomplete: Vec<&str> = Vec::new();
    for src in sources {
        let Some(root) = parse_file(&src.api, &mut diags) else { continue };
        let mut walker = Walker::new(Arc::from(src.api.name.as_str()), &mut diags, Vocabulary::Stalwart);
        let Some(api) = walker.api(&root) else { continue };
        let vocabulary = api.vocabulary.value;
        let mut objects = Vec::new();
        for (name, file) in &src.objects {
            let Some(root) = parse_file(file, &mut diags) else {
                incomplete.push(&src.dir);
                continue;
            };
            let mut walker = Walker::new(Arc::from(file.name.as_str()), &mut diags, vocabulary);
            match walker.object_file(&root) {
                Some(obj) => objects.push((name.clone(), obj)),
                None => incomplete.push(&src.dir),
            }
        }
        raws.push(model::RawApiFiles { dir: src.dir.clone(), api, objects });
    }
    if diags.is_empty() {
        return model::resolve(raws).map_err(|d| with_sources(d, sources));
    }
    // Shape problems: every one is reported, and resolution still checks everything that
    // does not depend on a broken part (issue 12: every problem, once, no cascades). What
    // it says about an element (field, type, variant) whose shape was refused, or about an
    // API with a file it could not read, is left out.
    let broken: Vec<(Arc<str>, &str)> = diags.0.iter().map(|d| (d.loc.file.clone(), d.loc.path.as_str())).collect();
    let api_of = |file: &str| {
        sources.iter().find(|s| s.api.name == file || s.objects.iter().any(|(_, f)| f.name == file)).map(|s| &*s.dir)
    };
    let independent = |d: &Diagnostic| {
        !api_of(&d.loc.file).is_some_and(|dir| incomplete.contains(&dir))
            && !broken.iter().any(|(file, at)| *file == d.loc.file && depends(&d.loc.path, at))
    };
    let more: Vec<Diagnostic> = match model::resolve(raws) {
        Ok(_) => Vec::new(),
        Err(more) => more.0.into_iter().filter(independent).collect(),
    };
    diags.0.extend(more);
    Err(with_sources(diags.sorted(), sources))
}

/// Whether a problem at `path` may follow from a shape problem at `broken`: it is inside
/// the mapping holding the offending key (`fields.Status` for `fields.Status.modifiers`),
/// or, for a top-level key, inside that key or about the file as a whole.
fn depends(path: &str, broken: &str) -> bool {
    let within = |at: &str| path.strip_prefix(at).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']));
    match broken.rfind(['.', '[']) {
        Some(i) => within(&broken[..i]),
        None => path.is_empty() || broken.is_empty() || within(broken),
    }
}

/// Gives each diagnostic its source line, for the snippet under the message.
fn with_sources(mut diags: Diagnostics, sources: &[SourceApi]) -> Diagnostics {
    for src in sources {
        for file in std::iter::once(&src.api).chain(src.objects.iter().map(|(_, f)| f)) {
            diags.attach_source(&file.name, &file.text);
        }
    }
    diags
}

/// Reads, checks and resolves a schema tree on disk.
pub fn load_dir(root: &Path) -> Result<Model, Diagnostics> {
    let (apis, mut diags) = read_tree(root);
    if apis.is_empty() {
        return Err(diags);
    }
    match load(&apis) {
        Ok(model) if diags.is_empty() => Ok(model),
        Ok(_) => Err(diags),
        Err(more) => {
            diags.0.extend(more.0);
            Err(diags.sorted())
        }
    }
}

fn parse_file(file: &SourceFile, diags: &mut Diagnostics) -> Option<yaml::Node> {
    match yaml::parse(&file.text) {
        Ok(root) => Some(root),
        Err(e) => {
            let mut d = Diagnostic::new(
                Loc { file: file.name.as_str().into(), line: e.pos.line, col: e.pos.col, path: e.path },
                format!("YAML syntax: {}", e.message),
            );
            if let Some(hint) = e.hint {
                d = d.hint(hint);
            }
            diags.push(d);
            None
        }
    }
}
