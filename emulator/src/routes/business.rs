//! TODO

pub(crate) use super::dispatch::not_yet as details;
pub(crate) use super::dispatch::not_yet as registration_config;
pub(crate) use super::dispatch::not_yet as registration_by_confirmation;
pub(crate) use super::dispatch::not_yet as create_registration;
pub(crate) use super::dispatch::not_yet as registration_by_id;
pub(crate) use super::dispatch::not_yet as business_entitlements;
pub(crate) use super::dispatch::not_yet as user_entitlements;
