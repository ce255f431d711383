//! The operations this emulator serves, by operationId: the scope each one needs, the older
//! fault-and-counter route it also answers to, and who serves it.
//!
//! Routes and request checks come from the document ([`crate::spec`]); this table is the one
//! place that says, per operation, which scope of its tag it needs (reads `…:read`, writes
//! `…:write`, deletes `…:delete` where the tag has one, else `…:write`; `alerts:publish` for
//! publishing events) and which hand-written behaviour answers it.

use std::sync::LazyLock;

use axum::http::request::Parts;
use axum::response::Response;

use crate::faults::FaultRoute;
use crate::routes::dispatch::Behaviour;
use crate::routes::{
    activities, alert_history, alert_preferences, alerts, audience, business, customers,
    disclosures, estatements, groups, images, jobs, payments, recipients, users,
};
use crate::spec::{Operation, SPEC};
use crate::state::AppState;

/// One served operation: an index into [`SERVED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Op(pub u8);

/// A handler that makes its own checks, with the path parameters the dispatcher matched.
pub(crate) type Custom = fn(&AppState, &Parts, &[(String, String)]) -> Response;

/// Who answers an operation.
#[derive(Clone, Copy)]
pub(crate) enum Serve {
    /// Its own axum route, on the hot path or with gateway-only prefixes (token, accounts,
    /// transactions, the OpenID Connect steps).
    Route,
    /// Matched by the dispatcher; its handler makes the checks it always made.
    Custom(Custom),
    /// Matched and checked by the dispatcher from the document; the behaviour gets the call.
    Generic(Behaviour),
}

/// One row of the table.
#[derive(Clone, Copy)]
pub(crate) struct Served {
    pub id: &'static str,
    /// `None`: the operation needs no scope (the OAuth operations), or its handler checks
    /// the scopes it always checked.
    pub scope: Option<&'static str>,
    /// The older route name faults and counters also know it by.
    pub legacy: Option<FaultRoute>,
    pub serve: Serve,
}

const fn route(id: &'static str, legacy: Option<FaultRoute>) -> Served {
    Served {
        id,
        scope: None,
        legacy,
        serve: Serve::Route,
    }
}

const fn custom(id: &'static str, handler: Custom) -> Served {
    Served {
        id,
        scope: None,
        legacy: None,
        serve: Serve::Custom(handler),
    }
}

const fn generic(id: &'static str, scope: &'static str, behaviour: Behaviour) -> Served {
    Served {
        id,
        scope: Some(scope),
        legacy: None,
        serve: Serve::Generic(behaviour),
    }
}

const fn legacy(mut served: Served, route: FaultRoute) -> Served {
    served.legacy = Some(route);
    served
}

