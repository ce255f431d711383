#!/usr/bin/env bash
# `make dist`: the release artifacts this machine can build, into dist/:
#   - the Python abi3 wheel (CPython >= 3.9, manylinux_2_17, symbols stripped) and the sdist,
#     checked with check-wheel-contents, abi3audit and twine;
#   - the npm main package `candescent` and the platform package of this machine, `npm pack`ed.
# Needs Rust, Python >= 3.9 with venv and Node >= 18; installs the packaging tools into
# target/dist-tools. The npm addon is the `npm run build` of `make test-node`, reused; the wheel
# is linked by zig for glibc 2.17 in target/dist-wheel (a full build the first time only).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/dist"
tools="$root/target/dist-tools"
python="${PYTHON:-python3}"

step() { printf '\n==> %s\n' "$*"; }

step "packaging tools in $tools"
if [ ! -x "$tools/bin/python" ]; then
    "$python" -m venv "$tools"
fi
# ziglang is the linker that targets glibc 2.17 from any Linux: no manylinux container needed.
"$tools/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.9,<2" "ziglang>=0.13,<0.18" "check-wheel-contents>=0.6,<1" \
    "abi3audit>=0.0.20" "twine>=6.1,<7"
export PATH="$tools/bin:$PATH"

"$root/scripts/version.sh" check
# The packages ship these copies (a package cannot reach above its own folder).
for copy in bindings-python/LICENSE bindings-node/LICENSE; do
    cmp -s "$root/LICENSE" "$root/$copy" || { echo "$copy differs from LICENSE" >&2; exit 1; }
done
rm -rf "$dist"
mkdir -p "$dist"

step "Python wheel (abi3, manylinux2014 = manylinux_2_17) and sdist"
cd "$root/bindings-python"
# A target folder of its own: with zig as linker and C compiler, cargo would otherwise rebuild
# (and evict) the dependencies that `npm run build` and `pip install` keep in target/.
CARGO_TARGET_DIR="$root/target/dist-wheel" \
    maturin build --release --zig --compatibility manylinux2014 --out "$dist"
maturin sdist --out "$dist"

step "check the wheel and the sdist"
check-wheel-contents "$dist"/*.whl
abi3audit --strict --report "$dist"/*.whl
twine check --strict "$dist"/*.whl "$dist"/*.tar.gz
"$tools/bin/python" - "$dist" "$root/LICENSE" <<'PY'
import pathlib, subprocess, sys, tarfile, tempfile, zipfile
dist, license_text = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
(wheel,) = dist.glob("*.whl")
(sdist,) = dist.glob("*.tar.gz")
fail = []
if "-cp39-abi3-" not in wheel.name or "manylinux_2_17_x86_64" not in wheel.name:
    fail.append(f"{wheel.name}: expected a cp39-abi3 manylinux_2_17_x86_64 wheel")
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    for needed in ("candescent/py.typed", "candescent/_native.pyi", "candescent/__init__.py",
                   "candescent/__main__.py"):
        if needed not in names:
            fail.append(f"{wheel.name}: {needed} missing")
    entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    scripts = z.read(entry_points[0]).decode().replace(" ", "") if entry_points else ""
    if "candescent=candescent.__main__:main" not in scripts:
        fail.append(f"{wheel.name}: the candescent console script is missing")
    licenses = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    if not licenses or z.read(licenses[0]).decode() != license_text:
        fail.append(f"{wheel.name}: the LICENSE of the repository is missing")
    (so,) = [n for n in names if n.endswith(".so")]
    with tempfile.TemporaryDirectory() as tmp:
        path = z.extract(so, tmp)
        sections = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True, check=True)
        if ".symtab" in sections.stdout or ".debug_info" in sections.stdout:
            fail.append(f"{wheel.name}: {so} is not stripped")
with tarfile.open(sdist) as t:
    members = {m.name.split("/", 1)[1] for m in t.getmembers() if "/" in m.name}
    for needed in ("core/Cargo.toml", "core/src/lib.rs", "emulator/Cargo.toml", "emulator/src/lib.rs",
                   "emulator/fixtures/list-accounts.json", "cli/Cargo.toml", "cli/src/lib.rs",
                   "bindings-python/Cargo.toml", "Cargo.lock",
                   "python/candescent/py.typed", "pyproject.toml", "LICENSE"):
        if needed not in members:
            fail.append(f"{sdist.name}: {needed} missing")
for line in fail:
    print(f"dist check failed: {line}", file=sys.stderr)
sys.exit(1 if fail else 0)
PY
echo "wheel and sdist: contents, abi3, metadata, license, stripped symbols: ok"

step "npm packages: candescent and the platform package of this machine"
cd "$root/bindings-node"
if [ ! -d node_modules ]; then
    npm ci --no-audit --no-fund
fi
# The same release build as `npm run build` (a no-op after bindings-node/scripts/test.sh), then a
# stripped copy: the symbols only matter to a debugger.
npm run build
platform="$(node -e 'const l=require("./lib/native-loader.cjs");
  console.log(l.platformId({platform:process.platform,arch:process.arch,musl:l.detectMusl()}))')"
addon="$root/target/dist-tools/candescent.$platform.node"
strip --strip-all -o "$addon" candescent.node
node scripts/pack-dist.cjs --out "$dist" --addon "$platform=$addon"

step "artifacts in $dist"
"$root/scripts/dist-sizes.sh" "$dist"
