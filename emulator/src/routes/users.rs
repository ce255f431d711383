//! TODO

pub(crate) use super::dispatch::not_yet as contact_methods;
pub(crate) use super::dispatch::not_yet as reset_password;
pub(crate) use super::dispatch::not_yet as unlock_user;
pub(crate) use super::dispatch::not_yet as update_contact_info;
pub(crate) use super::dispatch::not_yet as institution_user_v1;
pub(crate) use super::dispatch::not_yet as institution_user_v2;
pub(crate) use super::dispatch::not_yet as user_status;
