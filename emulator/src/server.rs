//! Routing, the accept loop, and per-connection serving.
//!
//! A hand-written accept loop (rather than `axum::serve`) so that a handler can
//! make its connection vanish without an HTTP response: the `reset` fault.

use std::sync::Arc;
use std::time::Duration;

use axum::routing::{delete, get, post};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower_service::Service as _;

use crate::errors::ApiError;
use crate::request::ConnectionControl;
use crate::routes::{accounts, admin, auth_code, dispatch, token, transactions};
use crate::state::AppState;

/// Prefixes of the gateway layout (production and stage).
const GATEWAY_PREFIXES: [&str; 2] = ["/digitalbanking", "/digitalbanking/stage"];
/// Accounts service prefixes under the gateway: the inferred one and the docs snippet's.
const GATEWAY_ACCOUNTS: [&str; 2] = ["db-accounts", "accounts"];

pub(crate) fn router(state: Arc<AppState>) -> Router {
    let mut r = Router::new();
    for prefix in ["", GATEWAY_PREFIXES[0], GATEWAY_PREFIXES[1]] {
        r = r
            .route(&format!("{prefix}/oauth2/v1/token"), post(token::issue))
            .route(
                &format!("{prefix}/oauth2/v1/revoke"),
                delete(token::revoke).post(token::revoke),
            );
    }
    for prefix in GATEWAY_PREFIXES {
        for service in GATEWAY_ACCOUNTS {
            r = r
                .route(
                    &format!("{prefix}/{service}/v1/accounts"),
                    get(accounts::list),
                )
                .route(
                    &format!("{prefix}/{service}/v1/accounts/{{id}}"),
                    get(accounts::get_one),
                );
        }
        r = r.route(
            &format!("{prefix}/db-transactions/v1/transactions"),
            get(transactions::list),
        );
    }
    r.route("/v1/accounts", get(accounts::list))
        .route("/v1/accounts/{id}", get(accounts::get_one))
        .route("/v1/transactions", get(transactions::list))
        .route(
            "/v1/client-authorization",
            post(auth_code::client_authorization),
        )
        .route("/v1/auth-code", post(auth_code::auth_code))
        .route("/__emulator/stats", get(admin::stats))
        .route("/__emulator/accepted", get(admin::accepted))
        .route("/__emulator/faults", post(admin::inject_fault))
        .route("/__emulator/tokens/expire", post(admin::expire_tokens))
        .route("/__emulator/tokens/revoke", post(admin::revoke_tokens))
        .route("/__emulator/reset", post(admin::reset))
        // Every other served operation, matched against the document's path templates.
        .fallback(dispatch::fallback)
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                405,
                "METHOD_NOT_ALLOWED",
                "Method not allowed on this route",
            )
        })
        .with_state(state)
}

/// Accepts until `shutdown` fires (or its sender is dropped), then closes the listener.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Usually EMFILE: back off instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                }
            },
        };
        tokio::spawn(serve_connection(stream, router.clone(), shutdown.clone()));
    }
    drop(listener);
}

async fn serve_connection(stream: TcpStream, router: Router, mut shutdown: watch::Receiver<bool>) {
    // Benchmarks send many small requests; Nagle would add latency to each.
    let _ = stream.set_nodelay(true);
    let control = ConnectionControl::default();
    let dropped = control.0.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(control.clone());
        let mut router = router.clone();
        async move { router.call(req).await }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        // Returning drops the connection and its socket: the client sees a reset/EOF, no response.
        _ = dropped.notified() => {}
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(1), conn.as_mut()).await;
        }
    }
}
