#!/usr/bin/env python3
"""Facts-only extract of Candescent's official OpenAPI document.

Reads ``candescent-di-api.yaml`` (the official document, kept outside this repository) and
writes ``codegen/api/candescent-di-api.facts.json``: operations, paths, parameters, request
bodies, responses by status, schemas, enums, constraints, scopes and error codes. Prose
(descriptions, summaries of examples, example values, titles of schemas) is left out; the
operations' own titles (``summary``) are kept, as names.

    python3 codegen/extract.py [PATH_TO_OFFICIAL_FOLDER]   # default: ../shared/official

``make extract`` runs it; ``make check-extract`` runs it into a temporary file and fails when
the checked-in extract differs (skipped when the official folder is not on the machine).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "codegen" / "api" / "candescent-di-api.facts.json"
DEFAULT_OFFICIAL = ROOT.parent / "shared" / "official"

# The document's commit, from the official folder's SOURCE.md (checked when extracting).
COMMIT = "cc59477c6de5a25e34079e4e21c91f090bbec14a"

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# Schema keywords that state facts; everything else (description, example(s), title,
# externalDocs) is prose or sample data and stays out.
SCHEMA_KEYS = {
    "type", "format", "enum", "const", "default", "required", "properties", "items",
    "additionalProperties", "allOf", "oneOf", "anyOf", "not", "discriminator", "pattern",
    "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
    "readOnly", "writeOnly", "deprecated", "nullable", "xml", "$ref", "contentEncoding",
    "contentMediaType",
}
XML_KEYS = {"name", "namespace", "prefix", "attribute", "wrapped"}


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def schema(node: Any) -> Any:
    """A schema with its prose removed and `#/components/schemas/X` as `#/schemas/X`."""
    if isinstance(node, list):
        return [schema(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key not in SCHEMA_KEYS:
            continue
        if key == "$ref":
            out[key] = "#/schemas/" + ref_name(value)
        elif key == "properties":
            out[key] = {name: schema(sub) for name, sub in value.items()}
        elif key in ("items", "not") or (key == "additionalProperties" and isinstance(value, dict)):
            out[key] = schema(value)
        elif key in ("allOf", "oneOf", "anyOf"):
            out[key] = [schema(x) for x in value]
        elif key == "discriminator":
            out[key] = {
                "propertyName": value["propertyName"],
                **({"mapping": {k: "#/schemas/" + ref_name(v) for k, v in value["mapping"].items()}}
                   if "mapping" in value else {}),
            }
        elif key == "xml":
            out[key] = {k: v for k, v in value.items() if k in XML_KEYS}
        elif key == "type" and isinstance(value, dict):
            # One schema in the document nests a whole schema under `type` by mistake; its
            # own keywords are what the writer meant.
            out.update(schema(value))
        else:
            out[key] = value
    return out


def resolved(node: dict[str, Any], components: dict[str, Any], kind: str) -> dict[str, Any]:
    while "$ref" in node:
        node = components[kind][ref_name(node["$ref"])]
    return node


def parameter(p: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    p = resolved(p, components, "parameters")
    out: dict[str, Any] = {"name": p["name"], "in": p["in"], "required": bool(p.get("required"))}
    if "schema" in p:
        out["schema"] = schema(p["schema"])
    for key in ("deprecated", "style", "explode", "allowReserved"):
        if key in p:
            out[key] = p[key]
    if "x-conditionally-required" in p:
        out["conditionallyRequired"] = True
    if "x-mutually-exclusive" in p:
        out["mutuallyExclusive"] = list(p["x-mutually-exclusive"])
    return out


def content(c: dict[str, Any]) -> dict[str, Any]:
    return {ct: ({"schema": schema(v["schema"])} if "schema" in v else {}) for ct, v in c.items()}


def response(r: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    r = resolved(r, components, "responses")
    out: dict[str, Any] = {}
    if r.get("content"):
        out["content"] = content(r["content"])
    if r.get("headers"):
        out["headers"] = sorted(r["headers"])
    return out


TABLE_ROW = re.compile(r"^\|(.+)\|\s*$")


def tables_after(text: str, heading: str) -> list[list[list[str]]]:
    """The markdown tables of every section whose heading contains `heading`."""
    found = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("#") and heading in line:
            level = len(line) - len(line.lstrip("#"))
            i += 1
            rows: list[list[str]] = []
            while i < len(lines):
                here = lines[i]
                stripped = here.lstrip()
                if stripped.startswith("#") and len(stripped) - len(stripped.lstrip("#")) <= level:
                    break
                m = TABLE_ROW.match(here.strip())
                if m:
                    cells = [c.strip() for c in m.group(1).split("|")]
                    if not all(set(c) <= set("-: ") for c in cells):
                        rows.append(cells)
                i += 1
            found.append(rows)
            continue
        i += 1
    return found


def statuses(cell: str) -> list[int]:
    return [int(n) for n in re.findall(r"\b([1-5]\d\d)\b", cell)]


def tag_facts(tag: dict[str, Any], group: str | None) -> dict[str, Any]:
    text = tag.get("description", "")
    scopes: list[str] = []
    for rows in tables_after(text, "Scopes"):
        for row in rows[1:]:
            m = re.match(r"`([^`]+)`", row[0])
            if m and m.group(1) not in scopes:
                scopes.append(m.group(1))
    errors: list[dict[str, Any]] = []
    for rows in tables_after(text, "Error codes"):
        if not rows:
            continue
        header = [h.lower() for h in rows[0]]
        # Some tables have no code column: their errors are known by status and message.
        code_at = next((i for i, h in enumerate(header) if "code" in h and "http" not in h), None)
        message_at = next((i for i, h in enumerate(header) if "message" in h), None)
        status_at = next((i for i, h in enumerate(header) if "status" in h), None)
        if message_at is None or status_at is None:
            continue
        for row in rows[1:]:
            if len(row) <= max(i for i in (code_at, message_at, status_at) if i is not None):
                continue
            entry = {
                "code": row[code_at].strip("` ") if code_at is not None else None,
                "message": row[message_at].replace("`", ""),
                "status": statuses(row[status_at]),
            }
            if entry not in errors:
                errors.append(entry)
    out: dict[str, Any] = {"name": tag["name"]}
    if group:
        out["group"] = group
    if scopes:
        out["scopes"] = scopes
    if errors:
        out["errors"] = errors
    return out


def extract(doc: dict[str, Any]) -> dict[str, Any]:
    components = doc["components"]
    groups = {t: g["name"] for g in doc.get("x-tagGroups", []) for t in g["tags"]}
    operations = []
    for path, item in doc["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            entry: dict[str, Any] = {
                "id": op["operationId"],
                "method": method.upper(),
                "path": path,
                "tag": op["tags"][0],
                "title": op.get("summary", ""),
            }
            if op.get("deprecated"):
                entry["deprecated"] = True
            params = [parameter(p, components) for p in [*shared, *op.get("parameters", [])]]
            if params:
                entry["parameters"] = params
            if "requestBody" in op:
                body = resolved(op["requestBody"], components, "requestBodies")
                entry["requestBody"] = {
                    "required": bool(body.get("required")),
                    "content": content(body.get("content", {})),
                }
            entry["responses"] = {
                str(status): response(r, components) for status, r in op["responses"].items()
            }
            if "security" in op:
                entry["security"] = [sorted(s) for s in op["security"]]
            operations.append(entry)
    return {
        "source": {
            "repository": "candescent-dev/openapi",
            "file": "candescent-di-api.yaml",
            "commit": COMMIT,
            "openapi": doc["openapi"],
            "version": doc["info"]["version"],
            "note": "Facts only (operations, parameters, schemas, constraints, codes), "
            "extracted by codegen/extract.py; the document's prose stays with its owner.",
        },
        "servers": [
            {"url": s["url"], "hosts": s.get("variables", {}).get("host", {}).get("enum", [])}
            for s in doc.get("servers", [])
        ],
        "securitySchemes": {
            name: {k: v for k, v in s.items() if k in ("type", "scheme")}
            for name, s in components.get("securitySchemes", {}).items()
        },
        "security": [sorted(s) for s in doc.get("security", [])],
        "tags": [tag_facts(t, groups.get(t["name"])) for t in doc["tags"]],
        "operations": operations,
        "schemas": {name: schema(s) for name, s in components["schemas"].items()},
    }


def main() -> None:
    official = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OFFICIAL
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    source = (official / "SOURCE.md").read_text(encoding="utf-8")
    if COMMIT not in source:
        sys.exit(f"{official}/SOURCE.md does not name commit {COMMIT}: update COMMIT first")
    doc = yaml.safe_load((official / "candescent-di-api.yaml").read_text(encoding="utf-8"))
    facts = extract(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{out}: {len(facts['operations'])} operations, {len(facts['schemas'])} schemas")


if __name__ == "__main__":
    main()
