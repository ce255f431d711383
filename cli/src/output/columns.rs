//! Which fields of an account or a transaction make a row: one list for tables (masked
//! numbers, amounts with their currency) and one for CSV (every value as the API sent it).

use candescent::{Account, Money, Transaction};

use super::table::{clip, Column};

const fn left(header: &'static str) -> Column {
    Column::left(header)
}

const fn right(header: &'static str) -> Column {
    Column::right(header)
}

/// The account table's columns.
pub const ACCOUNT_TABLE: [Column; 7] = [
    left("ID"),
    left("NUMBER"),
    left("NAME"),
    left("CATEGORY"),
    left("TYPE"),
    right("AVAILABLE"),
    right("CURRENT"),
];

/// One row of the account table.
pub fn account_table_row(a: &Account) -> Vec<String> {
    vec![
        a.id.clone(),
        a.account_number.masked(),
        clip(account_name(a), 32),
        a.category.as_str().to_owned(),
        a.account_type.value.clone(),
        a.available_balance.as_ref().map(money).unwrap_or_default(),
        a.current_balance.as_ref().map(money).unwrap_or_default(),
    ]
}

/// The account CSV's header.
pub const ACCOUNT_CSV: [&str; 12] = [
    "id",
    "accountNumber",
    "nickName",
    "description",
    "category",
    "type",
    "availableBalance",
    "currentBalance",
    "currencyCode",
    "institutionUserId",
    "institutionCustomerId",
    "primaryHolderName",
];

/// One account as a CSV record, in the order of [`ACCOUNT_CSV`].
pub fn account_csv_row(a: &Account) -> [String; 12] {
    let currency = a
        .available_balance
        .as_ref()
        .or(a.current_balance.as_ref())
        .and_then(|m| m.currency_code.clone());
    [
        a.id.clone(),
        a.account_number.as_str().to_owned(),
        a.nick_name.clone().unwrap_or_default(),
        a.description.clone().unwrap_or_default(),
        a.category.as_str().to_owned(),
        a.account_type.value.clone(),
        amount(a.available_balance.as_ref()),
        amount(a.current_balance.as_ref()),
        currency.unwrap_or_default(),
        a.institution_user_id.clone(),
        a.institution_customer_id.clone().unwrap_or_default(),
        a.primary_holder_name.clone().unwrap_or_default(),
    ]
}

/// The transaction table's columns.
pub const TRANSACTION_TABLE: [Column; 7] = [
    left("DATE"),
    left("ACCOUNT"),
    left("DESCRIPTION"),
    left("TYPE"),
    right("AMOUNT"),
    left("DIRECTION"),
    left("STATUS"),
];

/// One row of the transaction table.
pub fn transaction_table_row(t: &Transaction) -> Vec<String> {
    vec![
        t.transaction_date
            .or(t.effective_date)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        t.account_id.clone().unwrap_or_default(),
        clip(
            t.description.as_deref().or(t.memo.as_deref()).unwrap_or(""),
            40,
        ),
        t.transaction_type.clone().unwrap_or_default(),
        t.amount.as_ref().map(money).unwrap_or_default(),
        match t.is_credit_transaction {
            Some(true) => "credit".to_owned(),
            Some(false) => "debit".to_owned(),
            None => String::new(),
        },
        match t.is_pending {
            Some(true) => "pending".to_owned(),
            _ => "posted".to_owned(),
        },
    ]
}

/// The transaction CSV's header.
pub const TRANSACTION_CSV: [&str; 12] = [
    "accountId",
    "id",
    "transactionDate",
    "effectiveDate",
    "description",
    "memo",
    "type",
    "amount",
    "currencyCode",
    "isCreditTransaction",
    "isPending",
    "transactionNumber",
];

/// One transaction as a CSV record, in the order of [`TRANSACTION_CSV`].
pub fn transaction_csv_row(t: &Transaction) -> [String; 12] {
    let flag = |b: Option<bool>| b.map(|b| b.to_string()).unwrap_or_default();
    [
        t.account_id.clone().unwrap_or_default(),
        t.id.clone(),
        t.transaction_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        t.effective_date.map(|d| d.to_string()).unwrap_or_default(),
        t.description.clone().unwrap_or_default(),
        t.memo.clone().unwrap_or_default(),
        t.transaction_type.clone().unwrap_or_default(),
        amount(t.amount.as_ref()),
        t.amount
            .as_ref()
            .and_then(|m| m.currency_code.clone())
            .unwrap_or_default(),
        flag(t.is_credit_transaction),
        flag(t.is_pending),
        t.transaction_number.clone().unwrap_or_default(),
    ]
}

fn account_name(a: &Account) -> &str {
    a.nick_name
        .as_deref()
        .or(a.description.as_deref())
        .unwrap_or("")
}

/// An amount exactly as the API sent it (`4554.2` stays `4554.2`): for CSV, which scripts
/// compare and sum.
fn amount(m: Option<&Money>) -> String {
    m.map(|m| m.amount.to_string()).unwrap_or_default()
}

/// An amount for people: at least two decimals (more when the API sent more; never
/// rounded) and the currency.
fn money(m: &Money) -> String {
    let mut amount = m.amount.to_string();
    match amount.find('.').map(|dot| amount.len() - dot - 1) {
        None => amount.push_str(".00"),
        Some(0) => amount.push_str("00"),
        Some(1) => amount.push('0'),
        Some(_) => {}
    }
    match m.currency_code.as_deref() {
        Some(code) => format!("{amount} {code}"),
        None => amount.to_string(),
    }
}
