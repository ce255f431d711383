//! `POST …/oauth2/v1/token` and `DELETE|POST …/oauth2/v1/revoke`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::config::{PARTNER_CLIENT_ID, PARTNER_CLIENT_SECRET};
use crate::data::{UserKey, USER_PASSWORD};
use crate::errors::{json_response, ApiError, Family};
use crate::ops::op;
use crate::request::{self, constant_time_eq, ConnectionControl, Params};
use crate::routes::{check_transaction_id, enter};
use crate::state::AppState;
use crate::stats::GrantType;
use crate::tokens::{Grants, Session};

const MAX_FORM_BYTES: usize = 64 * 1024;
const SUPPORTED_GRANTS: &str = "client_credentials, password, authorization_code, refresh_token";
/// Refresh tokens outlive access tokens: 180 days, as the spec's examples show.
const REFRESH_TTL: Duration = Duration::from_secs(180 * 86_400);

async fn read_form(body: axum::body::Body) -> Result<Params, ApiError> {
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| {
            ApiError::validation(
                Family::Token,
                "request body is unreadable or larger than 64 KiB",
            )
        })?;
    Ok(Params::parse(&bytes))
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The application a token request authenticates as.
struct ClientApp {
    id: String,
}

/// Basic credentials win over form fields; both are accepted (the Quick Start allows either).
/// The configured application and the partner (OIDC) application are known.
fn client_authenticated(state: &AppState, headers: &HeaderMap, form: &Params) -> Option<ClientApp> {
    let (id, secret) = match request::basic_credentials(headers) {
        Some(Some(pair)) => pair,
        Some(None) => return None,
        None => match (form.one("client_id"), form.one("client_secret")) {
            (Ok(Some(id)), Ok(Some(secret))) => (id.to_owned(), secret.to_owned()),
            _ => return None,
        },
    };
    let config = &state.config;
    // Bitwise `&` so both comparisons always run.
    let main =
        constant_time_eq(&id, &config.client_id) & constant_time_eq(&secret, &config.client_secret);
    let partner =
        constant_time_eq(&id, PARTNER_CLIENT_ID) & constant_time_eq(&secret, PARTNER_CLIENT_SECRET);
    (main | partner).then_some(ClientApp { id })
}

/// Requested scopes: `scopes` (documented, comma separated), or `scope` (RFC 6749,
/// space separated); both separators are accepted in both.
fn requested_scopes(form: &Params) -> Result<Option<Vec<String>>, ApiError> {
    let raw = match form.one("scopes") {
        Ok(Some(v)) => Some(v),
        Ok(None) => form
            .one("scope")
            .map_err(|e| ApiError::validation(Family::Token, e))?,
        Err(e) => return Err(ApiError::validation(Family::Token, e)),
    };
    let scopes: Vec<String> = raw
        .unwrap_or_default()
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    Ok((!scopes.is_empty()).then_some(scopes))
}

pub(crate) async fn issue(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let conn = parts.extensions.get::<ConnectionControl>();
    if let Err(answer) = enter(&state, op("createAccessTokenV2"), Family::Token, conn).await {
        return answer;
    }
    match issue_checked(&state, &parts.headers, body).await {
        Ok(answer) | Err(answer) => answer,
    }
}

/// The grants of the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    ClientCredentials,
    Password,
    AuthorizationCode,
    RefreshToken,
}

fn grant_type(form: &Params) -> Result<Grant, ApiError> {
    let invalid = |detail: String| {
        ApiError::new(
            400,
            "CMN_90007",
            format!("Invalid grant type{detail}: supported grant types are: {SUPPORTED_GRANTS}"),
        )
    };
    match form.one("grant_type") {
        Ok(Some("client_credentials")) => Ok(Grant::ClientCredentials),
        Ok(Some("password")) => Ok(Grant::Password),
        Ok(Some("authorization_code")) => Ok(Grant::AuthorizationCode),
        Ok(Some("refresh_token")) => Ok(Grant::RefreshToken),
        Ok(Some(other)) => Err(invalid(format!(" {other:?}"))),
        _ => Err(invalid(": grant_type is required;".into())),
    }
}

fn required<'a>(form: &'a Params, name: &str) -> Result<&'a str, ApiError> {
    form.non_empty(name)
        .map_err(|e| ApiError::validation(Family::Token, e))?
        .ok_or_else(|| {
            ApiError::validation(Family::Token, format!("form field {name} is required"))
        })
}

fn invalid_token() -> ApiError {
    ApiError::new(400, "CMN_90018", "Invalid token")
}

