# The two commands of README.md: `make demo` runs the main job, `make test` runs every test suite.
SHELL := /bin/bash
.DEFAULT_GOAL := test
.PHONY: demo test test-rust test-python test-node lint dist test-dist

demo:
	cargo run --quiet -p candescent --example list_accounts -- --emulator
	@if [ -x bindings-python/scripts/demo.sh ]; then bindings-python/scripts/demo.sh; fi
	@if [ -x bindings-node/scripts/demo.sh ]; then bindings-node/scripts/demo.sh; fi

test: test-rust test-python test-node test-readme test-dist

test-rust:
	cargo test --workspace --exclude candescent-python --exclude candescent-node

test-python:
	@if [ -x bindings-python/scripts/test.sh ]; then bindings-python/scripts/test.sh; else echo "no Python package yet"; fi

test-node:
	@if [ -x bindings-node/scripts/test.sh ]; then bindings-node/scripts/test.sh; else echo "no Node package yet"; fi

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

.PHONY: test-readme bench

# Every code block of every README.md, against the emulator; needs the Python and Node
# packages that test-python and test-node build.
test-readme:
	tests/readme/run.py

# Side-by-side benchmark of the SDK against plain HTTP clients in each language; not in CI.
bench:
	bench/run.sh

# Release artifacts into dist/: the Python wheel and sdist, the npm main and platform tarballs.
dist:
	scripts/dist.sh

# Installs dist/ without Rust (Python 3.9, 3.11, 3.13; Node) and runs the quickstarts.
test-dist:
	scripts/test-dist.sh
