//! Which documented error code answers which refused check, per tag of the document.
//!
//! Each tag of the official document has its own table of error codes (`tags[].errors` in the
//! facts extract). For every check the generic operations make, this table picks the tag's
//! code whose documented status is the status the emulator answers; a check the tag has no
//! such code for falls back to the gateway's `CMN_…` code (the `OAuth V2` table), as the
//! gateway in front of every service answers token and header problems. The unit test below
//! holds every pick to the document: the code exists in its tag's table with that status.

use crate::spec::SPEC;

/// A check of the generic operations that can refuse a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// The trace header (`transactionId`/`correlationId`) is missing.
    TraceMissing,
    /// The trace header is not a UUID.
    TraceInvalid,
    /// The trace header is longer than a UUID.
    TraceTooLong,
    /// A header or query value holds a control character.
    NonPrintable,
    /// No bearer token.
    NoAuth,
    /// A bearer token this emulator did not issue, or that expired or was revoked.
    BadToken,
    /// The token lacks the operation's scope, or names another user.
    Forbidden,
    /// `Accept` rules out JSON.
    NotAcceptable,
    /// A query or header parameter is missing or malformed.
    BadParam,
    /// A path parameter is malformed.
    BadPath,
    /// The body does not match the operation's schema or rules.
    BadBody,
    /// The body is missing, empty or not JSON.
    BlankBody,
    /// The resource named does not exist.
    NotFound,
    /// The user named does not exist.
    UnknownUser,
    /// Something the emulator cannot do (a server error).
    Server,
}

use Check::*;

