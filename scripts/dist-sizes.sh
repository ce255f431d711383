#!/usr/bin/env bash
# Prints the size of each artifact in DIST and of the native module inside the wheel and the
# platform tarball; with budgets (bytes, 0 = none), fails when a native module exceeds its own.
#   scripts/dist-sizes.sh DIST [BUDGET_SO BUDGET_NODE]
set -euo pipefail
dist="$1"
budget_so="${2:-0}"
budget_node="${3:-0}"
exec python3 - "$dist" "$budget_so" "$budget_node" <<'PY'
import pathlib, sys, tarfile, zipfile

dist, budget_so, budget_node = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rows, over = [], []


def mib(n):
    return f"{n / 1048576:.2f} MiB"


def native(label, name, size, budget):
    rows.append((f"  {name} (in {label})", size, budget))
    if budget and size > budget:
        over.append(f"{name}: {size} bytes, over the budget of {budget}")


for f in sorted(p for p in dist.iterdir() if p.is_file()):
    rows.append((f.name, f.stat().st_size, 0))
    if f.suffix == ".whl":
        with zipfile.ZipFile(f) as z:
            for i in z.infolist():
                if i.filename.endswith((".so", ".pyd")):
                    native("wheel", i.filename, i.file_size, budget_so)
    elif f.name.endswith(".tgz"):
        with tarfile.open(f) as t:
            for m in t.getmembers():
                if m.name.endswith(".node"):
                    native("tarball", m.name.split("/", 1)[1], m.size, budget_node)

for name, size, budget in rows:
    limit = f"  (budget {mib(budget)})" if budget else ""
    print(f"{name:<62} {size:>10} bytes  {mib(size):>10}{limit}")
for line in over:
    print(f"size budget exceeded: {line}", file=sys.stderr)
if over:
    print("if the growth is intended, raise budget_so / budget_node in scripts/test-dist.sh and the"
          " table in README.md together", file=sys.stderr)
sys.exit(1 if over else 0)
PY
