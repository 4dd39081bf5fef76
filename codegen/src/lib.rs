//! Schema-driven generator of typed API object models.
//!
//! `schema` reads YAML into positioned raw structs; `model` checks and resolves them
//! into one resolved model; `emit` turns the model into a Rust crate. Every arrow goes
//! one way: emitters never see YAML and never fail.
//!
//! From a build script, [`Builder`] does all of it: schema folder in, one Rust file in
//! `OUT_DIR` out, or every schema problem located (see the `build` example crate).

mod build;

/// The generator's parts, for this workspace's own tools (`xtask`, `bench`, `fuzz`, the
/// tests): not a stable API, and hidden from the docs. A build script needs [`Builder`].
#[doc(hidden)]
#[path = "."]
pub mod internal {
    pub mod diag;
    pub mod diff;
    pub mod emit;
    pub mod ident;
    pub mod import;
    pub mod model;
    pub mod schema;
}

// The parts by their short names inside the crate (`crate::model::Model`).
pub(crate) use internal::{diag, diff, emit, ident, model, schema};

pub use build::{BuildError, Builder};
pub use internal::diag::{Diagnostic, Diagnostics};
