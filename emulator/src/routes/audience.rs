//! TODO

pub(crate) use super::dispatch::not_yet as details;
pub(crate) use super::dispatch::not_yet as create_metadata;
