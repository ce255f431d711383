"""Runs `typing_usage.py`, the file `mypy --strict` checks, so stubs and runtime agree."""

import typing_usage


def test_typing_usage_runs() -> None:
    typing_usage.main()
