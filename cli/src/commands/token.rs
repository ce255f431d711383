//! `candescent token`: do these credentials get a token, with which scopes, until when.

use std::io::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::Context;
use crate::{
    args::{Format, TokenArgs},
    exit::Failure,
    output::{csv, table},
};

/// Gets (or reads from the token cache) a token and describes it.
pub async fn run(ctx: &mut Context, args: &TokenArgs) -> Result<(), Failure> {
    let info = ctx.client.token_info().await.map_err(|e| ctx.fail(e))?;
    let expires_at =
        DateTime::<Utc>::from(info.expires_at()).to_rfc3339_opts(SecondsFormat::Secs, true);
    let expires_in = info.expires_in().as_secs();
    let requested = info.requested_scopes();
    let shown = TokenJson {
        token_type: "Bearer",
        scopes: info.scopes(),
        requested_scopes: requested,
        expires_at: &expires_at,
        expires_in,
        institution_id: ctx.client.institution_id(),
        base_url: ctx.client.base_url(),
        access_token: args.show_token.then(|| info.access_token().expose()),
    };
    let out = &mut ctx.out;
    match out.format {
        Format::Json => out.json(&shown),
        Format::Csv => {
            let mut header = vec![
                "token_type",
                "scopes",
                "requested_scopes",
                "expires_at",
                "expires_in",
                "institution_id",
                "base_url",
            ];
            let mut row = vec![
                shown.token_type.to_owned(),
                shown.scopes.map(|s| s.join(" ")).unwrap_or_default(),
                requested.join(" "),
                expires_at.clone(),
                expires_in.to_string(),
                shown.institution_id.to_owned(),
                shown.base_url.to_owned(),
            ];
            if let Some(token) = shown.access_token {
                header.push("access_token");
                row.push(token.to_owned());
            }
            let w = out.writer();
            csv::record(&mut *w, header).and_then(|_| csv::record(w, row))
        }
        Format::Table => {
            let scopes = match info.scopes() {
                Some(granted) => granted.join(", "),
                None if requested.is_empty() => {
                    "not listed by the server; none requested, so all the application is allowed"
                        .to_owned()
                }
                None => format!(
                    "not listed by the server (requested: {})",
                    requested.join(", ")
                ),
            };
            let mut rows = vec![
                vec!["token".to_owned(), "valid (Bearer)".to_owned()],
                vec!["scopes".to_owned(), scopes],
                vec!["expires at".to_owned(), expires_at],
                vec!["expires in".to_owned(), duration(expires_in)],
                vec![
                    "institution".to_owned(),
                    ctx.client.institution_id().to_owned(),
                ],
                vec!["base URL".to_owned(), ctx.client.base_url().to_owned()],
            ];
            if args.show_token {
                rows.push(vec![
                    "access token".to_owned(),
                    info.access_token().expose().to_owned(),
                ]);
            }
            let columns = [table::Column::left("FIELD"), table::Column::left("VALUE")];
            let w = out.writer();
            table::write(&mut *w, &columns, &rows).and_then(|_| w.flush())
        }
    }
    .map_err(Failure::io)
}

/// The token as JSON, named as the token endpoint names its fields.
#[derive(Serialize)]
struct TokenJson<'a> {
    token_type: &'a str,
    /// Granted scopes; `null` when the server does not list them.
    scopes: Option<&'a [String]>,
    requested_scopes: &'a [String],
    expires_at: &'a str,
    expires_in: u64,
    institution_id: &'a str,
    base_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    access_token: Option<&'a str>,
}

/// `59m 59s`, `23h 59m`, `29d 23h`.
fn duration(seconds: u64) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {s}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}