type Row = (Check, u16, &'static str);

/// The gateway's codes, from the `OAuth V2` tag.
const GATEWAY: &[Row] = &[
    (TraceMissing, 400, "CMN_90008"),
    (TraceInvalid, 400, "CMN_90008"),
    (TraceTooLong, 400, "CMN_90008"),
    (NonPrintable, 400, "CMN_90017"),
    (NoAuth, 401, "CMN_90001"),
    (BadToken, 401, "CMN_90001"),
    (Forbidden, 403, "CMN_90006"),
    (BadParam, 400, "CMN_90011"),
    (BadPath, 400, "CMN_90011"),
    (BadBody, 400, "CMN_90011"),
    (BlankBody, 400, "CMN_90011"),
    (Server, 500, "CMN_90000"),
];

/// The customer-management services behind `correlationId` (`UXU_…`).
const UXU: &[Row] = &[
    (TraceMissing, 400, "UXU_10006"),
    (TraceInvalid, 400, "UXU_10007"),
    (TraceTooLong, 400, "UXU_10007"),
    (Forbidden, 403, "UXU_10002"),
    (BadParam, 400, "UXU_10014"),
    (BadPath, 400, "UXU_10012"),
    (BadBody, 400, "UXU_99999"),
    (BlankBody, 400, "UXU_99999"),
    (NotFound, 404, "UXU_88888"),
    (UnknownUser, 404, "UXU_88888"),
    (Server, 500, "UXU_99998"),
];

const ISR: &[Row] = &[
    (TraceMissing, 400, "ISR_11005"),
    (TraceInvalid, 400, "ISR_11005"),
    (TraceTooLong, 400, "ISR_11006"),
    (NonPrintable, 400, "ISR_11004"),
    (NoAuth, 401, "ISR_11001"),
    (BadToken, 401, "ISR_11002"),
    (Forbidden, 403, "ISR_11003"),
    (BadParam, 400, "ISR_11008"),
    (BadPath, 400, "ISR_11007"),
    (NotFound, 404, "ISR_10001"),
    (UnknownUser, 404, "ISR_10001"),
    (Server, 500, "ISR_99999"),
];

const BAS: &[Row] = &[
    (TraceMissing, 400, "BAS_10203"),
    (TraceInvalid, 400, "BAS_10203"),
    (TraceTooLong, 400, "BAS_10202"),
    (NonPrintable, 400, "BAS_10201"),
    (NoAuth, 401, "BAS_10101"),
    (BadToken, 401, "BAS_10102"),
    (Forbidden, 403, "BAS_10101"),
    (BadParam, 400, "BAS_10005"),
    (BadBody, 400, "BAS_10204"),
    (BlankBody, 400, "BAS_10006"),
    (Server, 500, "BAS_99999"),
];

const BIS: &[Row] = &[
    (TraceMissing, 400, "BIS_00013"),
    (TraceInvalid, 400, "BIS_00013"),
    (TraceTooLong, 400, "BIS_00016"),
    (NonPrintable, 400, "BIS_00014"),
    (NoAuth, 401, "BIS_10001"),
    (BadToken, 401, "BIS_10002"),
    (Forbidden, 403, "BIS_10003"),
    (NotAcceptable, 415, "BIS_99988"),
    (BadParam, 400, "BIS_00017"),
    (BadPath, 400, "BIS_00017"),
    (NotFound, 404, "BIS_30004"),
    (UnknownUser, 404, "BIS_20022"),
    (Server, 500, "BIS_99999"),
];

const BBS_REGISTRATION: &[Row] = &[
    (NoAuth, 401, "BBS-40150"),
    (BadToken, 401, "BBS-40150"),
    (Forbidden, 403, "BBS-40151"),
    (BadParam, 400, "BBS-40095"),
    (BadPath, 400, "BBS-40095"),
    (BadBody, 400, "BBS-40095"),
    (BlankBody, 400, "BBS-40095"),
    (NotFound, 404, "BBS-40154"),
    (Server, 500, "BBS-40153"),
];

const BBS_PROFILE: &[Row] = &[
    (NoAuth, 401, "BBS-40150"),
    (BadToken, 401, "BBS-40150"),
    (Forbidden, 403, "BBS-40151"),
    (BadParam, 400, "BBS-40095"),
    (NotFound, 400, "BBS-40147"),
    (UnknownUser, 400, "BBS-40147"),
    (Server, 500, "BBS-40153"),
];

const BBE: &[Row] = &[
    (NoAuth, 401, "BBE-41108"),
    (BadToken, 401, "BBE-41108"),
    (Forbidden, 403, "BBE-41109"),
    (BadParam, 400, "BBE-41110"),
    (NotFound, 400, "BBE-41110"),
    (UnknownUser, 400, "BBE-41110"),
    (Server, 500, "BBE-41111"),
];

const BBP: &[Row] = &[
    (TraceMissing, 400, "BBP-152"),
    (TraceInvalid, 400, "BBP-152"),
    (TraceTooLong, 400, "BBP-152"),
    (NonPrintable, 400, "BBP-152"),
    (NoAuth, 401, "BBP-131"),
    (BadToken, 401, "BBP-131"),
    (BadParam, 400, "BBP-133"),
    (BadPath, 400, "BBP-133"),
    (BadBody, 400, "BBP-133"),
    (BlankBody, 400, "BBP-133"),
    (NotFound, 404, "BBP-134"),
    (UnknownUser, 400, "BBP-135"),
];

const REC: &[Row] = &[
    (TraceMissing, 400, "REC_12002"),
    (TraceInvalid, 400, "REC_12002"),
    (TraceTooLong, 400, "REC_12003"),
    (NonPrintable, 400, "REC_12001"),
    (NoAuth, 401, "REC_11001"),
    (BadToken, 401, "REC_11002"),
    (Forbidden, 403, "REC_11003"),
    (BadParam, 400, "REC_10009"),
    (BadPath, 400, "REC_10009"),
    (BadBody, 400, "REC_12004"),
    (BlankBody, 400, "REC_12005"),
    (NotFound, 400, "REC_14004"),
    (UnknownUser, 400, "REC_10005"),
    (Server, 500, "REC_99999"),
];

const TFR: &[Row] = &[
    (TraceMissing, 400, "TFR_10036"),
    (TraceInvalid, 400, "TFR_10036"),
    (TraceTooLong, 400, "TFR_10037"),
    (NonPrintable, 400, "TFR_10035"),
    (NoAuth, 401, "TFR_11001"),
    (BadToken, 401, "TFR_11002"),
    (Forbidden, 403, "TFR_11003"),
    (BadParam, 400, "TFR_10034"),
    (BadBody, 400, "TFR_10056"),
    (BlankBody, 400, "TFR_10056"),
    (NotFound, 400, "TFR_10051"),
    (UnknownUser, 400, "TFR_10000"),
    (Server, 500, "TFR_10001"),
];

/// Alert management: templates, system and institution alert types.
const PRM_MANAGEMENT: &[Row] = &[
    (NonPrintable, 400, "PRMSYS_10016"),
    (BadParam, 400, "PRMVAL_10008"),
    (BadPath, 400, "PRMVAL_10008"),
    (BadBody, 400, "PRMVAL_10002"),
    (BlankBody, 400, "PRMSYS_10002"),
    (NotFound, 400, "PRMSYS_10006"),
];

/// Alert preferences, of users and of the institution.
const PRM_PREFERENCES: &[Row] = &[
    (BadParam, 400, "PRMVAL_10013"),
    (BadPath, 400, "PRMVAL_10013"),
    (BadBody, 400, "PRMVAL_10013"),
    (BlankBody, 400, "PRMVAL_10012"),
    (NotFound, 404, "PRMAPS_10007"),
    (UnknownUser, 400, "PRMVAL_10004"),
];

const PRM_HISTORY: &[Row] = &[
    (BadParam, 400, "PRMSYS_10003"),
    (BadBody, 400, "PRMSYS_10003"),
    (BlankBody, 400, "PRMSYS_10003"),
    (NotFound, 404, "PRMSYS_10011"),
    (UnknownUser, 404, "PRMSYS_10011"),
];

const DSC: &[Row] = &[
    (TraceMissing, 400, "DSC_12002"),
    (TraceInvalid, 400, "DSC_12002"),
    (TraceTooLong, 400, "DSC_12003"),
    (NonPrintable, 400, "DSC_12001"),
    (NoAuth, 401, "DSC_11001"),
    (BadToken, 401, "DSC_11002"),
    (BadParam, 400, "DSC_10009"),
    (BadPath, 400, "DSC_10009"),
    (BadBody, 400, "DSC_12004"),
    (BlankBody, 400, "DSC_12005"),
    (NotFound, 400, "DSC_13001"),
    (UnknownUser, 400, "DSC_13001"),
    (Server, 500, "DSC_99999"),
];

const UXESTMT: &[Row] = &[
    (TraceMissing, 400, "UXESTMT_10007"),
    (TraceInvalid, 400, "UXESTMT_10008"),
    (TraceTooLong, 400, "UXESTMT_10008"),
    (Forbidden, 403, "UXESTMT_10003"),
    (BadParam, 400, "UXESTMT_11018"),
    (BadPath, 400, "UXESTMT_11007"),
    (BadBody, 400, "UXESTMT_11010"),
    (BlankBody, 400, "UXESTMT_11010"),
    (NotFound, 404, "UXESTMT_88888"),
    (UnknownUser, 404, "UXESTMT_88888"),
    (Server, 500, "UXESTMT_30001"),
];

const GROUPS: &[Row] = &[
    (NoAuth, 401, "2003"),
    (BadToken, 401, "2003"),
    (BadParam, 400, "2000"),
    (BadPath, 400, "2000"),
    (BadBody, 400, "2000"),
    (BlankBody, 400, "2000"),
    (NotFound, 400, "2000"),
    (Server, 500, "2001"),
];

const JOBS: &[Row] = &[
    (NoAuth, 401, "2003"),
    (BadToken, 401, "2003"),
    (BadParam, 400, "2000"),
    (BadPath, 400, "2000"),
    (NotFound, 400, "2000"),
    (Server, 500, "2001"),
];

const AUDIENCE: &[Row] = &[
    (TraceMissing, 400, "2005"),
    (TraceInvalid, 400, "2003"),
    (TraceTooLong, 400, "2003"),
    (NoAuth, 401, "401"),
    (BadToken, 401, "401"),
    (BadParam, 400, "2009"),
    (BadBody, 400, "2009"),
    (BlankBody, 400, "2009"),
    (NotFound, 400, "2009"),
    (Server, 500, "2001"),
];

/// The codes of each tag whose operations the generic part serves.
const TAGS: &[(&str, &[Row])] = &[
    ("Registration And Access", UXU),
    ("Contact Info", UXU),
    ("Profile And Status", ISR),
    ("Banking Activities", BAS),
    ("Images", BIS),
    ("Registration", BBS_REGISTRATION),
    ("Profile", BBS_PROFILE),
    ("Entitlements", BBE),
    ("Payments", BBP),
    ("Recipients", REC),
    ("Transfers", TFR),
    ("System Alerts", PRM_MANAGEMENT),
    ("Institution Alerts", PRM_MANAGEMENT),
    ("Templates", PRM_MANAGEMENT),
    ("Institution Preferences", PRM_PREFERENCES),
    ("User Preferences", PRM_PREFERENCES),
    ("History And Events", PRM_HISTORY),
    ("Institution Disclosures", DSC),
    ("User Disclosures", DSC),
    ("Electronic Statements", UXESTMT),
    ("Experience Groups", GROUPS),
    ("Jobs", JOBS),
    ("Audience", AUDIENCE),
];

/// The documented answer to a refused check: `(status, code, the table's message)`.
/// `documents_415` says whether the operation documents a 415 (otherwise `Accept` problems
/// are answered 406, which no operation documents: HTTP's status for it).
pub(crate) fn pick(tag: &str, check: Check, documents_415: bool) -> (u16, &'static str, String) {
    let own = TAGS
        .iter()
        .find(|(name, _)| *name == tag)
        .and_then(|(_, rows)| rows.iter().find(|(c, _, _)| *c == check));
    let (status, code, table) = match own {
        Some(&(_, status, code)) => (status, code, tag),
        None => match GATEWAY.iter().find(|(c, _, _)| *c == check) {
            Some(&(_, status, code)) => (status, code, "OAuth V2"),
            None if check == NotAcceptable => {
                let status = if documents_415 { 415 } else { 406 };
                return (status, "CMN_90010", "Header Accept is invalid".to_owned());
            }
            // Every tag whose operations look things up names its not-found code; this is
            // for a request that found no route at all.
            None => return (404, "NOT_FOUND", "Not found".to_owned()),
        },
    };
    let message = SPEC
        .tag(table)
        .and_then(|t| t.message(code, status))
        .unwrap_or("Request refused")
        .to_owned();
    (status, code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code picked exists in its tag's table with the status it is answered with.
    #[test]
    fn every_code_is_documented_with_its_status() {
        let tables = TAGS
            .iter()
            .map(|(tag, rows)| (*tag, *rows))
            .chain([("OAuth V2", GATEWAY)]);
        for (tag, rows) in tables {
            let table = SPEC.tag(tag).unwrap_or_else(|| panic!("no tag {tag}"));
            for (check, status, code) in rows {
                assert!(
                    table
                        .errors
                        .iter()
                        .any(|e| e.code.as_deref() == Some(*code) && e.status.contains(status)),
                    "{tag}: {check:?} answers {status} {code}, which its table does not list"
                );
            }
        }
    }

    #[test]
    fn missing_codes_fall_back_to_the_gateway() {
        assert_eq!(pick("Payments", Forbidden, false).1, "CMN_90006");
        assert_eq!(pick("Payments", BadBody, false).1, "BBP-133");
        assert_eq!(pick("Images", NotAcceptable, true).0, 415);
        assert_eq!(pick("Recipients", NotAcceptable, false).0, 406);
        let (status, code, message) = pick("Recipients", BadBody, false);
        assert_eq!((status, code), (400, "REC_12004"));
        assert!(!message.is_empty());
    }
}
