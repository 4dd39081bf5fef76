//! Generation itself: load, check and emit the checked-in schema tree.
//!
//! Run: `cargo bench -p bench --bench generate`. The whole imported Stalwart registry is
//! measured when `BENCH_SCHEMA` names a schema tree (see BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, Criterion};

// As in `cargo xtask`, whose generation this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn generate(c: &mut Criterion) {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut g = c.benchmark_group("generate");
    g.sample_size(20);
    g.bench_function("seed schemas (load + check + emit)", |b| {
        b.iter(|| {
            let model = codegen::internal::schema::load_dir(&seed).unwrap();
            codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default())
        })
    });
    if let Some(dir) = std::env::var_os("BENCH_SCHEMA") {
        let dir = std::path::PathBuf::from(dir);
        g.sample_size(10);
        g.bench_function("BENCH_SCHEMA tree (load + check + emit)", |b| {
            b.iter(|| {
                let model = codegen::internal::schema::load_dir(&dir).unwrap();
                codegen::internal::emit::generate(&model, &codegen::internal::emit::Options::default())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
