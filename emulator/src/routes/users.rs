//! Customer management: a user's contact methods, a one-time passcode to reset the password,
//! unlocking, updating contact details, the institution user's profile (V1 and V2) and status.
//!
//! Users are named by the path: a customer id or a login id for the customer routes, and for
//! the institution-user routes the id `userIdType` says (institution user id, host user id,
//! login id, legacy GUID, or user id `auth-<loginId>`). The legacy GUID is a customer id, as
//! the document's examples show: the user's first one. Customer ids resolve for the example
//! user's two customers and for a business user's first location.
//!
//! What changes sticks: contact details, the reset and lock flags. `gen-<N>` users whose N is
//! a multiple of 7 start locked, with 5 failed sign-ins.

use serde_json::{json, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::{generated, DataStore, UserKey};
use crate::errors::ApiError;
use crate::routes::dispatch::{Answer, Call};
use crate::state::AppState;
use crate::store::{self, Collection, Kind, Seed};

/// The legacy user GUID (the legacy customer id): as the document's examples show it, the
/// user's first institution customer id (a retail user's customer, a business user's first
/// location).
fn legacy_guid(user: UserKey) -> String {
    user.customers()
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default()
}

fn from_legacy_guid(guid: &str) -> Option<UserKey> {
    by_customer_id(guid)
}

/// The authentication user id (`userId`).
fn auth_id(user: UserKey) -> String {
    format!("auth-{}", user.login_id())
}

/// The retail users, found by their fixed ids.
const RETAIL: [UserKey; 2] = [UserKey::Example, UserKey::Recipient];

fn by_institution_user_id(id: &str) -> Option<UserKey> {
    if let Some(user) = RETAIL.into_iter().find(|u| u.institution_user_id() == id) {
        return Some(user);
    }
    generated::user_by_id(id).map(UserKey::Generated)
}

pub(crate) fn by_customer_id(id: &str) -> Option<UserKey> {
    if let Some(user) = RETAIL
        .into_iter()
        .find(|u| u.customers().iter().any(|c| c.id == id))
    {
        return Some(user);
    }
    generated::user_by_first_customer_id(id).map(UserKey::Generated)
}

/// The user a customer route's path names.
fn customer_user(id: &str, id_type: Option<&str>) -> Option<UserKey> {
    match id_type {
        Some("LOGIN_ID") => UserKey::by_login(id),
        Some("CUSTOMER_ID") => by_customer_id(id),
        _ => by_customer_id(id).or_else(|| UserKey::by_login(id)),
    }
    .filter(|u| *u != UserKey::FutureValues)
}

/// The user of a customer route, who must be the token's own user when it names one.
fn resolve_customer(call: &Call<'_>, id_type: Option<&str>) -> Result<UserKey, ApiError> {
    let id = call.path("customerId");
    let user = customer_user(id, id_type)
        .ok_or_else(|| call.refuse(Check::UnknownUser, format!("No customer {id:?}")))?;
    if call.session.user.is_some_and(|own| own != user) {
        return Err(call.refuse(
            Check::Forbidden,
            "A user's token may only name its own user",
        ));
    }
    Ok(user)
}

fn profile_seed(user: UserKey) -> Seed {
    let scope = store::user_scope(user);
    let item = match user {
        UserKey::Generated(n) => {
            let locked = n % 7 == 0;
            json!({
                "_user": scope,
                "email": format!("owner@gen-{n}.example"),
                "phone": format!("555010{:04}", n % 10_000),
                "countryCode": "1",
                "address": { "address1": format!("{n} Commerce Way"), "city": "Salem", "state": "OR", "postalCode": "97301", "country": "US" },
                "locked": locked,
                "reset": false,
                "failedLoginCount": if locked { 5 } else { 0 },
                "failedPasswordResetCount": 0,
            })
        }
        UserKey::Recipient => json!({
            "_user": scope,
            "email": "jordan.lee@mail.example",
            "phone": "5550178812",
            "countryCode": "1",
            "address": { "address1": "22 Harbor Street", "city": "Springfield", "state": "OR", "postalCode": "97477", "country": "US" },
            "locked": false,
            "reset": false,
            "failedLoginCount": 0,
            "failedPasswordResetCount": 0,
        }),
        _ => json!({
            "_user": scope,
            "email": "pat.example@mail.example",
            "phone": "5550104477",
            "countryCode": "1",
            "address": { "address1": "100 Ledger Lane", "city": "Springfield", "state": "OR", "postalCode": "97477", "country": "US" },
            "locked": false,
            "reset": false,
            "failedLoginCount": 2,
            "failedPasswordResetCount": 0,
        }),
    };
    Seed {
        items: vec![item],
        next_id: 1,
    }
}

fn with_profile<R>(call: &Call<'_>, user: UserKey, f: impl FnOnce(&mut Value) -> R) -> R {
    with_profile_in(call.state, user, f)
}

fn with_profile_in<R>(state: &AppState, user: UserKey, f: impl FnOnce(&mut Value) -> R) -> R {
    let scope = store::user_scope(user);
    state.store.with(
        Kind::UserProfiles,
        &scope,
        || profile_seed(user),
        |c: &mut Collection| match c.get_mut(&scope) {
            Some(profile) => f(profile),
            // The seed always has it; a lost profile reads as a fresh one.
            None => f(&mut profile_seed(user).items.remove(0)),
        },
    )
}

/// `(id, protocol, contact info, country code)` of the user's contact methods.
fn methods(
    user: UserKey,
    profile: &Value,
) -> Vec<(&'static str, &'static str, String, Option<String>)> {
    let phone = profile["phone"].as_str().unwrap_or_default().to_owned();
    let code = profile["countryCode"].as_str().map(str::to_owned);
    let email = profile["email"].as_str().unwrap_or_default().to_owned();
    let mut out = Vec::new();
    if !user.is_business() {
        out.push(("cm-1", "SMS", phone.clone(), code.clone()));
    }
    out.push(("cm-2", "VOICE", phone, code));
    out.push(("cm-3", "EMAIL", email, None));
    out
}

/// The user's e-mail address as its profile has it now (`updateContactInfo` changes it).
pub(crate) fn email(state: &AppState, user: UserKey) -> String {
    with_profile_in(state, user, |p| {
        p["email"].as_str().unwrap_or_default().to_owned()
    })
}

fn enrolled() -> String {
    clock::time_before(700, 45_000)
}

pub(crate) fn contact_methods(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = resolve_customer(call, call.text("userIdType"))?;
    let profile = with_profile(call, user, |p| p.clone());
    let methods: Vec<Value> = methods(user, &profile)
        .into_iter()
        .map(|(id, protocol, info, code)| {
            let mut m = json!({
                "id": id,
                "contactInfo": info,
                "protocol": protocol,
                "isActivated": true,
                "enrolledDateTime": enrolled(),
            });
            if let Some(code) = code {
                m["telephoneCountryCode"] = Value::String(code);
            }
            m
        })
        .collect();
    Ok(Answer::ok(json!({
        "customerId": call.path("customerId"),
        "contactMethods": methods,
    })))
}

pub(crate) fn reset_password(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = resolve_customer(call, None)?;
    let method_id = call.body()["contactMethodId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let protocol = call.body()["protocol"].as_str().map(str::to_owned);
    let profile = with_profile(call, user, |p| p.clone());
    let method = methods(user, &profile)
        .into_iter()
        .find(|m| m.0 == method_id);
    let Some((_, method_protocol, ..)) = method else {
        return Err(call.coded(
            400,
            "UXU_88889",
            format!("Contact method Id {method_id:?} not found"),
        ));
    };
    if method_protocol == "EMAIL" || protocol.as_deref().is_some_and(|p| p != method_protocol) {
        return Err(call.refuse(
            Check::BadBody,
            format!("a passcode goes by SMS or VOICE to a contact method of that protocol; {method_id} is {method_protocol}"),
        ));
    }
    with_profile(call, user, |p| p["reset"] = Value::Bool(true));
    Ok(Answer::Empty(204))
}

pub(crate) fn unlock_user(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = resolve_customer(call, None)?;
    with_profile(call, user, |p| {
        p["locked"] = Value::Bool(false);
        p["failedLoginCount"] = Value::from(0);
    });
    Ok(Answer::Empty(204))
}

pub(crate) fn update_contact_info(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let body = call.body().clone();
    let user = resolve_customer(call, body["userIdType"].as_str())?;
    let phone = body.get("phoneNumber");
    let email = body
        .get("email")
        .and_then(|e| e.get("emailAddress"))
        .and_then(Value::as_str);
    let address = body.get("postalAddress");
    if phone.is_none() && email.is_none() && address.is_none() {
        return Err(call.refuse(
            Check::BadBody,
            "nothing to update: send phoneNumber, email or postalAddress",
        ));
    }
    if let Some(email) = email {
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || !domain.contains('.') {
            return Err(call.refuse(Check::BadBody, format!("{email:?} is not an email address")));
        }
    }
    let current = with_profile(call, user, |p| p.clone());
    if let Some(phone) = phone {
        let new = phone["newPhoneNumber"].as_str().unwrap_or_default();
        if new.is_empty() || !new.bytes().all(|b| b.is_ascii_digit()) {
            return Err(call.refuse(Check::BadBody, "phoneNumber.newPhoneNumber must be digits"));
        }
        if phone["oldPhoneNumber"]
            .as_str()
            .is_some_and(|old| current["phone"] != old)
        {
            return Err(call.coded(
                400,
                "UXU_88891",
                "phoneNumber.oldPhoneNumber is not the phone number on file",
            ));
        }
    }
    with_profile(call, user, |p| {
        if let Some(phone) = phone {
            p["phone"] = phone["newPhoneNumber"].clone();
            if let Some(code) = phone.get("newCountryCode") {
                p["countryCode"] = code.clone();
            }
        }
        if let Some(email) = email {
            p["email"] = Value::from(email);
        }
        if let Some(Value::Object(fields)) = address {
            for (k, v) in fields {
                p["address"][k] = v.clone();
            }
        }
    });
    Ok(Answer::Empty(204))
}

/// The user an institution-user route's path names, by `userIdType`.
fn institution_user(call: &Call<'_>) -> Result<UserKey, ApiError> {
    let id = call.path("institutionUserId");
    let id_type = call.text("userIdType").unwrap_or("INSTITUTION_USER_ID");
    let user = match id_type {
        "INSTITUTION_USER_ID" => by_institution_user_id(id),
        // Not for business users, as the document says.
        "HOST_USER_ID" => DataStore::resolve(Some(id), None).filter(|u| !u.is_business()),
        "LOGIN_ID" => UserKey::by_login(id),
        "LEGACY_USER_GUID" => from_legacy_guid(id),
        "USER_ID" => id.strip_prefix("auth-").and_then(UserKey::by_login),
        // The legacy customer id, which is also the legacy user GUID.
        "CUSTOMER_ID" => by_customer_id(id),
        _ => None,
    }
    .filter(|u| *u != UserKey::FutureValues)
    .ok_or_else(|| {
        call.refuse(
            Check::UnknownUser,
            format!("InstitutionUser {id:?} ({id_type}) not found"),
        )
    })?;
    if call.session.user.is_some_and(|own| own != user) {
        return Err(call.refuse(
            Check::Forbidden,
            "A user's token may only name its own user",
        ));
    }
    Ok(user)
}

fn status(profile: &Value) -> Value {
    let locked = profile["locked"].as_bool().unwrap_or(false);
    json!({
        "active": !locked,
        "onHold": false,
        "locked": locked,
        "reset": profile["reset"],
        "registered": true,
        "approved": true,
        "rejected": false,
    })
}

fn last_login() -> String {
    clock::time_before(1, 61_200)
}

/// The `$expand` segments asked for; `subUsers` is not for business users, and
/// `identificationDocuments` only for V2, with the `institution-users:read_pii` scope.
fn expansions(call: &Call<'_>, user: UserKey, v2: bool) -> Result<Vec<&'static str>, ApiError> {
    let mut out = Vec::new();
    for raw in call.text("$expand").unwrap_or_default().split(',') {
        // A segment may carry its own `($filter=…)`; the emulator does not filter.
        let name = raw.split('(').next().unwrap_or_default().trim();
        let segment = match name {
            "" => continue,
            "contactMethods" => "contactMethods",
            "postalAddresses" | "postalAddress" => "postalAddresses",
            "subUsers" if !user.is_business() => "subUsers",
            "identificationDocuments" if v2 => {
                if !call.session.grants.has("institution-users:read_pii") {
                    return Err(call.refuse(
                        Check::Forbidden,
                        "identificationDocuments needs the institution-users:read_pii scope",
                    ));
                }
                "identificationDocuments"
            }
            other => {
                return Err(call.refuse(Check::BadParam, format!("$expand cannot expand {other:?}")))
            }
        };
        out.push(segment);
    }
    Ok(out)
}

fn institution_user_body(call: &Call<'_>, v2: bool) -> Result<Value, ApiError> {
    let user = institution_user(call)?;
    let expand = expansions(call, user, v2)?;
    let billpay = call.flag("retrieveBillPayCredentials") == Some(true);
    if billpay && !call.session.grants.has("institution-users-billpay:read") {
        return Err(call.refuse(
            Check::Forbidden,
            "retrieveBillPayCredentials needs the institution-users-billpay:read scope",
        ));
    }
    let profile = with_profile(call, user, |p| p.clone());
    let (first, last) = user.names();
    let customers: Vec<Value> = user
        .customers()
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "institutionCustomerId": c.id,
                "memberNumber": c.member_number,
                "memberName": if c.business { format!("Location {}", i + 1) } else { format!("{first} {last}") },
                "customerType": if c.business { "BUSINESS" } else { "RETAIL" },
                "primary": i == 0,
                "hostLoginId": c.member_number,
            })
        })
        .collect();
    let mut entries = vec![
        json!({ "key": "preferredLanguage", "value": "en-US" }),
        json!({ "key": "legacyUserGuid", "value": legacy_guid(user) }),
    ];
    // A business user's company (its business id): the Entitlements collection reads it from
    // here to name the business.
    if let UserKey::Generated(n) = user {
        entries
            .push(json!({ "key": "companyId", "value": crate::routes::business::business_id(n) }));
    }
    if billpay {
        entries
            .push(json!({ "key": "billPayLoginId", "value": format!("BP-{}", user.login_id()) }));
    }
    let mut out = json!({
        "institutionUserId": user.institution_user_id(),
        "institutionId": call.institution(),
        "registrationDateTime": clock::time_before(900, 40_000),
        "institutionUserRole": if user.is_business() { "BUSINESS_ADMIN" } else { "PRIMARY" },
        "institutionUserType": if user.is_business() { "BUSINESS" } else { "RETAIL" },
        "institutionCustomers": customers,
        "userId": auth_id(user),
        "userName": user.login_id(),
        "firstName": first,
        "lastName": last,
        "fullName": format!("{first} {last}"),
        "email": profile["email"],
        "failedLoginCount": profile["failedLoginCount"],
        "failedPasswordResetCount": profile["failedPasswordResetCount"],
        "lastLoginDateTime": last_login(),
        "userStatus": status(&profile),
        "additionalInfo": { "entry": entries },
    });
    // Personal data only with the scope for it.
    if call.session.grants.has("institution-users:read_pii") {
        out["birthDate"] = Value::from("1984-07-12");
    }
    if expand.contains(&"contactMethods") {
        let methods: Vec<Value> = methods(user, &profile)
            .into_iter()
            .map(|(id, protocol, info, code)| {
                let mut m = json!({
                    "id": id,
                    "protocol": protocol,
                    "activated": true,
                    "enrolledDateTime": enrolled(),
                    "contactInfo": info,
                    "validated": true,
                    "host": false,
                    "primary": protocol != "VOICE",
                    "contactMethodType": if protocol == "EMAIL" { "PERSONAL_EMAIL" } else { "HOME_CELLPHONE" },
                });
                if let Some(code) = code {
                    m["telephoneCountryCode"] = Value::String(code);
                }
                m
            })
            .collect();
        out["contactMethods"] = Value::Array(methods);
    }
    if expand.contains(&"postalAddresses") {
        let a = &profile["address"];
        out["postalAddresses"] = json!([{
            "id": "pa-1",
            "streetAddress1": a["address1"],
            "city": a["city"],
            "state": a["state"],
            "postalCode": a["postalCode"],
            "country": a["country"],
            "primary": true,
            "international": false,
            "postalAddressType": if user.is_business() { "MAILING_WORK_ADDRESS" } else { "MAILING_HOME_ADDRESS" },
        }]);
    }
    if expand.contains(&"subUsers") {
        out["subUsers"] = json!([]);
    }
    if expand.contains(&"identificationDocuments") {
        let (kind, last) = if user.is_business() {
            ("EIN", "6789")
        } else {
            ("SSN", "4321")
        };
        out["identificationDocuments"] = json!([{
            "id": format!("id-{}", user.login_id()),
            "maskedId": format!("*****{last}"),
            "identificationDocumentType": kind,
        }]);
    }
    Ok(out)
}

