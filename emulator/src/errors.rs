//! Error answers: `{"code": …, "message": …}` (with `status` where the operation's error
//! schema has it) as `application/json`.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::codes::{self, Check};
use crate::ops::Op;

/// Which service answers, since each has its own code prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// The OAuth gateway (`CMN_…`).
    Token,
    /// The accounts service (`ACC_…`).
    Accounts,
    /// The transactions service (`TXN_…`).
    Transactions,
    /// A generic operation: its tag's codes and its documented error shape.
    Op(Op),
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

    /// A generic operation's answer to a refused check: its tag's code for the check (or the
    /// gateway's), in the operation's documented error shape. `detail`, when given, says what
    /// to fix instead of the table's message.
    pub(crate) fn for_op(op: Op, check: Check, detail: Option<String>) -> ApiError {
        let operation = op.operation();
        let (status, code, message) = codes::pick(&operation.tag, check, operation.documents(415));
        ApiError::coded(op, status, code, detail.unwrap_or(message))
    }

    /// A generic operation's answer with a code its behaviour picked from its tag's table.
    pub(crate) fn coded(
        op: Op,
        status: u16,
        code: &'static str,
        message: impl Into<Cow<'static, str>>,
    ) -> ApiError {
        let mut e = ApiError::new(status, code, message);
        e.status_in_body = has_status_field(op);
        e
    }

    /// An error in the `{status, code, message}` shape.
    pub(crate) fn with_status_in_body(mut self) -> ApiError {
        self.status_in_body = true;
        self
    }

    /// 400: the `transactionId` header is missing or not a UUID.
    pub(crate) fn bad_transaction_id(family: Family) -> ApiError {
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::TraceMissing, None);
        }
        let (code, message) = match family {
            Family::Token | Family::Op(_) => ("CMN_90008", "Header transactionId is invalid"),
            Family::Accounts => ("ACC_99998", "Request is missing a transactionId header"),
            Family::Transactions => ("TXN_10002", "Request is missing a transactionId header"),
        };
        ApiError::new(400, code, message)
    }

    /// 400: the `transactionId` header is longer than a UUID.
    pub(crate) fn transaction_id_too_long(family: Family) -> ApiError {
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::TraceTooLong, None);
        }
        let (code, message) = match family {
            Family::Token | Family::Op(_) => ("CMN_90008", "Header transactionId is invalid"),
            Family::Accounts => ("ACC_99997", "Request transactionId header is too long"),
            Family::Transactions => ("TXN_10004", "Request transactionId header is too long"),
        };
        ApiError::new(400, code, message)
    }

    /// 400: a header or query value holds a control character.
    pub(crate) fn non_printable(family: Family) -> ApiError {
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::NonPrintable, None);
        }
        let code = match family {
            Family::Token | Family::Op(_) => "CMN_90017",
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
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::NoAuth, None);
        }
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
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::BadToken, None);
        }
        match family {
            Family::Token | Family::Op(_) => {
                ApiError::new(401, "CMN_90004", "Invalid client credentials")
            }
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
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::Forbidden, None);
        }
        match family {
            Family::Token | Family::Op(_) => {
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
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::BadParam, Some(detail));
        }
        match family {
            Family::Token | Family::Op(_) => {
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
        if let Family::Op(op) = family {
            return ApiError::for_op(op, Check::NotAcceptable, None);
        }
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
        if let Family::Op(op) = family {
            let check = match status {
                401 => Check::BadToken,
                403 => Check::Forbidden,
                404 => Check::NotFound,
                406 | 415 => Check::NotAcceptable,
                _ if status >= 500 => Check::Server,
                _ => Check::BadParam,
            };
            let mut e = match status {
                429 => ApiError::new(status, "CMN_90002", "Spike limit violation"),
                _ => ApiError::for_op(op, check, None),
            };
            e.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            e.status_in_body = has_status_field(op);
            return e;
        }
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
                Family::Op(_) => unreachable!("answered above"),
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

/// Whether the operation's error schema has a `status` field (`Error`, `Error1`, `Error3`).
fn has_status_field(op: Op) -> bool {
    let operation = op.operation();
    operation
        .error_schema()
        .and_then(|name| crate::spec::SPEC.schemas.get(name))
        .and_then(|s| s.get("properties"))
        .is_some_and(|p| p.get("status").is_some())
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
