"""List the example user's accounts as a small table.

With CANDESCENT_CLIENT_ID (and the other CANDESCENT_* variables) set, this talks to the real API;
otherwise it starts the emulator embedded in the package and talks to that.

    python examples/quickstart.py
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

import candescent
from candescent.testing import Emulator

HOST_USER_ID = "1234567890"


@contextlib.contextmanager
def open_client() -> Iterator[tuple[candescent.Client, str]]:
    if os.environ.get("CANDESCENT_CLIENT_ID"):
        with candescent.Client() as client:
            yield client, "the Candescent API (from CANDESCENT_* variables)"
    else:
        with Emulator() as emu, emu.client() as client:
            yield client, f"the embedded emulator at {emu.base_url}"


def main() -> int:
    try:
        with open_client() as (client, where):
            accounts = client.accounts.list(host_user_id=HOST_USER_ID)
            print(f"{len(accounts)} accounts of user {HOST_USER_ID} from {where}\n")
            print(f"{'account':<10} {'category':<20} {'type':<18} {'available':>22}  name")
            for account in accounts:
                balance = account.available_balance or account.current_balance
                amount = f"{balance.amount:,} {balance.currency_code or ''}" if balance else "-"
                number = "…" + account.account_number[-4:]
                print(
                    f"{number:<10} {account.category:<20} {account.account_type.value:<18} "
                    f"{amount:>22}  {account.nick_name or account.description or ''}"
                )
    except candescent.CandescentError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
