//! TODO

pub(crate) use super::dispatch::not_yet as list;
pub(crate) use super::dispatch::not_yet as content;
pub(crate) use super::dispatch::not_yet as publish;
