//! The account table the three demos print, so they cannot drift apart.

use std::fmt::Write;

use crate::{Account, Money};

/// The accounts as a text table: masked number, name, category, type and the available
/// balance (else the current one) with at least two decimals and its currency.
///
/// ```
/// let accounts: Vec<candescent::Account> = serde_json::from_str(r#"[{
///     "id": "a", "institutionUserId": "u", "institutionId": "00016",
///     "accountNumber": "1234560101", "category": "DEPOSIT",
///     "type": {"value": "CHECKING"}, "nickName": "Everyday",
///     "availableBalance": {"amount": 4554.2, "currencyCode": "USD"}
/// }]"#).unwrap();
/// let table = candescent::format_accounts(&accounts);
/// assert!(table.lines().nth(1).unwrap().starts_with("****0101"));
/// assert!(table.contains("4554.20 USD"));
/// ```
pub fn format_accounts(accounts: &[Account]) -> String {
    let mut out = String::with_capacity(96 * (accounts.len() + 1));
    let _ = writeln!(
        out,
        "{:<10} {:<28} {:<18} {:<16} {:>20}",
        "NUMBER", "NAME", "CATEGORY", "TYPE", "AVAILABLE"
    );
    for a in accounts {
        let name = a
            .nick_name
            .as_deref()
            .or(a.description.as_deref())
            .unwrap_or("");
        let balance = a
            .available_balance
            .as_ref()
            .or(a.current_balance.as_ref())
            .map(money)
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{:<10} {:<28} {:<18} {:<16} {:>20}",
            a.account_number.to_string(),
            clip(name, 28),
            a.category.as_str(),
            clip(&a.account_type.value, 16),
            balance
        );
    }
    out
}

fn money(m: &Money) -> String {
    let mut amount = m.amount;
    if amount.scale() < 2 {
        amount.rescale(2);
    }
    match m.currency_code.as_deref() {
        Some(code) => format!("{amount} {code}"),
        None => amount.to_string(),
    }
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}
