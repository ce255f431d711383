//! Banking images of a user's account: the list (metadata only) and one image with its data.
//!
//! The images follow the account's own data: a `CHECK` image for each check transaction
//! (its number from the description, `#1003`), a `DEPOSIT_SLIP` and a `DEPOSIT_CHECK` image
//! for each deposit, both with the transaction's id as `imageIdentifier`; a monthly
//! `STATEMENT` (deposit accounts) or `CC_STATEMENT` (credit cards) for the twelve months
//! before today, dated the month's last day; a yearly tax `DOCUMENT` dated January 31.
//! Check and deposit images are a small grayscale PNG, front and back; statements and
//! documents a one-page PDF (the document's `ImageInfoType` has no TIFF).

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{json, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::{Account, UserKey, CHECK_TYPE, DEPOSIT_TYPES};
use crate::errors::ApiError;
use crate::routes::dispatch::{Answer, Call};

/// A 24×10 grayscale PNG: a check's outline and its signature line.
const CHECK_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAABgAAAAKCAAAAACLAsG0AAAAF0lEQVR42mNgwAn+YwX0k8DiHrKMwgEALTKfYUmYZRcAAAAASUVORK5CYII=";

/// A one-page PDF that says "Statement".
const STATEMENT_PDF: &str = "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMTAwXSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCAzOSA+PgpzdHJlYW0KQlQgL0YxIDEyIFRmIDIwIDUwIFRkIChTdGF0ZW1lbnQpIFRqIEVUCmVuZHN0cmVhbQplbmRvYmoKNSAwIG9iago8PCAvVHlwZSAvRm9udCAvU3VidHlwZSAvVHlwZTEgL0Jhc2VGb250IC9IZWx2ZXRpY2EgPj4KZW5kb2JqCnhyZWYKMCA2CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAwMDU4IDAwMDAwIG4gCjAwMDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDI0MSAwMDAwMCBuIAowMDAwMDAwMzMwIDAwMDAwIG4gCnRyYWlsZXIKPDwgL1NpemUgNiAvUm9vdCAxIDAgUiA+PgpzdGFydHhyZWYKNDAwCiUlRU9GCg==";

/// The image types whose images belong to one transaction.
const TRANSACTION_TYPES: [&str; 3] = ["CHECK", "DEPOSIT_SLIP", "DEPOSIT_CHECK"];
/// The image types whose images cover a period.
const STATEMENT_TYPES: [&str; 3] = ["STATEMENT", "CC_STATEMENT", "DOCUMENT"];

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The last day of the month before the one of `d`.
fn end_of_previous_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d) - Duration::days(1)
}