/// Every served operation and the scope it needs.
pub(crate) const SERVED: [Served; 83] = [
    // OAuth V2 and OpenID Connect: the token endpoint's own rules, no scope.
    route("createAccessTokenV2", Some(FaultRoute::Token)),
    route("revokeAccessTokenV2", Some(FaultRoute::Revoke)),
    route("generateAuthorizationCodeV1", None),
    route("authorizeClientV1", None),
    // Customer management.
    custom("getCustomerInformation", customers::serve_profile),
    generic(
        "getCustomerContactMethods",
        "institution-users:read",
        users::contact_methods,
    ),
    generic(
        "resetPassword",
        "institution-users:write",
        users::reset_password,
    ),
    generic("unlockUser", "institution-users:write", users::unlock_user),
    generic(
        "updateContactInfo",
        "institution-users:write",
        users::update_contact_info,
    ),
    generic(
        "getInstitutionUserV1",
        "institution-users:read",
        users::institution_user_v1,
    ),
    generic(
        "getInstitutionUserV2",
        "institution-users:read",
        users::institution_user_v2,
    ),
    generic(
        "getUserStatusV1",
        "institution-users:read",
        users::user_status,
    ),
    // Core banking: accounts and transactions check `accounts:read` / `transactions:read`
    // themselves, as they always did.
    route("listAccountsV1", Some(FaultRoute::Accounts)),
    route("getAccountByIdV1", Some(FaultRoute::Account)),
    custom(
        "getCustomerAccountsTransactionsV1",
        customers::serve_accounts,
    ),
    route("listAccountTransactionsV1", Some(FaultRoute::Transactions)),
    generic(
        "searchBankingActivitiesV1",
        "banking-activities:read",
        activities::search,
    ),
    generic("listBankingImagesV1", "images:read", images::list),
    generic("getBankingImageByIdV1", "images:read", images::get),
    // Business banking.
    generic(
        "getBusinessDetailsV1",
        "business-profile:read",
        business::details,
    ),
    generic(
        "getBusinessRegistrationConfigV1",
        "business-registrations:read",
        business::registration_config,
    ),
    generic(
        "getBusinessRegistrationByConfirmationNumberV1",
        "business-registrations:read",
        business::registration_by_confirmation,
    ),
    generic(
        "createBusinessRegistrationV1",
        "business-registrations:write",
        business::create_registration,
    ),
    generic(
        "getBusinessRegistrationByIdV1",
        "business-registrations:read",
        business::registration_by_id,
    ),
    generic(
        "getBusinessEntitlementsLimitsV1",
        "business-profile:read",
        business::business_entitlements,
    ),
    generic(
        "getUserEntitlementsLimitsV1",
        "business-profile:read",
        business::user_entitlements,
    ),
    generic("getAchPaymentsV1", "ach-payments:read", payments::list_ach),
    generic(
        "createAchPaymentV1",
        "ach-payments:write",
        payments::create_ach,
    ),
    generic(
        "getAchPaymentByPaymentIdV1",
        "ach-payments:read",
        payments::get_ach,
    ),
    generic(
        "getWirePaymentsV1",
        "wire-payments:read",
        payments::list_wires,
    ),
    generic(
        "createWirePaymentV1",
        "wire-payments:write",
        payments::create_wire,
    ),
    generic(
        "getWirePaymentByPaymentIdV1",
        "wire-payments:read",
        payments::get_wire,
    ),
    // Money movement.
    generic("listRecipientsV1", "recipients:read", recipients::list),
    generic("createRecipientV1", "recipients:write", recipients::create),
    generic("getRecipientV1", "recipients:read", recipients::get),
    generic("updateRecipientV1", "recipients:write", recipients::update),
    generic("deleteRecipientV1", "recipients:delete", recipients::delete),
    generic("createTransferV1", "transfers:write", recipients::transfer),
    // Alerts and notifications: the management tags have no delete scope.
    generic(
        "listAlertTemplatesV1",
        "alertMgmt:read",
        alerts::list_templates,
    ),
    generic(
        "updateAlertTemplateV1",
        "alertMgmt:write",
        alerts::update_template,
    ),
    generic(
        "createAlertTemplateV1",
        "alertMgmt:write",
        alerts::create_template,
    ),
    generic(
        "deleteAlertTemplateV1",
        "alertMgmt:write",
        alerts::delete_template,
    ),
    generic("listAlertTypesV1", "alertMgmt:read", alerts::list_types),
    generic("updateAlertTypeV1", "alertMgmt:write", alerts::update_type),
    generic("createAlertTypeV1", "alertMgmt:write", alerts::create_type),
    generic("deleteAlertTypeV1", "alertMgmt:write", alerts::delete_type),
    generic(
        "listInstitutionAlertTypesV1",
        "alertMgmt:read",
        alerts::list_institution_types,
    ),
    generic(
        "updateInstitutionAlertTypeV1",
        "alertMgmt:write",
        alerts::update_institution_type,
    ),
    generic(
        "createInstitutionAlertTypeV1",
        "alertMgmt:write",
        alerts::create_institution_type,
    ),
    generic(
        "deleteInstitutionAlertTypeV1",
        "alertMgmt:write",
        alerts::delete_institution_type,
    ),
    generic(
        "listAlertPreferencesV1",
        "alertPref:read",
        alert_preferences::list,
    ),
    generic(
        "createAlertPreferenceV1",
        "alertPref:write",
        alert_preferences::create,
    ),
    generic(
        "getAlertPreferenceV1",
        "alertPref:read",
        alert_preferences::get,
    ),
    generic(
        "updateAlertPreferenceV1",
        "alertPref:write",
        alert_preferences::update,
    ),
    generic(
        "deleteAlertPreferenceV1",
        "alertPref:write",
        alert_preferences::delete,
    ),
    generic(
        "listInstitutionAlertPreferencesV1",
        "alertPref:read",
        alert_preferences::list_institution,
    ),
    generic(
        "createInstitutionAlertPreferenceV1",
        "alertPref:write",
        alert_preferences::create_institution,
    ),
    generic(
        "updateInstitutionAlertPreferenceV1",
        "alertPref:write",
        alert_preferences::update_institution,
    ),
    generic(
        "deleteInstitutionAlertPreferenceV1",
        "alertPref:write",
        alert_preferences::delete_institution,
    ),
    generic("listAlertHistoryV1", "alertHist:read", alert_history::list),
    generic(
        "getAlertHistoryContentV1",
        "alertHist:read",
        alert_history::content,
    ),
    generic(
        "publishAlertEventsV1",
        "alerts:publish",
        alert_history::publish,
    ),
    // Documents and preferences.
    legacy(
        generic(
            "listInstitutionDisclosuresV1",
            "disclosures:read",
            disclosures::list_institution,
        ),
        FaultRoute::Disclosures,
    ),
    legacy(
        generic(
            "createInstitutionDisclosureV1",
            "disclosures:write",
            disclosures::create_institution,
        ),
        FaultRoute::Disclosures,
    ),
    generic(
        "updateInstitutionDisclosureV1",
        "disclosures:write",
        disclosures::update_institution,
    ),
    generic(
        "listUserDisclosuresV1",
        "disclosures:read",
        disclosures::list_user,
    ),
    generic(
        "updateUserDisclosureV1",
        "disclosures:write",
        disclosures::update_user,
    ),
    generic(
        "createUserDisclosureV1",
        "disclosures:write",
        disclosures::create_user,
    ),
    generic(
        "deleteUserDisclosureV1",
        "disclosures:write",
        disclosures::delete_user,
    ),
    generic(
        "getEStatementAccountPreferencesV1",
        "disclosures:read",
        estatements::account_preferences,
    ),
    generic(
        "updateEStatementAccountPreferencesV1",
        "disclosures:write",
        estatements::update_account_preferences,
    ),
    generic(
        "updateEStatementUserPreferencesV1",
        "disclosures:write",
        estatements::update_user_preferences,
    ),
    // A report is a read, though it is a POST.
    generic(
        "getEStatementsAccountsReportV1",
        "disclosures:read",
        estatements::report,
    ),
    // Customer campaigns.
    generic("listExperienceGroupsV3", "groups:read", groups::list),
    generic("createExperienceGroupV3", "groups:write", groups::create),
    generic("updateExperienceGroupV3", "groups:write", groups::update),
    generic("deleteExperienceGroupV3", "groups:write", groups::delete),
    generic(
        "uploadExperienceGroupParticipantsV3",
        "groups:write",
        groups::upload_participants,
    ),
    generic("listJobsV3", "groups:read", jobs::list),
    generic("getJobV3", "groups:read", jobs::get),
    generic("getJobErrorsV3", "groups:read", jobs::errors),
    generic("getUserListDetailsV1", "audience:read", audience::details),
    generic(
        "createUserListMetadataV1",
        "audience:write",
        audience::create_metadata,
    ),
];

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The served operation `id`; a typo is a compile error where it is used in a `const`.
pub(crate) const fn op(id: &str) -> Op {
    let mut i = 0;
    while i < SERVED.len() {
        if same(SERVED[i].id, id) {
            return Op(i as u8);
        }
        i += 1;
    }
    panic!("not a served operation")
}

