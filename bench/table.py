"""Prints the results of bench/run.sh side by side, as ratios against each peer.

Throughput: ours / peer calls per second (above 1.0x, the SDK is faster).
Time: ours / peer milliseconds (below 1.0x, the SDK is faster).
"""

from __future__ import annotations

import json
import sys

# Targets of the issue that asked for the benchmark: (language, case, peer prefix) -> (op, ratio).
TARGETS = {
    ("Node", "64 in flight", "fetch"): (">=", 2.0),
    ("Node", "fetch and decode 5,000 accounts", "fetch"): ("<=", 1.0),
    ("Python", "asyncio, 64 in flight", "aiohttp"): (">=", 2.0),
    ("Python", "sync", "requests"): (">=", 5.0),
    ("Python", "sync", "httpx"): (">=", 5.0),
    ("Python", "fetch and decode 5,000 accounts", "httpx"): ("<=", 0.5),
    ("Rust", "64 in flight", "reqwest"): (">=", 1.0),
    ("Rust", "shared token cache, 64 in flight", "in-memory"): (">=", 0.98),
    ("Rust", "typed read of a generated operation, per call", "accounts.get"): ("<=", 1.1),
}
# Budgets in the SDK's own time, whatever the peer's: (language, case) -> milliseconds.
CEILINGS_MS = {
    ("Python", "import"): 50.0,
}


def target(row: dict[str, object]) -> tuple[str, float] | None:
    for (language, case, peer), goal in TARGETS.items():
        if (
            row["language"] == language
            and row["case"] == case
            and str(row["peer"]).startswith(peer)
        ):
            return goal
    return None


def main(path: str) -> None:
    with open(path) as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    print()
    print(
        f"{'language':<9} {'case':<33} {'against':<28} {'ratio':>7}  {'ours':>11} {'peer':>11}  target"
    )
    for row in rows:
        ours, peer, kind = float(row["ours"]), float(row["peer_value"]), row["kind"]
        if kind == "ceiling":
            print(
                f"{row['language']:<9} {row['case']:<33} {row['peer']:<28} {'':>7}  {ours:>9.0f}/s"
            )
            continue
        ratio = ours / peer
        unit = "/s" if kind == "throughput" else "ms"
        goal = target(row)
        verdict = ""
        if goal:
            op, value = goal
            met = ratio >= value if op == ">=" else ratio <= value
            verdict = f"{op} {value:.1f}x {'met' if met else 'NOT met'}"
        ceiling = CEILINGS_MS.get((str(row["language"]), str(row["case"])))
        if ceiling is not None:
            verdict = f"< {ceiling:.0f} ms {'met' if ours < ceiling else 'NOT met'}"
        print(
            f"{row['language']:<9} {row['case']:<33} {row['peer']:<28} {ratio:>6.2f}x"
            f"  {ours:>9.1f}{unit} {peer:>9.1f}{unit}  {verdict}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
