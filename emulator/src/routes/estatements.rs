//! TODO

pub(crate) use super::dispatch::not_yet as account_preferences;
pub(crate) use super::dispatch::not_yet as update_account_preferences;
pub(crate) use super::dispatch::not_yet as update_user_preferences;
pub(crate) use super::dispatch::not_yet as report;
