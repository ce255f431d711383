//! What the official Postman collections send that the official document does not allow, and
//! that the real API, which the collections run against, evidently accepts: the one place the
//! emulator widens the document for them. Each entry is also written down, by operationId, in
//! `codegen/overrides.toml` under `[anomalies.postman]`, for the SDK's generator.
//!
//! Fields and query parameters the document does not list need no entry: the emulator accepts
//! unknown fields and ignores undeclared parameters (the transfers' `type`,
//! `transactionAmounts` and `additionalInfo`, and `testTransfer=true`, are read by the
//! transfer behaviour itself).

/// Values a component schema's enum takes beyond the document's: `(operationId that receives
/// it, schema, value)`.
pub(crate) const EXTRA_ENUM_VALUES: [(&str, &str, &str); 1] = [
    // Create Loan Payoff (Transfers collection): pay the loan in full and close it.
    (
        "createTransferV1",
        "PaymentOptionType",
        "PAY_IN_FULL_AND_CLOSE",
    ),
];

/// Operations that take `hostUserId` and `loginId` together, when both name the same user,
/// though the document marks them mutually exclusive (the Transfers collection's search for
/// the recipient id sends both).
pub(crate) const USER_NAMED_TWICE: [&str; 1] = ["listRecipientsV1"];
