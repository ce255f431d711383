//! The network a client goes through: the proxy it uses and the certificate authorities it
//! trusts, decided once at build time so that the behaviour never depends on which request
//! comes first, and every mistake is a configuration error before any traffic.

use std::{
    fmt,
    net::IpAddr,
    path::Path,
    str::FromStr,
    sync::{Arc, Mutex},
};

use rustls::{
    pki_types::{pem::PemObject, CertificateDer},
    RootCertStore,
};
use url::{Host, Url};

use crate::{Error, Result, SecretString};

/// Which certificate authorities a client trusts.
///
/// ```
/// use candescent::Trust;
/// assert_eq!("bundle-only".parse::<Trust>().unwrap(), Trust::BundleOnly);
/// assert_eq!(Trust::default().as_str(), "default");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Trust {
    /// The built-in web roots (Mozilla's list), the operating system's store (or
    /// `SSL_CERT_FILE`/`SSL_CERT_DIR` in its place), and the `ca_bundle` if one is given.
    #[default]
    Default,
    /// Only the certificates of the `ca_bundle`: nothing built in, nothing from the system.
    BundleOnly,
}

impl Trust {
    /// The name accepted by [`FromStr`] and the bindings' `trust` option.
    pub fn as_str(self) -> &'static str {
        match self {
            Trust::Default => "default",
            Trust::BundleOnly => "bundle-only",
        }
    }
}

impl FromStr for Trust {
    type Err = Error;

    fn from_str(s: &str) -> Result<Trust> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "default" => Ok(Trust::Default),
            "bundle-only" => Ok(Trust::BundleOnly),
            _ => Err(Error::configuration(format!(
                "unknown trust {s:?}: use \"default\" (built-in roots, the system's store and \
                 the CA bundle) or \"bundle-only\" (only the CA bundle)"
            ))),
        }
    }
}

impl fmt::Display for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The proxy a client's requests go through. The URL can carry a user and password, so it
/// is kept as a secret; `shown` is what messages and `Debug` say instead.
#[derive(Clone)]
pub(crate) struct ProxyRoute {
    pub(crate) url: SecretString,
    /// `scheme://host:port`, never the credentials.
    pub(crate) shown: String,
    /// Where the proxy came from, as the caller spells it: `proxy`, `HTTPS_PROXY`, ...
    pub(crate) source: String,
}

impl fmt::Debug for ProxyRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (from {})", self.shown, self.source)
    }
}

/// Reads a proxy setting: `none` or empty turns proxies off; anything else is an
/// `http://` or `https://` URL (a bare `host:port` means `http://`). `name` is the option or
/// variable as the caller spells it; messages never repeat the text (it can hold a password).
pub(crate) fn parse_proxy(text: &str, name: &str) -> Result<Option<ProxyRoute>> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let with_scheme;
    let text = if text.contains("://") {
        text
    } else {
        with_scheme = format!("http://{text}");
        &with_scheme
    };
    let invalid = || {
        Error::configuration(format!(
            "{name} is not a valid proxy URL: use http://[user:password@]host:port, or \"none\" \
             for no proxy"
        ))
    };
    let url = Url::parse(text).map_err(|_| invalid())?;
    let host = match url.host() {
        Some(Host::Domain(d)) if !d.is_empty() => d.to_owned(),
        Some(Host::Ipv4(ip)) => ip.to_string(),
        Some(Host::Ipv6(ip)) => format!("[{ip}]"),
        _ => return Err(invalid()),
    };
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(Error::configuration(format!(
                "{name} uses the scheme {other:?}: only http:// and https:// proxies are \
                 supported (set the client's proxy to \"none\" to ignore it)"
            )))
        }
    }
    let port = url.port_or_known_default().unwrap_or(80);
    Ok(Some(ProxyRoute {
        shown: format!("{}://{host}:{port}", url.scheme()),
        url: SecretString::new(text),
        source: name.to_owned(),
    }))
}

