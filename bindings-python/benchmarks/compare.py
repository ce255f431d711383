"""How long listing accounts takes with candescent versus a hand-written `requests` client.

Both talk to the same embedded emulator, fetch one token, reuse one connection pool and decode
money exactly (``json.loads(..., parse_float=Decimal)`` for requests). Run:

    pip install ./bindings-python requests
    python bindings-python/benchmarks/compare.py [calls]
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, Callable

import requests
from candescent.testing import Emulator

USER = "gen-50"  # 50 accounts per answer: decoding matters, as with real customers


def with_requests(emu: Emulator) -> Callable[[], int]:
    session = requests.Session()
    answer = session.post(
        f"{emu.base_url}/oauth2/v1/token",
        auth=(emu.client_id, emu.client_secret),
        headers={"transactionId": str(uuid.uuid4()), "institutionId": emu.institution_id},
        data={"grant_type": "client_credentials"},
    )
    token = answer.json()["access_token"]

    def call() -> int:
        response = session.get(
            f"{emu.base_url}/v1/accounts",
            params={"hostUserId": USER},
            headers={
                "Authorization": f"Bearer {token}",
                "transactionId": str(uuid.uuid4()),
                "Accept": "application/json",
            },
        )
        response.raise_for_status()
        body: Any = json.loads(response.content, parse_float=Decimal)
        return len(body["accounts"])

    return call


def with_candescent(emu: Emulator) -> Callable[[], int]:
    client = emu.client()
    return lambda: len(client.accounts.list(host_user_id=USER))


def measure(name: str, call: Callable[[], int], calls: int, threads: int) -> None:
    call()  # warm: token, connection
    started = time.perf_counter()
    if threads == 1:
        for _ in range(calls):
            call()
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda _: call(), range(calls)))
    elapsed = time.perf_counter() - started
    print(f"{name:<11} {threads:>2} thread(s): {calls / elapsed:8.0f} calls/s ({elapsed:.2f} s)")


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with Emulator() as emu:
        for threads in (1, 8):
            measure("requests", with_requests(emu), calls, threads)
            measure("candescent", with_candescent(emu), calls, threads)


if __name__ == "__main__":
    main()
