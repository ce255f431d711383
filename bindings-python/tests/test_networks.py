"""The networks banks run: a server with a certificate from a private CA (made here with the
``openssl`` command), an HTTP CONNECT proxy written here, and the variables that choose them."""

from __future__ import annotations

import asyncio
import pathlib
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import candescent
import pytest
from candescent.testing import Emulator

USER = "1234567890"
NETWORK_VARIABLES = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
]


@pytest.fixture(autouse=True)
def _no_network_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NETWORK_VARIABLES:
        monkeypatch.delenv(name, raising=False)


class PrivateCa:
    """A certificate authority and a server certificate for localhost and 127.0.0.1."""

    def __init__(self, folder: pathlib.Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.ca_file = folder / "ca.pem"
        self.cert_file = folder / "server.pem"
        self.key_file = folder / "server.key"
        ca_key = folder / "ca.key"
        csr = folder / "server.csr"
        ext = folder / "server.ext"
        ext.write_text(
            "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
            "basicConstraints=critical,CA:FALSE\n"
            "keyUsage=critical,digitalSignature\n"
            "extendedKeyUsage=serverAuth\n"
        )
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for command in (
            ["req", "-x509", *ec, "-keyout", ca_key, "-out", self.ca_file, "-days", "2"]
            + ["-subj", f"/CN={folder.name} test CA"]
            + ["-addext", "basicConstraints=critical,CA:TRUE"]
            + ["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["req", *ec, "-keyout", self.key_file, "-out", csr, "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", csr, "-CA", self.ca_file, "-CAkey", ca_key]
            + ["-CAcreateserial", "-out", self.cert_file, "-days", "2", "-extfile", ext],
        ):
            subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True)


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _splice(a: socket.socket, b: socket.socket) -> None:
    threading.Thread(target=_pump, args=(a, b), daemon=True).start()
    threading.Thread(target=_pump, args=(b, a), daemon=True).start()


class _Server:
    """A loopback listener handing each connection to ``handle`` on its own thread."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.listener.close()


class TlsFront(_Server):
    """Serves TLS with the CA's server certificate and forwards to the emulator."""

    def __init__(self, ca: PrivateCa, upstream_port: int) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(ca.cert_file, ca.key_file)
        self.upstream_port = upstream_port
        super().__init__()
        self.url = f"https://localhost:{self.port}"

    def handle(self, conn: socket.socket) -> None:
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            conn.close()  # the client refused the certificate
            return
        _splice(tls, socket.create_connection(("127.0.0.1", self.upstream_port)))


class ConnectProxy(_Server):
    """An HTTP proxy that opens CONNECT tunnels and records each request's head."""

    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.seen: list[str] = []
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"

    def handle(self, conn: socket.socket) -> None:
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            byte = conn.recv(1)
            if not byte:
                conn.close()
                return
            head += byte
        text = head.decode("latin-1")
        self.seen.append(text)
        method, target = text.split()[:2]
        if self.refuse or method != "CONNECT":
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
            conn.close()
            return
        host, port = target.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        _splice(conn, upstream)

    def connects(self) -> list[str]:
        return [h.split("\r\n")[0] for h in self.seen if h.startswith("CONNECT ")]


@pytest.fixture(scope="module")
def net_emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> PrivateCa:
    return PrivateCa(tmp_path_factory.mktemp("bank-ca"))


@pytest.fixture(scope="module")
def front(ca: PrivateCa, net_emulator: Emulator) -> Iterator[TlsFront]:
    port = int(net_emulator.base_url.rsplit(":", 1)[1])
    server = TlsFront(ca, port)
    yield server
    server.close()


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    server = ConnectProxy()
    yield server
    server.close()


def _client(emu: Emulator, url: str, **options: Any) -> candescent.Client:
    return emu.client(base_url=url, use_env=False, max_retries=0, **options)


def _lists(client: candescent.Client) -> None:
    with client:
        assert len(client.accounts.list(host_user_id=USER)) > 0


def test_a_private_ca_is_refused_until_its_bundle_is_given(
    net_emulator: Emulator, front: TlsFront, ca: PrivateCa
) -> None:
    with _client(net_emulator, front.url, proxy="none") as client:
        with pytest.raises(candescent.ApiConnectionError) as caught:
            client.accounts.list(host_user_id=USER)
    message = str(caught.value)
    assert "certificate" in message and "not trusted" in message, message
    assert "ca_bundle" in message, message

    _lists(_client(net_emulator, front.url, proxy="none", ca_bundle=str(ca.ca_file)))
    _lists(_client(net_emulator, front.url, proxy="none", ca_bundle=ca.ca_file))  # a Path
    _lists(_client(net_emulator, front.url, proxy=False, ca_bundle=ca.ca_file, trust="bundle-only"))


def test_ssl_cert_file_is_trusted(
    net_emulator: Emulator, front: TlsFront, ca: PrivateCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca.ca_file))
    _lists(_client(net_emulator, front.url, proxy="none"))