/// The document's operations, in the order of [`SERVED`].
static OPERATIONS: LazyLock<Vec<&'static Operation>> = LazyLock::new(|| {
    SERVED
        .iter()
        .map(|s| {
            SPEC.operation(s.id)
                .unwrap_or_else(|| panic!("{} is not in the document", s.id))
        })
        .collect()
});

impl Op {
    pub(crate) fn served(self) -> &'static Served {
        &SERVED[usize::from(self.0)]
    }

    pub(crate) fn id(self) -> &'static str {
        self.served().id
    }

    /// The operation as the document declares it.
    pub(crate) fn operation(self) -> &'static Operation {
        OPERATIONS[usize::from(self.0)]
    }

    /// The served operation called `id` (any case).
    pub(crate) fn find(id: &str) -> Option<Op> {
        SERVED
            .iter()
            .position(|s| s.id.eq_ignore_ascii_case(id))
            .map(|i| Op(i as u8))
    }

    pub(crate) fn all() -> impl Iterator<Item = Op> {
        (0..SERVED.len()).map(|i| Op(i as u8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_SCOPES;

    /// Every scope is one its tag lists (or `alerts:publish`, which its tag lists too), and
    /// every scope any tag lists may be granted.
    #[test]
    fn scopes_come_from_the_tags() {
        for op in Op::all() {
            let served = op.served();
            let operation = op.operation();
            if let Some(scope) = served.scope {
                let tag = SPEC.tag(&operation.tag).unwrap();
                assert!(
                    tag.scopes.iter().flatten().any(|s| s == scope),
                    "{}: {scope} is not a scope of {}",
                    served.id,
                    operation.tag
                );
            }
            if matches!(served.serve, Serve::Generic(_)) {
                assert!(served.scope.is_some(), "{} has no scope", served.id);
            }
        }
        let mut all: Vec<&str> = SPEC
            .tags
            .iter()
            .flat_map(|t| t.scopes.iter().flatten().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        let mut granted = DEFAULT_SCOPES.to_vec();
        granted.sort_unstable();
        assert_eq!(all, granted);
    }

    #[test]
    fn lookups() {
        const RESET: Op = op("resetPassword");
        assert_eq!(RESET.id(), "resetPassword");
        assert_eq!(Op::find("RESETPASSWORD"), Some(RESET));
        assert_eq!(RESET.operation().method, "PUT");
        assert!(Op::find("createAccessTokenV1").is_none());
    }
}
