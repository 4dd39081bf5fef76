//! What the generated types forbid, shown by code that must not compile.

#[test]
fn modifiers_are_types() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/server_set_on_create.rs");
    t.compile_fail("tests/ui/read_only_on_update.rs");
    t.compile_fail("tests/ui/no_create_property.rs");
    t.compile_fail("tests/ui/server_only_variant.rs");
    t.compile_fail("tests/ui/required_on_create.rs");
    t.compile_fail("tests/ui/patch_misspelt_path.rs");
    t.compile_fail("tests/ui/patch_server_set_path.rs");
    t.compile_fail("tests/ui/builder_missing_required.rs");
    t.pass("tests/ui/allowed.rs");
}
