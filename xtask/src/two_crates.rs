//! Two generated crates in one program: the checked-in `api-models` and a crate generated
//! from the Salesforce Contact describe share the runtime crate, so a value of one goes
//! into a field of the other (`Field<Id>` is one type), and their default names differ.

use std::fs;
use std::process::Command;

use super::{files, import, runtime_option, workspace_root, RuntimeArg};

const PROGRAM: &str = r##"use api_models::runtime::{Field, ValidationErrors};
use api_models::salesforce::task::Task;
use salesforce_contact_models::salesforce::contact::Contact;

fn main() {
    let task = Task::from_json(r#"{"attributes": {"type": "Task"}, "Id": "00T5e00000AbCdE", "WhoId": "0035e00000AbCdEAAV"}"#)
        .expect("a Task read");
    let mut contact = Contact::from_json(r#"{"attributes": {"type": "Contact"}, "Id": "0035e00000XyZaB", "LastName": "Doe"}"#)
        .expect("a Contact read");
    // The same `Field<Id>`, from the one runtime crate.
    contact.reports_to_id = task.who_id.clone();
    assert!(matches!(&contact.reports_to_id, Field::Value(id) if id.as_str() == "0035e00000AbCdEAAV"));
    // The same error type.
    let errors: Vec<ValidationErrors> = vec![
        Task::from_json("{").unwrap_err(),
        Contact::from_json("{").unwrap_err(),
    ];
    assert_eq!(errors.len(), 2);
    println!("two crates, one runtime");
}
"##;

#[test]
fn two_generated_crates_share_the_runtime() {
    let root = workspace_root();
    let describe = root.join("../shared/reference/salesforce/describe/Contact.json");
    if !describe.is_file() {
        eprintln!("skipped: {} is absent", describe.display());
        return;
    }
    let dir = root.join("target/two-crates");
    let schema = dir.join("schema");
    let _ = fs::remove_dir_all(&schema);
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&describe).unwrap()).unwrap();
    let (imported, _notes) = codegen::internal::import::salesforce::import(&[json]).unwrap_or_else(|e| panic!("{e}"));
    import::write_changed(&schema, &imported, true).unwrap();
    let model = codegen::internal::schema::load_dir(&schema).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(codegen::internal::emit::default_crate_name(&model), "salesforce-contact-models");
    let krate = dir.join("contact");
    let options = codegen::internal::emit::Options {
        crate_name: None,
        runtime: runtime_option(RuntimeArg::Dependency, &krate),
        ..Default::default()
    };
    files::write_all(&krate, &codegen::internal::emit::generate(&model, &options), true).unwrap();
    let program = dir.join("program");
    fs::create_dir_all(program.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"two-crates\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\napi-models = {{ path = \"{}\" }}\nsalesforce-contact-models = {{ path = \"{}\" }}\n\n[workspace]\n",
        root.join("generated").display(),
        krate.display()
    );
    fs::write(program.join("Cargo.toml"), manifest).unwrap();
    fs::write(program.join("src/main.rs"), PROGRAM).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(program.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/out-anywhere"))
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("two crates, one runtime"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
