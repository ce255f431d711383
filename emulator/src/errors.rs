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
    /// Services that answer the spec's `Error1` shape also repeat the status in the body.
    pub status_in_body: bool,
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
            status_in_body: false,
        }
    }

    /// An error in the `{status, code, message}` shape.
    pub(crate) fn with_status_in_body(mut self) -> ApiError {
        self.status_in_body = true;
        self
    }

    /// 400: the `transactionId` header is missing or not a UUID.
    pub(crate) fn bad_transaction_id(family: Family) -> ApiError {
        let (code, message) = match family {
            Family::Token => ("CMN_90008", "Header transactionId is invalid"),
            Family::Accounts => ("ACC_99998", "Request is missing a transactionId header"),
            Family::Transactions => ("TXN_10002", "Request is missing a transactionId header"),
        };
        ApiError::new(400, code, message)
    }

    /// 400: the `transactionId` header is longer than a UUID.
    pub(crate) fn transaction_id_too_long(family: Family) -> ApiError {
        let (code, message) = match family {
            Family::Token => ("CMN_90008", "Header transactionId is invalid"),
            Family::Accounts => ("ACC_99997", "Request transactionId header is too long"),
            Family::Transactions => ("TXN_10004", "Request transactionId header is too long"),
        };
        ApiError::new(400, code, message)
    }

    /// 400: a header or query value holds a control character.
    pub(crate) fn non_printable(family: Family) -> ApiError {
        let code = match family {
            Family::Token => "CMN_90017",
            Family::Accounts => "ACC_99995",
            Family::Transactions => "TXN_10003",
        };
        ApiError::new(
            400,
            code,
            "Request should only contain printable ASCII characters",
        )
    }

    /// 401: no `Authorization` header at all.
    pub(crate) fn missing_authorization(family: Family) -> ApiError {
        match family {
            Family::Transactions => ApiError::new(
                401,
                "TXN_11001",
                "Full authentication was not provided in the request",
            ),
            other => ApiError::unauthorized(other),
        }
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
    pub(crate) fn not_acceptable(family: Family) -> ApiError {
        let code = match family {
            Family::Transactions => "TXN_99988",
            _ => "ACC_99988",
        };
        ApiError::new(
            415,
            code,
            "Server can only handle JSON request. Other media types are not supported",
        )
    }

    /// 404: neither `hostUserId` nor `loginId` names a known user.
    pub(crate) fn user_not_found() -> ApiError {
        ApiError::new(404, "ACC_00101", "User not found")
    }

    /// 404: the transactions service's "not found" (its only documented 404 code).
    pub(crate) fn user_not_found_txn() -> ApiError {
        ApiError::new(
            404,
            "TXN_90000",
            "Server cannot handle this request: user not found",
        )
    }

    /// The code and message a status fault uses when none is given.
    pub(crate) fn for_status(family: Family, status: u16) -> ApiError {
        let mut e = match status {
            400 => ApiError::validation(family, "injected fault"),
            401 => ApiError::unauthorized(family),
            403 => ApiError::forbidden(family),
            404 => ApiError::user_not_found(),
            415 => ApiError::not_acceptable(family),
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
        let body = if self.status_in_body {
            serde_json::json!({ "status": self.status.as_u16(), "code": self.code, "message": self.message })
        } else {
            serde_json::json!({ "code": self.code, "message": self.message })
        };
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
