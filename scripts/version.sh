#!/usr/bin/env bash
# One version for every package: `[workspace.package] version` in Cargo.toml is the source.
#
#   scripts/version.sh get          prints it
#   scripts/version.sh check        fails, naming each file, when anything disagrees with it
#   scripts/version.sh set 0.2.0    writes the new version everywhere, then checks
#
# Followers: the crates (`version.workspace = true`) and their entries in Cargo.lock, the
# workspace's own dependency entries, pyproject.toml (dynamic: maturin reads the crate),
# bindings-node/package.json and package-lock.json, every bindings-node/npm/*/package.json, and
# the main npm package's optionalDependencies (written at pack time by pack-dist.cjs, from the
# same package.json). CHANGELOG.md must have a section for the version.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec python3 - "$root" "$@" <<'PY'
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
args = sys.argv[2:]
SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")
CRATES = ["core", "emulator", "bindings-python", "bindings-node"]
OUR_PACKAGES = ["candescent", "candescent-emulator", "candescent-python", "candescent-node"]
node = root / "bindings-node"


def read(rel):
    return (root / rel).read_text()


def workspace_section(text):
    m = re.search(r"^\[workspace\.package\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S)
    if not m:
        sys.exit("Cargo.toml: no [workspace.package] section")
    return m


def workspace_version():
    m = re.search(r'^version\s*=\s*"([^"]+)"', workspace_section(read("Cargo.toml")).group(1), re.M)
    if not m:
        sys.exit("Cargo.toml: [workspace.package] has no version")
    return m.group(1)


def workspace_dep_versions(text):
    # `candescent = { path = "core", version = "X" }` lines of [workspace.dependencies]
    return re.findall(r'^(candescent(?:-emulator)?)\s*=\s*\{[^}\n]*version\s*=\s*"([^"]+)"', text, re.M)


def lock_versions(text):
    return re.findall(r'^\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', text, re.M)


def npm_dirs():
    return sorted(p for p in (node / "npm").iterdir() if (p / "package.json").is_file())


def check():
    v = workspace_version()
    bad = []
    if not SEMVER.match(v):
        bad.append(f"Cargo.toml: {v!r} is not a semantic version")
    cargo = read("Cargo.toml")
    for name, dep in workspace_dep_versions(cargo):
        if dep != v:
            bad.append(f"Cargo.toml: [workspace.dependencies] {name} has version {dep}")
    for crate in CRATES:
        text = read(f"{crate}/Cargo.toml")
        if not re.search(r"^version\.workspace\s*=\s*true", text, re.M):
            bad.append(f"{crate}/Cargo.toml: needs `version.workspace = true`")
    for name, locked in lock_versions(read("Cargo.lock")):
        if name in OUR_PACKAGES and locked != v:
            bad.append(f"Cargo.lock: {name} is {locked} (run cargo update --workspace)")
    pyproject = read("bindings-python/pyproject.toml")
    project = re.search(r"^\[project\]\n(.*?)(?=^\[|\Z)", pyproject, re.M | re.S).group(1)
    if re.search(r"^version\s*=", project, re.M) or not re.search(
        r'^dynamic\s*=\s*\[[^\]]*"version"', project, re.M
    ):
        bad.append('bindings-python/pyproject.toml: the version must be dynamic = ["version"]')

    main = json.loads((node / "package.json").read_text())
    if main["version"] != v:
        bad.append(f"bindings-node/package.json: version {main['version']}")
    lock = json.loads((node / "package-lock.json").read_text())
    for where, found in [("version", lock.get("version")), ('packages[""].version', lock["packages"][""].get("version"))]:
        if found != v:
            bad.append(f"bindings-node/package-lock.json: {where} {found}")
    prefix = main["napi"]["packageName"] + "-"
    expected = {}
    for d in npm_dirs():
        pkg = json.loads((d / "package.json").read_text())
        expected[pkg["name"]] = v
        if pkg["name"] != prefix + d.name:
            bad.append(f"bindings-node/npm/{d.name}/package.json: name {pkg['name']}")
        if pkg["version"] != v:
            bad.append(f"bindings-node/npm/{d.name}/package.json: version {pkg['version']}")
    if len(expected) != len(main["napi"]["targets"]):
        bad.append(
            f"bindings-node/npm: {len(expected)} platform packages for "
            f"{len(main['napi']['targets'])} napi.targets"
        )
    for name, pinned in (main.get("optionalDependencies") or {}).items():
        if expected.get(name) != pinned:
            bad.append(f"bindings-node/package.json: optionalDependencies {name}@{pinned}")
    if not re.search(rf"^## \[{re.escape(v)}\]", read("CHANGELOG.md"), re.M):
        bad.append(f"CHANGELOG.md: no '## [{v}]' section")

    if bad:
        print(f"version mismatch: the workspace version is {v}", file=sys.stderr)
        for line in bad:
            print(f"  {line}", file=sys.stderr)
        sys.exit(1)
    print(f"version {v}: Cargo.toml, Cargo.lock, pyproject.toml, package.json, package-lock.json, "
          f"{len(expected)} platform packages and CHANGELOG.md agree")


def write_json(path, update):
    data = json.loads(path.read_text())
    update(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def set_version(new):
    if not SEMVER.match(new):
        sys.exit(f"{new!r} is not a semantic version (X.Y.Z)")
    cargo_path = root / "Cargo.toml"
    cargo = cargo_path.read_text()
    m = workspace_section(cargo)
    section = re.sub(r'^(version\s*=\s*)"[^"]+"', rf'\g<1>"{new}"', m.group(1), count=1, flags=re.M)
    cargo = cargo[: m.start(1)] + section + cargo[m.end(1):]
    cargo = re.sub(
        r'^(candescent(?:-emulator)?\s*=\s*\{[^}\n]*version\s*=\s*)"[^"]+"', rf'\g<1>"{new}"', cargo, flags=re.M
    )
    cargo_path.write_text(cargo)

    lock_path = root / "Cargo.lock"
    names = "|".join(map(re.escape, OUR_PACKAGES))
    lock_path.write_text(
        re.sub(rf'^(name = "(?:{names})"\nversion = )"[^"]+"', rf'\g<1>"{new}"', lock_path.read_text(), flags=re.M)
    )

    def main_pkg(p):
        p["version"] = new
        if "optionalDependencies" in p:
            p["optionalDependencies"] = {k: new for k in p["optionalDependencies"]}

    write_json(node / "package.json", main_pkg)

    def lock(p):
        p["version"] = new
        p["packages"][""]["version"] = new

    write_json(node / "package-lock.json", lock)
    for d in npm_dirs():
        write_json(d / "package.json", lambda p: p.update(version=new))
    print(f"set {new}; add a '## [{new}]' section to CHANGELOG.md before releasing")


if args == ["get"]:
    print(workspace_version())
elif args == ["check"]:
    check()
elif len(args) == 2 and args[0] == "set":
    set_version(args[1])
else:
    sys.exit("usage: scripts/version.sh get | check | set X.Y.Z")
PY
