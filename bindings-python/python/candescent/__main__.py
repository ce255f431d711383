"""The ``candescent`` command line: ``python -m candescent`` and the ``candescent`` console script.

The program is the Rust one linked into the extension module, the same as the ``candescent``
binary; ``python -m candescent --help`` lists its commands.
"""

from __future__ import annotations

import signal
import sys

from ._native import run_cli


def main() -> None:
    """Runs the command line with ``sys.argv`` and exits with its code: what
    ``python -m candescent accounts list --host-user-id 1234567890`` and the ``candescent``
    console script call."""
    # Python's own SIGINT handler only sets a flag that the interpreter checks between
    # bytecodes; the command runs in Rust without coming back, so Ctrl-C would wait for it to
    # end. The default action ends the process at once, as it does for any command line.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # The command writes to the file descriptors directly: what Python buffered goes first.
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(run_cli(["candescent", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
