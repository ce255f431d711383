//! What each request carries on the wire, checked with a bare HTTP server that records
//! requests: headers, the token form, and that redirects are not followed.

use std::sync::{Arc, Mutex};

use candescent::{Client, ErrorKind, ListAccounts};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// One recorded request: the request line, lower-cased header names with their values, the body.
#[derive(Debug, Clone)]
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Answers the token endpoint with a token and everything else with a redirect.
async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut reader = BufReader::new(read);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let mut headers = Vec::new();
                    loop {
                        let mut h = String::new();
                        reader.read_line(&mut h).await.unwrap();
                        let h = h.trim_end();
                        if h.is_empty() {
                            break;
                        }
                        let (name, value) = h.split_once(':').unwrap();
                        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
                    }
                    let length = headers
                        .iter()
                        .find(|(n, _)| n == "content-length")
                        .map_or(0, |(_, v)| v.parse().unwrap());
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).await.unwrap();
                    let is_token = line.contains("/oauth2/v1/token");
                    record.lock().unwrap().push(Seen {
                        line: line.trim_end().to_owned(),
                        headers,
                        body: String::from_utf8(body).unwrap(),
                    });
                    let answer = if is_token {
                        let json =
                            r#"{"access_token":"tok-1","expires_in":"3600","token_type":"Bearer"}"#;
                        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}", json.len())
                    } else {
                        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\n\r\n".to_owned()
                    };
                    write.write_all(answer.as_bytes()).await.unwrap();
                }
            });
        }
    });
    (url, seen)
}

#[tokio::test]
async fn headers_token_form_and_no_redirects() {
    let (url, seen) = server().await;
    let client = Client::builder()
        .use_env(false)
        .base_url(&url)
        .client_id("id")
        .client_secret("secret")
        .institution_id("00016")
        .scopes(["accounts:read", "transactions:read"])
        .build()
        .unwrap();
    let error = client
        .accounts()
        .list(&ListAccounts::host_user_id("1234567890").filter("nickName eq 'Café'"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");
    assert_eq!(error.status(), Some(302));

    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen.len(),
        2,
        "one token request, one GET, and the redirect not followed: {seen:#?}"
    );
    let (token, get) = (&seen[0], &seen[1]);

    assert_eq!(token.line, "POST /oauth2/v1/token HTTP/1.1");
    assert_eq!(token.header("authorization"), Some("Basic aWQ6c2VjcmV0"));
    assert_eq!(
        token.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        token.body,
        "grant_type=client_credentials&scopes=accounts%3Aread%2Ctransactions%3Aread"
    );

    assert_eq!(
        get.line,
        "GET /v1/accounts?hostUserId=1234567890&$filter=nickName%20eq%20%27Caf%C3%A9%27 HTTP/1.1"
    );
    assert_eq!(get.header("authorization"), Some("Bearer tok-1"));
    for request in [token, get] {
        assert_eq!(request.header("accept"), Some("application/json"));
        assert_eq!(request.header("institutionid"), Some("00016"));
        assert_eq!(
            request.header("user-agent"),
            Some(concat!("candescent-rust/", env!("CARGO_PKG_VERSION")))
        );
        let id = request.header("transactionid").expect("a transactionId");
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    }
    assert_ne!(token.header("transactionid"), get.header("transactionid"));
    assert_eq!(error.transaction_id(), get.header("transactionid"));
}

#[tokio::test]
async fn credentials_can_travel_in_the_form_body() {
    let (url, seen) = server().await;
    let client = Client::builder()
        .use_env(false)
        .base_url(&url)
        .client_id("id")
        .client_secret("s&cret")
        .institution_id("00016")
        .credentials_in_body(true)
        .build()
        .unwrap();
    client.access_token().await.unwrap();
    let token = seen.lock().unwrap()[0].clone();
    assert_eq!(
        token.body,
        "grant_type=client_credentials&client_id=id&client_secret=s%26cret"
    );
}
