//! Generates the types of `schema/` into `OUT_DIR` (see `src/lib.rs`).

fn main() {
    if let Err(e) = codegen::Builder::new().schema_dir("schema").generate() {
        // Every schema problem, located (file:line:col, YAML path, hint), then a failed build.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
