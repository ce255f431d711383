//! TODO

pub(crate) use super::dispatch::not_yet as list_templates;
pub(crate) use super::dispatch::not_yet as update_template;
pub(crate) use super::dispatch::not_yet as create_template;
pub(crate) use super::dispatch::not_yet as delete_template;
pub(crate) use super::dispatch::not_yet as list_types;
pub(crate) use super::dispatch::not_yet as update_type;
pub(crate) use super::dispatch::not_yet as create_type;
pub(crate) use super::dispatch::not_yet as delete_type;
pub(crate) use super::dispatch::not_yet as list_institution_types;
pub(crate) use super::dispatch::not_yet as update_institution_type;
pub(crate) use super::dispatch::not_yet as create_institution_type;
pub(crate) use super::dispatch::not_yet as delete_institution_type;