pub(crate) fn institution_user_v1(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    institution_user_body(call, false).map(Answer::ok)
}

pub(crate) fn institution_user_v2(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    institution_user_body(call, true).map(Answer::ok)
}

pub(crate) fn user_status(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let user = institution_user(call)?;
    let profile = with_profile(call, user, |p| p.clone());
    let mut out = status(&profile);
    out["institutionUserId"] = Value::String(user.institution_user_id());
    out["additionalInfo"] = json!({
        "failedLoginCount": profile["failedLoginCount"],
        "failedPasswordResetCount": profile["failedPasswordResetCount"],
        "lastLoginDateTime": last_login(),
    });
    out["subUsers"] = json!([]);
    Ok(Answer::ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_resolve_back_to_their_users() {
        assert_eq!(
            from_legacy_guid(&legacy_guid(UserKey::Generated(42))),
            Some(UserKey::Generated(42))
        );
        assert_eq!(
            from_legacy_guid(&legacy_guid(UserKey::Example)),
            Some(UserKey::Example)
        );
        let id = UserKey::Generated(77).institution_user_id();
        assert_eq!(by_institution_user_id(&id), Some(UserKey::Generated(77)));
        let location = UserKey::Generated(9).customers()[0].id.clone();
        assert_eq!(
            customer_user(&location, Some("CUSTOMER_ID")),
            Some(UserKey::Generated(9))
        );
        assert_eq!(customer_user("gen-9", None), Some(UserKey::Generated(9)));
        assert_eq!(customer_user("nobody", None), None);
        assert_eq!(by_institution_user_id("not-an-id"), None);
    }
}
