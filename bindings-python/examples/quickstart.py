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
def open_client() -> Iterator[candescent.Client]:
    if os.environ.get("CANDESCENT_CLIENT_ID"):
        with candescent.Client() as client:
            yield client
    else:
        with Emulator() as emu, emu.client() as client:
            print(f"Candescent emulator at {emu.base_url}")
            yield client


def main() -> int:
    try:
        with open_client() as client:
            accounts = client.accounts.list(host_user_id=HOST_USER_ID)
            print(f"{len(accounts)} accounts of host user {HOST_USER_ID}:\n")
            print(candescent.format_accounts(accounts), end="")
    except candescent.CandescentError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
