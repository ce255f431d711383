//! Finding operations in the table.

use super::{models, Availability, Model, Operation, OPERATIONS};

/// The operation with this `operationId`.
///
/// ```
/// assert_eq!(candescent::spec::operation("getRecipientV1").unwrap().name, "recipients.get");
/// assert!(candescent::spec::operation("noSuchOperation").is_none());
/// ```
pub fn operation(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.id == id)
}

/// The typed operation with this SDK name (`business.payments.ach.list`).
///
/// ```
/// assert_eq!(candescent::spec::find("accounts.list").unwrap().id, "listAccountsV1");
/// ```
pub fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|op| op.name == name && op.availability == Availability::Typed)
}

/// The operations the SDK types, in the document's order.
///
/// ```
/// assert!(candescent::spec::operations().any(|op| op.id == "createTransferV1"));
/// ```
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    OPERATIONS
        .iter()
        .filter(|op| op.availability == Availability::Typed)
}

/// The schema with this name (`Recipient`, `AccountsResponse`).
///
/// ```
/// assert_eq!(candescent::spec::model("Money").unwrap().fields.len(), 2);
/// assert!(candescent::spec::model("NoSuchSchema").is_none());
/// ```
pub fn model(name: &str) -> Option<&'static Model> {
    models::ALL
        .binary_search_by(|m| m.name.cmp(name))
        .ok()
        .map(|at| models::ALL[at])
}
