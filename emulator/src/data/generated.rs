//! `gen-<N>` users: N deterministic accounts each, for benchmarks and paging tests.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::Duration;
use serde_json::{Map, Value};

use super::account::Account;
use super::rng::{seed, Mix};
use super::transaction::{self, cents_text, money, number, reference_date, Owner, Transaction};

/// Largest N a `gen-<N>` user may have; larger ones are unknown users (404).
pub const MAX_GENERATED_ACCOUNTS: u32 = 100_000;
/// Accounts per business customer, so `$apply=groupBy(customer)` has several groups.
pub(crate) const ACCOUNTS_PER_CUSTOMER: u32 = 5;
/// Every this-many-th account is a cross-user account (`crossAccount=false` hides it).
const CROSS_USER_EVERY: u32 = 20;

/// (category, type.value, fi code, type description)
const KINDS: [(&str, &str, u32, &str); 8] = [
    ("DEPOSIT", "CHECKING", 1, "Checking"),
    ("DEPOSIT", "SAVINGS", 2, "Savings"),
    ("DEPOSIT", "MONEY_MARKET", 3, "Money Market"),
    ("DEPOSIT", "CERT_OF_DEPOSIT", 4, "Certificate of Deposit"),
    ("LOAN", "CREDIT_CARD_LOAN", 64, "Credit Card"),
    ("LOAN", "MORTGAGE_LOAN", 32, "Mortgage"),
    ("LOAN", "INSTALLMENT_LOAN", 16, "Installment Loan"),
    ("INVESTMENT", "BROKERAGE", 128, "Brokerage"),
];

/// Parses `gen-<N>`; `None` when the id is not of that form or N is out of range.
pub(crate) fn parse_user(id: &str) -> Option<u32> {
    let digits = id.strip_prefix("gen-")?;
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (1..=MAX_GENERATED_ACCOUNTS).contains(&n).then_some(n)
}

/// The 128 bits `Mix::hex(32)` writes out for a seed.
fn hash128(seed: u64) -> u128 {
    let mut mix = Mix::new(seed);
    (u128::from(mix.next()) << 64) | u128::from(mix.next())
}

fn user_hash(n: u32) -> u128 {
    hash128(seed(u64::from(n), 0xA11CE))
}

fn customer_hash(n: u32, customer: u32) -> u128 {
    hash128(seed(u64::from(n), 0xC0570000 + u64::from(customer)))
}

pub(crate) fn user_id(n: u32) -> String {
    format!("{:032X}", user_hash(n))
}

pub(crate) fn customer_id(n: u32, customer: u32) -> String {
    format!("{:032x}", customer_hash(n, customer))
}

/// Every generated user by its institution user id and by its first location's customer id:
/// built once per process (a fraction of a second), so a lookup by either id, found or not,
/// costs one hash-map probe instead of a scan of every user.
struct HashedIds {
    users: HashMap<u128, u32>,
    first_customers: HashMap<u128, u32>,
}

static HASHED_IDS: LazyLock<HashedIds> = LazyLock::new(|| {
    let all = 1..=MAX_GENERATED_ACCOUNTS;
    HashedIds {
        users: all.clone().map(|n| (user_hash(n), n)).collect(),
        first_customers: all.map(|n| (customer_hash(n, 0), n)).collect(),
    }
});

/// The 128-bit value of 32 hexadecimal digits.
fn parse_hash(id: &str) -> Option<u128> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(id, 16).ok()
}

/// The generated user whose institution user id is `id` (as written: upper case).
pub(crate) fn user_by_id(id: &str) -> Option<u32> {
    let n = *HASHED_IDS.users.get(&parse_hash(id)?)?;
    (user_id(n) == id).then_some(n)
}

/// The generated user whose first location's customer id is `id` (as written: lower case).
pub(crate) fn user_by_first_customer_id(id: &str) -> Option<u32> {
    let n = *HASHED_IDS.first_customers.get(&parse_hash(id)?)?;
    (customer_id(n, 0) == id).then_some(n)
}

/// Ids carry their indexes (`g<N>a<i>_…`) so one account is found without generating all N.
pub(crate) fn account_id(n: u32, i: u32) -> String {
    let prefix = format!("g{n}a{i}_");
    let filler = Mix::new(seed(u64::from(n), u64::from(i)))
        .token(43usize.saturating_sub(prefix.len()).max(8));
    prefix + &filler
}

/// The index of `id` within user `n`, if `id` is one of that user's accounts.
pub(crate) fn account_index(n: u32, id: &str) -> Option<u32> {
    let rest = id.strip_prefix('g')?;
    let (user, rest) = rest.split_once('a')?;
    let (index, _) = rest.split_once('_')?;
    if user.parse::<u32>().ok()? != n {
        return None;
    }
    let i: u32 = index.parse().ok()?;
    (i < n && account_id(n, i) == id).then_some(i)
}