async fn issue_checked(
    state: &AppState,
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Result<Response, Response> {
    let fail = |e: ApiError| e.into_response();
    check_transaction_id(headers, Family::Token).map_err(fail)?;
    if !request::printable_headers(headers) {
        return Err(fail(ApiError::non_printable(Family::Token)));
    }
    if !is_form(headers) {
        return Err(fail(ApiError::new(
            400,
            "CMN_90010",
            "Header Content-Type is invalid: send application/x-www-form-urlencoded",
        )));
    }
    let form = read_form(body).await.map_err(fail)?;
    if !form.printable() {
        return Err(fail(ApiError::non_printable(Family::Token)));
    }
    let grant = grant_type(&form).map_err(fail)?;
    // Required for client_credentials and password. The spec requires it for
    // authorization_code too, but the official collections exchange codes without it
    // (the code already names the institution), so it is optional there, as for
    // refresh_token. The spec gives no status for CMN_90005; a malformed request header
    // is a client error like CMN_90008, so 400.
    let institution = request::institution_id(headers);
    let institution_ok = match institution {
        None => matches!(grant, Grant::RefreshToken | Grant::AuthorizationCode),
        Some(id) => id == state.config.institution_id,
    };
    if !institution_ok {
        return Err(fail(ApiError::new(
            400,
            "CMN_90005",
            "Header institutionId is invalid",
        )));
    }
    let Some(app) = client_authenticated(state, headers, &form) else {
        return Err(fail(ApiError::unauthorized(Family::Token)));
    };
    let ttl = state.config.token_ttl;
    let body = match grant {
        Grant::ClientCredentials => {
            let grants = granted(state, &form).map_err(fail)?;
            let token = state.tokens.issue(Session { grants, user: None }, ttl);
            // Written by hand so the field order and the string-typed `expires_in` are exact.
            format!(
                r#"{{"access_token":"{token}","expires_in":"{}","token_type":"Bearer"}}"#,
                ttl.as_secs()
            )
        }
        Grant::Password => {
            let username = required(&form, "username").map_err(fail)?;
            let password = required(&form, "password").map_err(fail)?;
            let user = UserKey::by_login(username);
            let password_ok = constant_time_eq(password, USER_PASSWORD);
            let Some(user) = user.filter(|_| password_ok) else {
                return Err(fail(ApiError::new(401, "CMN_90004", "Invalid credentials")));
            };
            let grants = granted(state, &form).map_err(fail)?;
            pair_body(
                state,
                Session {
                    grants,
                    user: Some(user),
                },
                None,
            )
        }
        Grant::RefreshToken => {
            let refresh = required(&form, "refresh_token").map_err(fail)?;
            let session = state
                .tokens
                .redeem_refresh(refresh)
                .ok_or_else(|| fail(invalid_token()))?;
            pair_body(state, session, None)
        }
        Grant::AuthorizationCode => {
            let code = required(&form, "code").map_err(fail)?;
            let (session, offline) = state
                .tokens
                .redeem_code(code, &app.id)
                .ok_or_else(|| fail(invalid_token()))?;
            let id_token = id_token(&session, &app.id, ttl);
            if offline {
                pair_body(state, session, Some(&id_token))
            } else {
                let token = state.tokens.issue(session, ttl);
                format!(
                    r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":"{}","id_token":"{id_token}"}}"#,
                    ttl.as_secs()
                )
            }
        }
    };
    state.counters.token_issued();
    state.counters.granted(match grant {
        Grant::ClientCredentials => GrantType::ClientCredentials,
        Grant::Password => GrantType::Password,
        Grant::AuthorizationCode => GrantType::AuthorizationCode,
        Grant::RefreshToken => GrantType::RefreshToken,
    });
    let mut response = json_response(StatusCode::OK, body.into());
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// The grants a token request may have: the requested scopes, or every allowed one.
fn granted(state: &AppState, form: &Params) -> Result<Grants, ApiError> {
    let allowed = &state.config.allowed_scopes;
    let scopes = requested_scopes(form)?;
    let granted: Vec<&str> = match &scopes {
        None => allowed.iter().map(String::as_str).collect(),
        Some(wanted) => {
            if let Some(bad) = wanted.iter().find(|s| !allowed.contains(s)) {
                return Err(ApiError::new(
                    403,
                    "CMN_90006",
                    format!(
                        "Not authorized to access this resource: scope {bad:?} is not allowed; allowed scopes: {}",
                        allowed.join(", ")
                    ),
                ));
            }
            wanted.iter().map(String::as_str).collect()
        }
    };
    Ok(Grants::from_scopes(granted))
}

/// An access token with its refresh token, in the spec's field order.
fn pair_body(state: &AppState, session: Session, id_token: Option<&str>) -> String {
    let ttl = state.config.token_ttl;
    let (access, refresh) = state.tokens.issue_pair(session, ttl, REFRESH_TTL);
    match id_token {
        None => format!(
            r#"{{"access_token":"{access}","expires_in":"{}","refresh_token":"{refresh}","refresh_token_expires_in":"{}","token_type":"Bearer"}}"#,
            ttl.as_secs(),
            REFRESH_TTL.as_secs()
        ),
        Some(id_token) => format!(
            r#"{{"access_token":"{access}","refresh_token":"{refresh}","token_type":"Bearer","expires_in":"{}","id_token":"{id_token}"}}"#,
            ttl.as_secs()
        ),
    }
}

/// An OpenID Connect ID token: a JWT naming the user. Unsigned (`alg: none`): the
/// emulator has no keys, and a client must not trust an emulator's identity anyway.
fn id_token(session: &Session, client_id: &str, ttl: Duration) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let subject = session
        .user
        .map(UserKey::institution_user_id)
        .unwrap_or_default();
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"none"}"#);
    let claims = serde_json::json!({
        "sub": subject,
        "iss": "candescent-emulator",
        "aud": client_id,
        "iat": now,
        "exp": now + ttl.as_secs(),
    });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.")
}

pub(crate) async fn revoke(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let conn = parts.extensions.get::<ConnectionControl>();
    if let Err(answer) = enter(&state, op("revokeAccessTokenV2"), Family::Token, conn).await {
        return answer;
    }
    let headers = &parts.headers;
    if let Err(e) = check_transaction_id(headers, Family::Token) {
        return e.into_response();
    }
    let form = match read_form(body).await {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    if client_authenticated(&state, headers, &form).is_none() {
        return ApiError::unauthorized(Family::Token).into_response();
    }
    match form.one("token") {
        Ok(Some(token)) if !token.is_empty() => {
            // RFC 7009: an unknown token is not an error. Access and refresh tokens are
            // both accepted, with or without `token_type_hint` (which the spec does not define).
            let revoked = state.tokens.revoke(token);
            state.counters.revoked(revoked);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => ApiError::validation(Family::Token, "form field token is required").into_response(),
    }
}
