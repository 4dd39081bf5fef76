//! Generation's peak memory stays linear in the schema (issue 11): variants sharing one
//! field set once made the partial-read emitter hold a reading per variant and field
//! (1.5 GB for 800 × 800), and formatting held a whole module's syntax tree at once.
//!
//! Not a timed test: a counting allocator measures the peak of live heap bytes, which
//! does not depend on the machine's load. This file holds one test only, so that no
//! other test allocates while it measures. BENCHMARKS.md has the 800 × 800 run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::internal::schema::{SourceApi, SourceFile};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only counters
// are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

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
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let model = codegen::internal::schema::load(&sources).unwrap_or_else(|d| panic!("{d}"));
    let files = codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default());
    let peak = PEAK.load(Ordering::Relaxed) - before;
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