def test_a_missing_or_empty_ca_bundle_is_a_configuration_error_naming_it(
    net_emulator: Emulator, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "corporate-ca.pem"
    with pytest.raises(candescent.ConfigurationError, match="ca_bundle .*corporate-ca.pem"):
        net_emulator.client(ca_bundle=missing)
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    with pytest.raises(candescent.ConfigurationError, match="holds no certificate"):
        net_emulator.async_client(ca_bundle=str(empty))
    with pytest.raises(candescent.ConfigurationError, match="no CA bundle"):
        net_emulator.client(trust="bundle-only")
    with pytest.raises(candescent.ConfigurationError, match="unknown trust"):
        net_emulator.client(trust="system-only")
    monkeypatch.setenv("SSL_CERT_FILE", str(missing))
    with pytest.raises(candescent.ConfigurationError, match="SSL_CERT_FILE .*corporate-ca.pem"):
        net_emulator.client()


def test_https_proxy_tunnels_and_no_proxy_bypasses(
    net_emulator: Emulator,
    front: TlsFront,
    ca: PrivateCa,
    proxy: ConnectProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    _lists(_client(net_emulator, front.url, ca_bundle=ca.ca_file))
    assert proxy.connects() and all(
        c == f"CONNECT localhost:{front.port} HTTP/1.1" for c in proxy.connects()
    ), proxy.connects()

    proxy.seen.clear()
    monkeypatch.setenv("NO_PROXY", "localhost")
    _lists(_client(net_emulator, front.url, ca_bundle=ca.ca_file))
    assert proxy.seen == []


def test_the_proxy_option_overrides_the_environment_and_hides_its_password(
    net_emulator: Emulator,
    front: TlsFront,
    ca: PrivateCa,
    proxy: ConnectProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dead = socket.create_server(("127.0.0.1", 0))
    dead_url = f"http://127.0.0.1:{dead.getsockname()[1]}"
    dead.close()
    monkeypatch.setenv("HTTPS_PROXY", dead_url)

    with_password = proxy.url.replace("http://", "http://alice:s3cret-pw@")
    client = _client(net_emulator, front.url, ca_bundle=ca.ca_file, proxy=with_password)
    assert "s3cret-pw" not in repr(client)
    _lists(client)
    assert proxy.connects()
    assert "proxy-authorization: basic" in proxy.seen[0].lower()

    _lists(_client(net_emulator, front.url, ca_bundle=ca.ca_file, proxy=False))

    with _client(net_emulator, front.url, ca_bundle=ca.ca_file) as client:
        with pytest.raises(candescent.ApiConnectionError) as caught:
            client.accounts.list(host_user_id=USER)
    assert f"the proxy {dead_url} (from HTTPS_PROXY)" in str(caught.value)

    refusing = ConnectProxy(refuse=True)
    try:
        refusing_url = refusing.url.replace("http://", "http://bob:hunter2@")
        with _client(net_emulator, front.url, ca_bundle=ca.ca_file, proxy=refusing_url) as c:
            with pytest.raises(candescent.ApiConnectionError) as caught:
                c.accounts.list(host_user_id=USER)
        message = str(caught.value)
        assert f"the proxy {refusing.url} (from proxy) refused" in message, message
        assert "hunter2" not in message and "hunter2" not in repr(caught.value)
    finally:
        refusing.close()


def test_the_async_client_takes_the_same_options(
    net_emulator: Emulator, front: TlsFront, ca: PrivateCa, proxy: ConnectProxy
) -> None:
    async def main() -> int:
        async with net_emulator.async_client(
            base_url=front.url, use_env=False, ca_bundle=ca.ca_file, proxy=proxy.url
        ) as client:
            return len(await client.accounts.list(host_user_id=USER))

    assert asyncio.run(main()) > 0
    assert proxy.connects()
