//! Types generated at build time from `schema/` by `build.rs` (`codegen::Builder`),
//! instead of a checked-in generated crate.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// The included tree must not name cargo features this crate does not have.
#![deny(unexpected_cfgs)]

include!(concat!(env!("OUT_DIR"), "/api_models.rs"));
