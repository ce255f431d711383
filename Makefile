# The two commands of README.md: `make demo` runs the main job, `make test` runs every test suite.
SHELL := /bin/bash
.DEFAULT_GOAL := test
.PHONY: demo test test-rust test-python test-node test-fleet lint dist test-dist soak fuzz \
	generate check-generated extract check-extract postman check-postman

demo:
	cargo run --quiet -p candescent --example list_accounts -- --emulator
	@if [ -x bindings-python/scripts/demo.sh ]; then bindings-python/scripts/demo.sh; fi
	@if [ -x bindings-node/scripts/demo.sh ]; then bindings-node/scripts/demo.sh; fi
	cli/scripts/demo.sh

test: check-generated test-rust test-python test-node test-fleet test-readme test-dist

# Every generated file (the operation table, the typed surfaces, the suites of the cases, the
# documentation tables) from the facts extract and codegen/overrides.toml.
generate:
	python3 codegen/generate.py
	python3 codegen/schemas.py

# Fails when a generated file differs from a fresh generation, or an extract from the official
# document (checked only where that document is on the machine).
check-generated: check-extract check-postman
	python3 codegen/generate.py --check
	python3 codegen/schemas.py --check

OFFICIAL ?= ../shared/official

# The facts-only extract of the official API document (codegen/api/), from $(OFFICIAL).
extract:
	python3 codegen/extract.py $(OFFICIAL)

check-extract:
	@if [ ! -d $(OFFICIAL) ]; then echo "check-extract: no $(OFFICIAL), skipped"; exit 0; fi; \
	tmp=$$(mktemp) && trap 'rm -f "$$tmp"' EXIT && \
	python3 codegen/extract.py $(OFFICIAL) "$$tmp" >/dev/null && \
	{ cmp -s "$$tmp" codegen/api/candescent-di-api.facts.json || \
	  { echo "codegen/api/candescent-di-api.facts.json is stale: run make extract" >&2; exit 1; }; }

# The requests of the official Postman collections (emulator/tests/postman/), facts only.
postman:
	python3 codegen/postman.py $(OFFICIAL)/postman-collections

check-postman:
	@if [ ! -d $(OFFICIAL)/postman-collections ]; then echo "check-postman: no $(OFFICIAL), skipped"; exit 0; fi; \
	tmp=$$(mktemp) && trap 'rm -f "$$tmp"' EXIT && \
	python3 codegen/postman.py $(OFFICIAL)/postman-collections "$$tmp" >/dev/null && \
	{ cmp -s "$$tmp" emulator/tests/postman/requests.json || \
	  { echo "emulator/tests/postman/requests.json is stale: run make postman" >&2; exit 1; }; }

test-rust:
	cargo test --workspace --exclude candescent-python --exclude candescent-node
	cli/scripts/test-install.sh

test-python:
	@if [ -x bindings-python/scripts/test.sh ]; then bindings-python/scripts/test.sh; else echo "no Python package yet"; fi

test-node:
	@if [ -x bindings-node/scripts/test.sh ]; then bindings-node/scripts/test.sh; else echo "no Node package yet"; fi

# Python and Node processes sharing one token and one rate limit through a real redis-server;
# needs the packages that test-python and test-node build.
test-fleet:
	target/py-venv/bin/python tests/fleet/run.py

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

# Long forms of the reliability suites (make test runs their short forms): 100,000 calls per
# language at about 10 % injected faults with memory sampled at each 10,000, and a million
# property-test cases for every decoder of server bytes.
SOAK_CALLS ?= 100000
soak:
	SOAK_CALLS=$(SOAK_CALLS) cargo test --release -p candescent --test soak -- --nocapture
	@if [ ! -x target/py-venv/bin/python ]; then bindings-python/scripts/test.sh; fi
	target/py-venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./bindings-python
	SOAK_CALLS=$(SOAK_CALLS) target/py-venv/bin/python -m pytest bindings-python/tests/test_soak.py -q -s -p no:cacheprovider -p no:logging
	cd bindings-node && (test -d node_modules || npm ci --no-audit --no-fund) && npm run build && SOAK_CALLS=$(SOAK_CALLS) node --expose-gc test/soak.test.mjs

FUZZ_CASES ?= 1000000
fuzz:
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --release -p candescent --lib fuzz
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --release -p candescent-emulator --lib fuzz
