//! Schema-driven generator of typed API object models.
//!
//! `schema` reads YAML into positioned raw structs; `model` checks and resolves them
//! into one [`model::Model`]; `emit` turns the model into a Rust crate. Every arrow goes
//! one way: emitters never see YAML and never fail.
//!
//! From a build script, [`Builder`] does all of it: schema folder in, one Rust file in
//! `OUT_DIR` out, or every schema problem located (see the `build` example crate).

mod build;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod import;
pub mod model;
pub mod schema;

pub use build::{BuildError, Builder};
pub use diag::{Diagnostic, Diagnostics};
