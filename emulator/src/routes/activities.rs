//! TODO

pub(crate) use super::dispatch::not_yet as search;
