//! Generation's peak memory stays linear in the schema (issue 11): variants sharing one
//! field set once made the partial-read emitter hold a reading per variant and field
//! (1.5 GB for 800 × 800), and formatting held a whole module's syntax tree at once.
//!
//! Not a timed test: a counting allocator measures the peak of live heap bytes, which
//! does not depend on the machine's load. This file holds one test only, so that no
//! other test allocates while it measures. BENCHMARKS.md has the 800 × 800 run.

use codegen::internal::schema::{SourceApi, SourceFile};

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

const API: &str = "api: stalwart
title: Test API
description: A test API.
vocabulary: stalwart
wire:
  keys: camelCase
  discriminator: \"@type\"
  date-time: seconds-z
  id: stalwart-base32
  list: object-by-index
  set: object-of-true
";

/// `n` variants all naming one set of `n` fields, nullable or required.
fn shared_field_set(n: usize, required: bool) -> String {
    let mut s = "object: Thing\ndescription: A thing.\nvariants:\n".to_owned();
    for i in 0..n {
        s.push_str(&format!("  - type: V{i}\n    label: Variant {i}\n    fields: ThingFields\n"));
    }
    s.push_str("types:\n  ThingFields:\n    description: The shared set.\n    fields:\n");
    for i in 0..n {
        let ty = if required { "String\n        modifiers: [required]" } else { "String?" };
        s.push_str(&format!("      field{i}:\n        type: {ty}\n        description: Field {i}.\n"));
    }
    s
}

/// (peak live heap bytes above what was live before, bytes written) of loading and
/// generating `object`.
fn generate(object: String) -> (usize, usize) {
    let file = |name: &str, text: String| SourceFile { name: name.into(), text };
    let sources = vec![SourceApi {
        dir: "stalwart".into(),
        api: file("stalwart/api.yaml", API.into()),
        objects: vec![("thing.yaml".into(), file("stalwart/thing.yaml", object))],
    }];
    let before = counting_alloc::live();
    counting_alloc::reset_peak();
    let model = codegen::internal::schema::load(&sources).unwrap_or_else(|d| panic!("{d}"));
    let files = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
    let peak = counting_alloc::peak() - before;
    (peak, files.iter().map(|f| f.contents.len()).sum())
}

#[test]
fn peak_memory_grows_with_variants_plus_fields_not_their_product() {
    // Nullable members only: a set of required members also gets a typestate builder
    // (one impl per member, each naming every member), which grows as members squared.
    {
        let (peak_n, out_n) = generate(shared_field_set(50, false));
        let (peak_4n, out_4n) = generate(shared_field_set(200, false));
        let what = "nullable";
        eprintln!(
            "{what}: 50 × 50: peak {peak_n} B, {out_n} B written; 200 × 200: peak {peak_4n} B, {out_4n} B written"
        );
        // Four times the variants and the fields: linear is 4, their product 16.
        assert!(out_4n < 6 * out_n, "{what}: output {out_n} B for 50 × 50, {out_4n} B for 200 × 200");
        assert!(peak_4n < 6 * peak_n, "{what}: peak {peak_n} B for 50 × 50, {peak_4n} B for 200 × 200");
        // Formatting holds one item's syntax tree at a time, not the file's: the whole
        // module's tree and token buffer were 40 times the text written.
        assert!(peak_4n < 25 * out_4n, "{what}: peak {peak_4n} B for {out_4n} B written");
    }
}
