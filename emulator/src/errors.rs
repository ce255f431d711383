//! Error answers: always `{"code": …, "message": …}` as `application/json`.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

/// Which service answers, since each has its own code prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// The OAuth gateway (`CMN_…`).
    Token,
    /// The accounts service (`ACC_…`).
    Accounts,
    /// The transactions service (`TXN_…`).
    Transactions,
}

/// An error answer ready to send.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    pub message: Cow<'static, str>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub(crate) fn new(
        status: u16,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code: code.into(),
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400: the `transactionId` header is missing or not a UUID.
    ///
    /// The transactions service documents no code for this; `TXN_10005`
    /// ("Invalid query param", 400) is its nearest documented validation code.
    pub(crate) fn bad_transaction_id(family: Family) -> ApiError {
        let (code, message) = match family {
            Family::Token => ("CMN_90008", "Header transactionId is invalid"),
            Family::Accounts => ("ACC_99998", "Request is missing a transactionId header"),
            Family::Transactions => (
                "TXN_10005",
                "Header transactionId is missing or is not a UUID",
            ),
        };
        ApiError::new(400, code, message)
    }

    /// 401: no usable bearer token (or bad client credentials at the gateway).
    pub(crate) fn unauthorized(family: Family) -> ApiError {
        match family {
            Family::Token => ApiError::new(401, "CMN_90004", "Invalid client credentials"),
            Family::Accounts => ApiError::new(401, "ACC_00601", "Invalid JWT token"),
            Family::Transactions => ApiError::new(
                401,
                "TXN_11002",
                "The authentication token that was sent in the request is invalid.",
            ),
        }
    }

    /// 403: the token does not allow this request.
    pub(crate) fn forbidden(family: Family) -> ApiError {
        match family {
            Family::Token => {
                ApiError::new(403, "CMN_90006", "Not authorized to access this resource")
            }
            Family::Accounts => ApiError::new(403, "ACC_00602", "Unauthorized access"),
            Family::Transactions => ApiError::new(
                403,
                "TXN_11003",
                "The authentication provided does not authorize this request.",
            ),
        }
    }

    /// 400: a query parameter is missing, duplicated or malformed.
    pub(crate) fn validation(family: Family, detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        match family {
            Family::Token => {
                ApiError::new(400, "CMN_90011", format!("Request is invalid: {detail}"))
            }
            Family::Accounts => {
                ApiError::new(400, "ACC_00011", format!("Validation Error: {detail}"))
            }
            Family::Transactions => {
                ApiError::new(400, "TXN_10005", format!("Invalid query param: {detail}"))
            }
        }
    }

    /// 415: the `Accept` header rules out JSON.
    ///
    /// Only the accounts service documents this (`ACC_99988`); the transactions
    /// service answers the same code because it documents none of its own.
    pub(crate) fn not_acceptable() -> ApiError {
        ApiError::new(
            415,
            "ACC_99988",
            "Server can only handle JSON request. Other media types are not supported",
        )
    }

    /// 404: neither `hostUserId` nor `loginId` names a known user.
    pub(crate) fn user_not_found() -> ApiError {
        ApiError::new(404, "ACC_00101", "User not found")
    }

    /// The code and message a status fault uses when none is given.
    pub(crate) fn for_status(family: Family, status: u16) -> ApiError {
        let mut e = match status {
            400 => ApiError::validation(family, "injected fault"),
            401 => ApiError::unauthorized(family),
            403 => ApiError::forbidden(family),
            404 => ApiError::user_not_found(),
            415 => ApiError::not_acceptable(),
            429 => ApiError::new(status, "CMN_90002", "Spike limit violation"),
            _ if status >= 500 => match family {
                Family::Token => ApiError::new(status, "CMN_90000", "Internal server error"),
                Family::Accounts => ApiError::new(status, "ACC_99999", "Error in Accounts Service"),
                Family::Transactions => ApiError::new(status, "TXN_99999", "Server error"),
            },
            _ => ApiError::new(status, "EMULATOR_FAULT", "Injected fault"),
        };
        e.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        e
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.code, "message": self.message });
        let mut response = json_response(self.status, Bytes::from(body.to_string()));
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON answer with an already serialized body.
pub(crate) fn json_response(status: StatusCode, body: Bytes) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
