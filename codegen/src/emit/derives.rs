//! The derives of a generated value type: `Eq` and `Hash` join `PartialEq` wherever the
//! model says every member admits them ([`Api::admits_eq`]), so values can be map keys
//! and set members; a float anywhere inside keeps them off.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, TypeId};

/// `#[derive(Clone, Debug, [Default,] PartialEq[, Eq, Hash])]` for a view of type `id`.
pub fn value_derives(api: &Api, id: TypeId, default: bool) -> TokenStream {
    let default = default.then(|| quote! { Default, });
    let eq = api.admits_eq(id).then(|| quote! { , Eq, Hash });
    quote! { #[derive(Clone, Debug, #default PartialEq #eq)] }
}
