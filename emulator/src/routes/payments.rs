//! TODO

pub(crate) use super::dispatch::not_yet as list_ach;
pub(crate) use super::dispatch::not_yet as create_ach;
pub(crate) use super::dispatch::not_yet as get_ach;
pub(crate) use super::dispatch::not_yet as list_wires;
pub(crate) use super::dispatch::not_yet as create_wire;
pub(crate) use super::dispatch::not_yet as get_wire;