/// The images of `account` of the type `kind`, without their data.
fn images(call: &Call<'_>, user: UserKey, account: &Account, kind: &str) -> Vec<Value> {
    let unmasked = call.session.grants.accounts_unmasked();
    let base = json!({
        "institutionCustomerId": account.customer(),
        "institutionId": call.institution(),
        "accountId": account.id(),
        "accountNumber": account.visible_number(unmasked),
        "accountType": account.json["type"]["value"],
        "imageType": kind,
    });
    let short: String = account.id().chars().take(8).collect();
    let mut out = Vec::new();
    if TRANSACTION_TYPES.contains(&kind) {
        let wanted: &[&str] = if kind == "CHECK" {
            &[CHECK_TYPE]
        } else {
            &DEPOSIT_TYPES
        };
        let txns = call
            .state
            .data
            .transactions(user, account.id())
            .unwrap_or_default();
        for t in txns.iter().filter(|t| t.date <= clock::today()) {
            let j = &t.json;
            if !wanted.iter().any(|w| j["type"] == *w) {
                continue;
            }
            let description = j["description"].as_str().unwrap_or_default();
            let number = match description.rsplit_once('#') {
                Some((_, n)) if kind == "CHECK" => n.trim().to_owned(),
                _ => j["transactionNumber"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            };
            let mut image = base.clone();
            let prefix = match kind {
                "CHECK" => "chk",
                "DEPOSIT_SLIP" => "dsl",
                _ => "dck",
            };
            image["id"] =
                Value::String(format!("{prefix}-{}", j["id"].as_str().unwrap_or_default()));
            image["transactionImageNumber"] = Value::String(number);
            image["transactionDate"] = Value::String(day(t.date));
            image["transactionDescription"] = Value::from(description);
            image["transactionStatus"] = Value::from("ACCEPTED");
            image["amount"] = j["amount"].clone();
            image["_identifier"] = j["id"].clone();
            out.push(image);
        }
        return out;
    }
    let category = account.category();
    let card = account.json["type"]["value"] == "CREDIT_CARD_LOAN";
    let applies = match kind {
        "STATEMENT" => category == "DEPOSIT",
        "CC_STATEMENT" => card,
        "DOCUMENT" => category == "DEPOSIT" || category == "LOAN",
        _ => false,
    };
    if !applies {
        return out;
    }
    let dates: Vec<NaiveDate> = if kind == "DOCUMENT" {
        let year = clock::today().year();
        (1..=2)
            .filter_map(|back| NaiveDate::from_ymd_opt(year - back + 1, 1, 31))
            .filter(|d| *d <= clock::today())
            .collect()
    } else {
        let mut d = end_of_previous_month(clock::today() + Duration::days(1));
        let mut all = Vec::new();
        for _ in 0..12 {
            all.push(d);
            d = end_of_previous_month(d);
        }
        all
    };
    for date in dates {
        let mut image = base.clone();
        image["id"] = Value::String(format!(
            "{}-{short}-{}",
            kind.to_ascii_lowercase(),
            date.format("%Y%m")
        ));
        image["statementDate"] = Value::String(day(date));
        image["statementDescription"] = Value::String(match kind {
            "DOCUMENT" => format!("Tax form {}", date.year() - 1),
            _ => format!("Statement {}", date.format("%B %Y")),
        });
        out.push(image);
    }
    out
}

/// The account a request names: the user's, and for a business user one of the location
/// it names.
fn account(call: &Call<'_>, user: UserKey) -> Result<Account, ApiError> {
    let id = call.text("accountId").unwrap_or_default();
    let location = call.text("institutionCustomerId");
    if user.is_business() && location.is_none() {
        return Err(call.coded(
            400,
            "BIS_00020",
            "A location (institutionCustomerId) is required for business banking users",
        ));
    }
    call.state
        .data
        .account(user, id)
        .filter(|a| location.is_none_or(|l| a.customer() == l))
        .ok_or_else(|| call.coded(404, "BIS_20009", format!("Account {id:?} is not available")))
}

fn date(call: &Call<'_>, name: &str) -> Option<String> {
    call.text(name).map(str::to_owned)
}

pub(crate) fn list(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let kind = call.text("imageType").unwrap_or_default().to_owned();
    if !TRANSACTION_TYPES.contains(&kind.as_str()) && !STATEMENT_TYPES.contains(&kind.as_str()) {
        return Err(call.coded(
            400,
            "BIS_00005",
            format!("Image type {kind} is not supported"),
        ));
    }
    let number = call.text("transactionImageNumber").map(str::to_owned);
    if number
        .as_ref()
        .is_some_and(|n| !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(call.coded(400, "BIS_00009", "transactionImageNumber must be digits"));
    }
    let identifier = call.text("imageIdentifier").map(str::to_owned);
    let transaction_date = date(call, "transactionDate");
    let (start, end) = (
        date(call, "statementStartDate"),
        date(call, "statementEndDate"),
    );
    if TRANSACTION_TYPES.contains(&kind.as_str()) {
        if transaction_date.is_none() {
            return Err(call.coded(
                400,
                "BIS_00010",
                format!("transactionDate is required for {kind} images"),
            ));
        }
        if kind != "CHECK" && identifier.is_none() {
            return Err(call.coded(
                400,
                "BIS_00012",
                format!("imageIdentifier is required for {kind} images"),
            ));
        }
    } else {
        match (&start, &end) {
            (Some(s), Some(e)) if s > e => {
                return Err(call.coded(
                    400,
                    "BIS_00019",
                    "statementStartDate cannot be after statementEndDate",
                ))
            }
            (Some(_), Some(_)) => {}
            _ => {
                return Err(call.coded(
                    400,
                    "BIS_00018",
                    format!(
                        "statementStartDate and statementEndDate are required for {kind} images"
                    ),
                ))
            }
        }
    }
    let account = account(call, user)?;
    let found: Vec<Value> = images(call, user, &account, &kind)
        .into_iter()
        // The transaction date selects transaction images only: statement-based types ignore
        // it, as the document says it does not apply to them.
        .filter(|i| {
            !TRANSACTION_TYPES.contains(&kind.as_str())
                || transaction_date
                    .as_ref()
                    .is_none_or(|d| i["transactionDate"] == d.as_str())
        })
        .filter(|i| {
            number
                .as_ref()
                .is_none_or(|n| i["transactionImageNumber"] == n.as_str())
        })
        .filter(|i| {
            identifier
                .as_ref()
                .is_none_or(|n| i["_identifier"] == n.as_str())
        })
        .filter(|i| {
            let d = i["statementDate"].as_str().unwrap_or_default();
            start.as_ref().is_none_or(|s| d >= s.as_str())
                && end.as_ref().is_none_or(|e| d <= e.as_str())
        })
        .map(|i| crate::store::public(&i))
        .collect();
    if found.is_empty() {
        return Ok(Answer::Empty(204));
    }
    Ok(Answer::ok(json!({ "bankingImage": found })))
}

pub(crate) fn get(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = call.user()?;
    let kind = call.text("imageType").unwrap_or_default().to_owned();
    let id = call.path("bankingImageId").to_owned();
    let account = account(call, user)?;
    let image = images(call, user, &account, &kind)
        .into_iter()
        .find(|i| i["id"] == id.as_str())
        .ok_or_else(|| {
            call.refuse(
                Check::NotFound,
                format!("No {kind} image {id} on this account"),
            )
        })?;
    let mut image = crate::store::public(&image);
    image["imageInfoItems"] = if TRANSACTION_TYPES.contains(&kind.as_str()) {
        json!({ "imageInfo": [
            { "data": CHECK_PNG, "type": "PNG", "view": "FRONT", "pageNumber": 1 },
            { "data": CHECK_PNG, "type": "PNG", "view": "BACK", "pageNumber": 1 },
        ] })
    } else {
        json!({ "imageInfo": [{ "data": STATEMENT_PDF, "type": "PDF", "pageNumber": 1 }] })
    };
    Ok(Answer::ok(image))
}
