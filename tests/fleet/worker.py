"""One Python process of the fleet test: a client configured from the CANDESCENT_* variables
that run.py sets. See run.py for the protocol on stdin and stdout."""

from __future__ import annotations

import asyncio
import json
import sys
import time

import candescent

USER = "1234567890"


async def burst(client: candescent.AsyncClient, calls: int) -> dict[str, object]:
    results = await asyncio.gather(
        *(client.accounts.list(host_user_id=USER) for _ in range(calls)),
        return_exceptions=True,
    )
    errors = [
        f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)
    ]
    return {
        "ok": len(results) - len(errors),
        "failed": len(errors),
        "errors": errors[:3],
    }


async def flood(client: candescent.AsyncClient, seconds: float) -> dict[str, object]:
    end = time.monotonic() + seconds
    counts = {"ok": 0, "failed": 0}
    errors: list[str] = []

    async def loop() -> None:
        while time.monotonic() < end:
            try:
                await client.accounts.list(host_user_id=USER)
                counts["ok"] += 1
            except candescent.CandescentError as e:
                counts["failed"] += 1
                errors.append(f"{type(e).__name__}: {e}")

    await asyncio.gather(*(loop() for _ in range(20)))
    return {**counts, "errors": errors[:3]}


async def main() -> None:
    mode = sys.argv[1]
    client = candescent.AsyncClient()
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.split()
        if command[0] == "burst":
            report = await burst(client, int(command[1]))
        elif command[0] == "flood":
            report = await flood(client, float(command[1]))
        else:
            break
        print(json.dumps(report), flush=True)
    await client.close()
    del mode


asyncio.run(main())
