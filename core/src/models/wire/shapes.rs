//! The models' fields as the transcoder sees them: wire name, kind, and whether the model
//! requires them, in the models' declaration order (which is the order `to_wire` writes).
//!
//! The tests in `transcode.rs` hold these tables against the models: a fully populated model
//! must come out of the transcoder exactly as `to_wire` writes it, so a field added to a model
//! and forgotten here fails them.

/// How a field's value is checked and written.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    /// A JSON string, copied.
    Str,
    /// `YYYY-MM-DD`, checked as a calendar date.
    Date,
    /// An exact decimal number, written as its decimal text.
    Decimal,
    /// `true` or `false`.
    Bool,
    /// An unsigned integer.
    Count,
    /// Raw JSON, with numbers a double cannot hold written as text.
    Raw,
    /// A nested model.
    Object(&'static Shape),
    /// An array of a model.
    Array(&'static Shape),
}

/// One field of a model.
#[derive(Debug)]
pub(super) struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// Where a model's unknown fields go in the wire form: an `extra` object always (top-level
/// models), or nowhere when there are none (nested models).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extra {
    Always,
    WhenAny,
}

/// A model: its fields in declaration order.
#[derive(Debug)]
pub(super) struct Shape {
    pub fields: &'static [Field],
    pub extra: Extra,
}

/// At most this many fields per model (the seen-field set is one `u64`).
pub(super) const MAX_FIELDS: usize = 64;

const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

use Kind::{Bool, Count, Date, Decimal, Object, Raw, Str};

pub(super) static MONEY: Shape = Shape {
    fields: &[req("amount", Decimal), opt("currencyCode", Str)],
    extra: Extra::WhenAny,
};

pub(super) static ACCOUNT_TYPE: Shape = Shape {
    fields: &[
        req("value", Str),
        opt("fiRawAccountType", Raw),
        opt("fiAccountType", Raw),
        opt("description", Str),
    ],
    extra: Extra::WhenAny,
};

pub(super) static ACCOUNT_STATUS: Shape = Shape {
    fields: &[
        opt("open", Bool),
        opt("closed", Bool),
        opt("negativeBalance", Bool),
        opt("delinquent", Bool),
        opt("inCollection", Bool),
        opt("overLimit", Bool),
        opt("writtenOff", Bool),
        opt("creditBalance", Bool),
        opt("paymentCoupon", Bool),
        opt("retirementPlan", Bool),
        opt("retPlanOwnedByDeceased", Bool),
        opt("approved", Bool),
        opt("notApproved", Bool),
        opt("deleted", Bool),
        opt("verified", Bool),
    ],
    extra: Extra::WhenAny,
};

pub(super) static ALLOWED_ACTIONS: Shape = Shape {
    fields: &[
        opt("summary", Bool),
        opt("transferFrom", Bool),
        opt("transferTo", Bool),
        opt("isHistoryEnabled", Bool),
        opt("isHistoryEntitled", Bool),
        opt("isOnlineStatementEnabled", Bool),
    ],
    extra: Extra::WhenAny,
};

const MONEY_FIELD: Kind = Object(&MONEY);

pub(super) static ACCOUNT: Shape = Shape {
    fields: &[
        req("id", Str),
        req("institutionUserId", Str),
        opt("institutionCustomerId", Str),
        req("institutionId", Str),
        opt("description", Str),
        opt("nickName", Str),
        req("accountNumber", Str),
        req("category", Str),
        req("type", Object(&ACCOUNT_TYPE)),
        opt("primaryHolderName", Str),
        opt("routingNumber", Str),
        opt("micrNumber", Str),
        opt("interestRate", Decimal),
        opt("tpvReference", Str),
        opt("tpvProductCode", Str),
        opt("overdraftAccountNumber", Str),
        opt("currentBalance", MONEY_FIELD),
        opt("availableBalance", MONEY_FIELD),
        opt("lastStatementBalance", MONEY_FIELD),
        opt("interestYearToDate", MONEY_FIELD),
        opt("overdraftLimit", MONEY_FIELD),
        opt("overdraftAvailableAmount", MONEY_FIELD),
        opt("currentYearEligibleContribution", MONEY_FIELD),
        opt("lastYearEligibleContribution", MONEY_FIELD),
        opt("lastYearMaxContribution", MONEY_FIELD),
        opt("escrowBalance", MONEY_FIELD),
        opt("currentPrincipalBalance", MONEY_FIELD),
        opt("nextPaymentAmount", MONEY_FIELD),
        opt("payOffAmount", MONEY_FIELD),
        opt("calculatedPayOffAmount", MONEY_FIELD),
        opt("minimumPayment", MONEY_FIELD),
        opt("lineOfCreditLimit", MONEY_FIELD),
        opt("lastPrincipalPaymentAmount", MONEY_FIELD),
        opt("originalLoanAmount", MONEY_FIELD),
        opt("nextPaymentDate", Date),
        opt("maturityDate", Date),
        opt("loanOriginationDate", Date),
        opt("pastPrincipalDueDate", Date),
        opt("term", Raw),
        opt("status", Object(&ACCOUNT_STATUS)),
        opt("allowedActions", Object(&ALLOWED_ACTIONS)),
        opt("additionalInfo", Raw),
    ],
    extra: Extra::Always,
};

pub(super) static ACCOUNT_LIST: Shape = Shape {
    fields: &[
        // `#[serde(default)]` on the model: an absent list is an empty one.
        opt("accounts", Kind::Array(&ACCOUNT)),
        opt("totalGroupCount", Count),
    ],
    extra: Extra::Always,
};