/// The proxy for requests to `target` from the standard variables, as curl and most HTTP
/// libraries read them: `HTTPS_PROXY` for https targets, `HTTP_PROXY` for http ones (not
/// in a CGI script, where a request header can set it), `ALL_PROXY` for either; upper case
/// before lower case; none when `NO_PROXY` names the host.
pub(crate) fn proxy_from_env(
    target: &Url,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Option<ProxyRoute>> {
    let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let cgi = var("REQUEST_METHOD").is_some();
    let names: &[&str] = if target.scheme() == "https" {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else if cgi {
        &["http_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
    };
    let Some((name, value)) = names
        .iter()
        .find_map(|name| var(name).map(|value| (*name, value)))
    else {
        return Ok(None);
    };
    let no_proxy = var("NO_PROXY").or_else(|| var("no_proxy"));
    if let (Some(list), Some(host)) = (no_proxy, target.host()) {
        if no_proxy_matches(&list, &host) {
            return Ok(None);
        }
    }
    parse_proxy(&value, name)
}

/// Whether a `NO_PROXY` list names `host`: `*`, an IP address, a network (`10.0.0.0/8`), or
/// a domain, which matches itself and its subdomains (`example.com` and `.example.com` both
/// match `api.example.com`). A `:port` after an entry is ignored.
pub(crate) fn no_proxy_matches(list: &str, host: &Host<&str>) -> bool {
    let ip = match host {
        Host::Ipv4(ip) => Some(IpAddr::V4(*ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(*ip)),
        Host::Domain(_) => None,
    };
    list.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            let entry = entry.trim_start_matches('[');
            let entry = entry.split(']').next().unwrap_or(entry);
            if let Some(ip) = ip {
                if let Some((net, bits)) = entry.split_once('/') {
                    return match (net.parse::<IpAddr>(), bits.parse::<u8>()) {
                        (Ok(net), Ok(bits)) => in_network(ip, net, bits),
                        _ => false,
                    };
                }
                let entry = match entry.parse::<IpAddr>() {
                    Ok(addr) => return addr == ip,
                    // `127.0.0.1:8080`: the address without its port.
                    Err(_) => entry.rsplit_once(':').map_or(entry, |(a, _)| a),
                };
                return entry.parse::<IpAddr>() == Ok(ip);
            }
            let Host::Domain(domain) = host else {
                return false;
            };
            let entry = entry.trim_start_matches("*.").trim_start_matches('.');
            let entry = entry.split(':').next().unwrap_or(entry);
            let domain = domain.trim_end_matches('.');
            domain.eq_ignore_ascii_case(entry)
                || (domain.len() > entry.len()
                    && domain.as_bytes()[domain.len() - entry.len() - 1] == b'.'
                    && domain[domain.len() - entry.len()..].eq_ignore_ascii_case(entry))
        })
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// The certificate authorities a client trusts, given its trust mode and CA bundle.
/// `bundle_name` is the option or variable the bundle came from, for messages.
pub(crate) fn root_store(
    trust: Trust,
    bundle: Option<(&Path, &str)>,
    trust_name: &str,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Arc<RootCertStore>> {
    let mut store = match (trust, bundle) {
        (Trust::BundleOnly, None) => {
            return Err(Error::configuration(format!(
                "{trust_name} is \"bundle-only\" but no CA bundle is given: pass the PEM file \
                 of the certificate authorities to trust"
            )))
        }
        (Trust::BundleOnly, Some(_)) => RootCertStore::empty(),
        (Trust::Default, None) => return base_store(&var),
        (Trust::Default, Some(_)) => (*base_store(&var)?).clone(),
    };
    if let Some((path, name)) = bundle {
        for cert in read_bundle(path, name)? {
            store.add(cert).map_err(|e| {
                Error::configuration(format!(
                    "{name} {}: a certificate in it is not usable as a certificate \
                     authority: {e}",
                    shown(path)
                ))
            })?;
        }
    }
    Ok(Arc::new(store))
}

/// Checks a CA bundle named by a variable, so that its mistakes name the variable.
pub(crate) fn check_bundle(path: &Path, name: &str) -> Result<()> {
    read_bundle(path, name).map(drop)
}

/// The PEM certificates of a file; a file that cannot be read or holds none is a mistake.
fn read_bundle(path: &Path, name: &str) -> Result<Vec<CertificateDer<'static>>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::configuration(format!(
            "{name} {}: cannot read the CA bundle: {}",
            shown(path),
            io_reason(&e)
        ))
    })?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|_| {
            Error::configuration(format!(
                "{name} {}: the CA bundle is not valid PEM",
                shown(path)
            ))
        })?;
    if certs.is_empty() {
        return Err(Error::configuration(format!(
            "{name} {}: the CA bundle holds no certificate (expected PEM blocks \
             \"-----BEGIN CERTIFICATE-----\")",
            shown(path)
        )));
    }
    Ok(certs)
}

