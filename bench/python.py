"""The Python package against its peers, on the emulator at BENCH_BASE_URL.

- sync, one call at a time: candescent.Client against requests (hand-cached token) and
  httpx + Authlib (the token managed by Authlib, as most code does it);
- asyncio, 64 calls in flight: candescent.AsyncClient against aiohttp (hand-cached token)
  and httpx + Authlib;
- one 5,000-account answer fetched and decoded: candescent models against httpx +
  ``json.loads`` into plain dicts;
- ``import candescent`` (every model and namespace of the API) against ``import httpx``.

Prints one ``RESULT {json}`` line per comparison. Run by bench/run.sh (``make bench``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import candescent
import httpx
import requests
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuth2Client

BASE = os.environ["BENCH_BASE_URL"]
CLIENT_ID = os.environ.get("BENCH_CLIENT_ID", "candescent-emulator")
CLIENT_SECRET = os.environ.get("BENCH_CLIENT_SECRET", "emulator-secret")
INSTITUTION = os.environ.get("BENCH_INSTITUTION_ID", "00016")
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
IN_FLIGHT = 64
USER = "1234567890"
TOKEN_URL = f"{BASE}/oauth2/v1/token"
ACCOUNTS_URL = f"{BASE}/v1/accounts"


def result(case: str, peer: str, ours: float, theirs: float, kind: str) -> None:
    line = {"language": "Python", "case": case, "peer": peer, "ours": ours, "peer_value": theirs}
    print("RESULT " + json.dumps({**line, "kind": kind}), flush=True)


def headers(token: str | None = None) -> dict[str, str]:
    h = {"transactionId": str(uuid.uuid4()), "institutionId": INSTITUTION}
    if token:
        h["Authorization"] = f"Bearer {token}"
    return h


def hand_token() -> str:
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    answer = requests.post(
        TOKEN_URL,
        headers={**headers(), "Authorization": f"Basic {basic}"},
        data={"grant_type": "client_credentials"},
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def sync_rate(call: Callable[[], Any]) -> float:
    call()
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        call()
        done += 1
    return done / (time.perf_counter() - started)


async def async_rate(call: Callable[[], Awaitable[Any]]) -> float:
    await asyncio.gather(*(call() for _ in range(IN_FLIGHT)))
    done, started = 0, time.perf_counter()

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() - started < SECONDS:
            await call()
            done += 1

    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
    return done / (time.perf_counter() - started)


def best_seconds(rounds: int, call: Callable[[], Any]) -> float:
    call()
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def authlib_sync() -> OAuth2Client:
    session = OAuth2Client(CLIENT_ID, CLIENT_SECRET, token_endpoint=TOKEN_URL)
    session.fetch_token(TOKEN_URL, grant_type="client_credentials", headers=headers())
    return session


def sync_part(token: str) -> None:
    client = candescent.Client(
        base_url=BASE,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        institution_id=INSTITUTION,
        use_env=False,
    )
    ours = sync_rate(lambda: client.accounts.list(host_user_id=USER))

    session = requests.Session()

    def with_requests() -> Any:
        r = session.get(ACCOUNTS_URL, params={"hostUserId": USER}, headers=headers(token))
        r.raise_for_status()
        return json.loads(r.content)

    result("sync", "requests, hand-cached token", ours, sync_rate(with_requests), "throughput")

    authlib = authlib_sync()

    def with_authlib() -> Any:
        r = authlib.get(ACCOUNTS_URL, params={"hostUserId": USER}, headers=headers())
        r.raise_for_status()
        return r.json()

    result("sync", "httpx + Authlib", ours, sync_rate(with_authlib), "throughput")

    plain = httpx.Client()

    def plain_5000() -> Any:
        r = plain.get(ACCOUNTS_URL, params={"hostUserId": "gen-5000"}, headers=headers(token))
        r.raise_for_status()
        body = json.loads(r.content)
        assert len(body["accounts"]) == 5000
        return body

    def sdk_5000() -> Any:
        accounts = client.accounts.list(host_user_id="gen-5000")
        assert len(accounts) == 5000
        return accounts

    result(
        "fetch and decode 5,000 accounts",
        "httpx + json.loads",
        best_seconds(10, sdk_5000) * 1000,
        best_seconds(10, plain_5000) * 1000,
        "time",
    )
    client.close()


async def async_part(token: str) -> None:
    client = candescent.AsyncClient(
        base_url=BASE,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        institution_id=INSTITUTION,
        use_env=False,
    )
    ours = await async_rate(lambda: client.accounts.list(host_user_id=USER))

    connector = aiohttp.TCPConnector(limit=IN_FLIGHT)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def with_aiohttp() -> Any:
            async with session.get(
                ACCOUNTS_URL, params={"hostUserId": USER}, headers=headers(token)
            ) as r:
                r.raise_for_status()
                return json.loads(await r.read())

        peer = await async_rate(with_aiohttp)
    result("asyncio, 64 in flight", "aiohttp, hand-cached token", ours, peer, "throughput")

    limits = httpx.Limits(max_connections=IN_FLIGHT)
    async with AsyncOAuth2Client(
        CLIENT_ID, CLIENT_SECRET, token_endpoint=TOKEN_URL, limits=limits
    ) as authlib:
        await authlib.fetch_token(TOKEN_URL, grant_type="client_credentials", headers=headers())

        async def with_authlib() -> Any:
            r = await authlib.get(ACCOUNTS_URL, params={"hostUserId": USER}, headers=headers())
            r.raise_for_status()
            return r.json()

        peer = await async_rate(with_authlib)
    result("asyncio, 64 in flight", "httpx + Authlib", ours, peer, "throughput")
    await client.close()


def import_ms(module: str) -> float:
    """The best of five fresh interpreters' time to import ``module``, in milliseconds."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(5)
    )
    return min(float(r.stdout) for r in runs) * 1000


def main() -> None:
    result("import", "import httpx", import_ms("candescent"), import_ms("httpx"), "time")
    token = hand_token()
    sync_part(token)
    asyncio.run(async_part(token))


if __name__ == "__main__":
    main()