pub(crate) fn account(n: u32, i: u32, institution_id: &str) -> Account {
    let mut mix = Mix::new(seed(u64::from(n) << 20, u64::from(i)));
    let cross = i % CROSS_USER_EVERY == CROSS_USER_EVERY - 1;
    let (category, value, code, description) = if cross {
        ("CROSS_USER_ACCOUNT", "SAVINGS", 2, "Savings")
    } else {
        KINDS[mix.below(KINDS.len() as u64) as usize]
    };
    // Every other investment account (odd indexes) is an IRA with a prior-year eligible
    // contribution; decided without drawing, so every other account stays as it was.
    let ira = value == "BROKERAGE" && i % 2 == 1;
    let (value, code, description) = if ira {
        ("RETIREMENT_IRA", 256, "IRA")
    } else {
        (value, code, description)
    };
    let full_number = format!("8{n:06}{i:05}");
    let balance = cents_text(mix.below(500_000_000));
    let available = if category == "LOAN" {
        cents_text(mix.below(2_000_000))
    } else {
        balance.clone()
    };
    let nick = format!("{description} {}", &full_number[full_number.len() - 4..]);
    let mut json = Map::new();
    let mut put = |k: &str, v: Value| {
        json.insert(k.to_owned(), v);
    };
    put("id", account_id(n, i).into());
    put("institutionUserId", user_id(n).into());
    put(
        "institutionCustomerId",
        customer_id(n, i / ACCOUNTS_PER_CUSTOMER).into(),
    );
    put("institutionId", institution_id.into());
    put("description", description.into());
    put("nickName", nick.into());
    put("accountNumber", full_number.into());
    put("category", category.into());
    put(
        "type",
        serde_json::json!({ "value": value, "fiRawAccountType": code, "fiAccountType": code, "description": description }),
    );
    put("currentBalance", money(&balance));
    put("availableBalance", money(&available));
    put(
        "status",
        serde_json::json!({
            "open": true, "closed": false, "negativeBalance": false, "delinquent": false,
            "inCollection": false, "overLimit": false, "writtenOff": false, "creditBalance": false,
            "paymentCoupon": false, "retirementPlan": ira, "retPlanOwnedByDeceased": false
        }),
    );
    if ira {
        put("lastYearEligibleContribution", money("6000.00"));
    }
    put(
        "allowedActions",
        serde_json::json!({
            "summary": true, "transferFrom": category == "DEPOSIT", "transferTo": true,
            "isHistoryEnabled": true, "isHistoryEntitled": true, "isOnlineStatementEnabled": true
        }),
    );
    put("routingNumber", "222341234".into());
    put(
        "interestRate",
        number(&format!("{}.{:02}", mix.below(8), mix.below(100))),
    );
    match value {
        "CERT_OF_DEPOSIT" => {
            let maturity = reference_date() + Duration::days(30 + mix.below(1500) as i64);
            put(
                "maturityDate",
                maturity.format("%Y-%m-%d").to_string().into(),
            );
            put(
                "term",
                serde_json::json!({ "duration": 12 + 6 * mix.below(8), "termType": "MONTHS" }),
            );
        }
        _ if category == "LOAN" => {
            let due = reference_date() + Duration::days(1 + mix.below(28) as i64);
            let payment = cents_text(2500 + mix.below(250_000));
            put("nextPaymentAmount", money(&payment));
            put("minimumPayment", money(&payment));
            put("nextPaymentDate", due.format("%Y-%m-%d").to_string().into());
        }
        _ => {}
    }
    Account { json }
}

pub(crate) fn accounts(n: u32, institution_id: &str) -> Vec<Account> {
    (0..n).map(|i| account(n, i, institution_id)).collect()
}

/// 25–60 transactions per account, plus one pending future one.
pub(crate) fn transactions(n: u32, i: u32, institution_id: &str) -> Vec<Transaction> {
    let s = seed(u64::from(n) << 20 | 0xF_FFFF, u64::from(i));
    let count = 25 + (Mix::new(s).below(36) as usize);
    let id = account_id(n, i);
    let user = user_id(n);
    let customer = customer_id(n, i / ACCOUNTS_PER_CUSTOMER);
    let owner = Owner {
        account_id: &id,
        institution_id,
        institution_user_id: &user,
        institution_customer_id: &customer,
    };
    transaction::generate(s, &owner, count, reference_date(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_parse_strictly() {
        assert_eq!(parse_user("gen-1"), Some(1));
        assert_eq!(parse_user("gen-100000"), Some(100_000));
        for bad in [
            "gen-0",
            "gen-100001",
            "gen-",
            "gen-01",
            "gen-1x",
            "gen--1",
            "gen-4294967296",
            "x-1",
        ] {
            assert_eq!(parse_user(bad), None, "{bad}");
        }
    }

    #[test]
    fn account_ids_round_trip() {
        for (n, i) in [(1, 0), (10, 9), (100_000, 99_999)] {
            let id = account_id(n, i);
            assert_eq!(id.len(), 43.max(id.len()));
            assert_eq!(account_index(n, &id), Some(i));
            assert_eq!(account_index(n + 1, &id), None);
        }
        assert_eq!(account_index(10, "g10a3_wrong"), None);
    }

    #[test]
    fn generation_is_deterministic() {
        let a = serde_json::to_string(&account(50, 7, "00016").json).unwrap();
        let b = serde_json::to_string(&account(50, 7, "00016").json).unwrap();
        assert_eq!(a, b);
        let t = transactions(50, 7, "00016");
        assert!((26..=61).contains(&t.len()));
    }
}