fn shown(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// The default roots: the built-in web roots and the operating system's store, where
/// `SSL_CERT_FILE` and `SSL_CERT_DIR` take the system store's place as they do for OpenSSL.
/// Loaded once per process (per value of those variables): reading the system store takes
/// milliseconds, and every client of the process trusts the same authorities.
fn base_store(var: &impl Fn(&str) -> Option<String>) -> Result<Arc<RootCertStore>> {
    type Key = (Option<String>, Option<String>);
    static CACHE: Mutex<Option<(Key, Arc<RootCertStore>)>> = Mutex::new(None);
    let file = var("SSL_CERT_FILE").filter(|v| !v.trim().is_empty());
    let dir = var("SSL_CERT_DIR").filter(|v| !v.trim().is_empty());
    let key = (file, dir);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((cached, store)) = cache.as_ref() {
        if *cached == key {
            return Ok(store.clone());
        }
    }
    let mut store = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(file) = &key.0 {
        for cert in read_bundle(Path::new(file), "SSL_CERT_FILE")? {
            store.add(cert).map_err(|e| {
                Error::configuration(format!(
                    "SSL_CERT_FILE {:?}: a certificate in it is not usable as a certificate \
                     authority: {e}",
                    file
                ))
            })?;
        }
    }
    if key.0.is_none() || key.1.is_some() {
        // System stores hold the odd ancient or malformed certificate: skip those, as
        // every TLS library does, rather than refuse the whole store.
        let (added, skipped) = store.add_parsable_certificates(native_certs(&key));
        tracing::debug!(added, skipped, "system certificate store loaded");
    }
    let store = Arc::new(store);
    *cache = Some((key, store.clone()));
    Ok(store)
}

/// The system store, read with the given variables (not the process's, which may differ
/// when a test hands the builder its own).
fn native_certs(key: &(Option<String>, Option<String>)) -> Vec<CertificateDer<'static>> {
    let mut certs = Vec::new();
    match key {
        (None, None) => certs = rustls_native_certs::load_native_certs().certs,
        (_, Some(dir)) => {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for entry in entries.flatten() {
                    if let Ok(bytes) = std::fs::read(entry.path()) {
                        certs.extend(CertificateDer::pem_slice_iter(&bytes).flatten());
                    }
                }
            }
        }
        (Some(_), None) => {}
    }
    certs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(text: &str) -> Host<String> {
        Url::parse(&format!("https://{text}/"))
            .unwrap()
            .host()
            .unwrap()
            .to_owned()
    }

    fn matches(list: &str, h: &str) -> bool {
        let h = host(h);
        let h = match &h {
            Host::Domain(d) => Host::Domain(d.as_str()),
            Host::Ipv4(ip) => Host::Ipv4(*ip),
            Host::Ipv6(ip) => Host::Ipv6(*ip),
        };
        no_proxy_matches(list, &h)
    }

    #[test]
    fn no_proxy_rules() {
        assert!(matches("*", "api.candescent.com"));
        assert!(matches("candescent.com", "api.candescent.com"));
        assert!(matches(".candescent.com", "api.candescent.com"));
        assert!(matches("candescent.com", "candescent.com"));
        assert!(matches("CANDESCENT.com:443", "api.candescent.com"));
        assert!(!matches("scent.com", "api.candescent.com"));
        assert!(!matches("api.candescent.com.evil", "api.candescent.com"));
        assert!(matches("localhost, 127.0.0.1", "127.0.0.1"));
        assert!(matches("127.0.0.0/8", "127.0.0.2"));
        assert!(!matches("10.0.0.0/8", "127.0.0.2"));
        assert!(matches("[::1]", "[::1]"));
        assert!(matches("::1", "[::1]"));
        assert!(matches("127.0.0.1:9000", "127.0.0.1"));
        assert!(!matches("localhost", "127.0.0.1"));
        assert!(!matches("", "127.0.0.1"));
    }

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn proxy_variables() {
        let https = Url::parse("https://api.candescent.com/digitalbanking").unwrap();
        let http = Url::parse("http://127.0.0.1:8080").unwrap();
        let route = |url: &Url, pairs: &[(&str, &str)]| {
            proxy_from_env(url, vars(pairs))
                .unwrap()
                .map(|r| (r.shown, r.source))
        };
        let env = [
            ("HTTPS_PROXY", "http://u:pw@proxy.corp:3128"),
            ("https_proxy", "http://other:1"),
            ("HTTP_PROXY", "plain.corp:8080"),
            ("NO_PROXY", "localhost"),
        ];
        assert_eq!(
            route(&https, &env),
            Some(("http://proxy.corp:3128".into(), "HTTPS_PROXY".into()))
        );
        assert_eq!(
            route(&http, &env),
            Some(("http://plain.corp:8080".into(), "HTTP_PROXY".into()))
        );
        assert_eq!(
            route(&https, &[("all_proxy", "https://p:8443")]),
            Some(("https://p:8443".into(), "all_proxy".into()))
        );
        assert_eq!(
            route(
                &https,
                &[("HTTPS_PROXY", "p:1"), ("no_proxy", ".candescent.com")]
            ),
            None
        );
        // httpoxy: in a CGI script a request's `Proxy:` header becomes HTTP_PROXY.
        assert_eq!(
            route(
                &http,
                &[("HTTP_PROXY", "evil:1"), ("REQUEST_METHOD", "GET")]
            ),
            None
        );
        assert_eq!(route(&https, &[("HTTPS_PROXY", "  ")]), None);
        let e = proxy_from_env(&https, vars(&[("ALL_PROXY", "socks5://u:hunter2@s:1080")]))
            .unwrap_err();
        assert!(e
            .message()
            .starts_with("ALL_PROXY uses the scheme \"socks5\""));
        assert!(!e.message().contains("hunter2"));
    }

    #[test]
    fn proxy_urls() {
        assert!(parse_proxy("none", "proxy").unwrap().is_none());
        assert!(parse_proxy("", "proxy").unwrap().is_none());
        let p = parse_proxy("http://user:hunter2@[::1]:3128", "proxy")
            .unwrap()
            .unwrap();
        assert_eq!(p.shown, "http://[::1]:3128");
        assert!(!format!("{p:?}").contains("hunter2"));
        for bad in ["http://", "http://u:hunter2@", "::::", "http://a b:1"] {
            let e = parse_proxy(bad, "proxy").unwrap_err();
            assert!(!e.message().contains("hunter2"), "{}", e.message());
            assert!(
                e.message().starts_with("proxy is not a valid proxy URL"),
                "{bad}"
            );
        }
    }

    #[test]
    fn trust_names() {
        assert_eq!("Bundle_Only".parse::<Trust>().unwrap(), Trust::BundleOnly);
        assert!("system".parse::<Trust>().is_err());
    }
}
