//! TODO

pub(crate) use super::dispatch::not_yet as list;
pub(crate) use super::dispatch::not_yet as create;
pub(crate) use super::dispatch::not_yet as update;
pub(crate) use super::dispatch::not_yet as delete;
pub(crate) use super::dispatch::not_yet as upload_participants;
