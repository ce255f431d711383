"""The API as the generators see it: the facts extract and the overrides, resolved into
operations, parameters and types with the SDK's names.

Everything a generator needs is decided here once (names, which parameters are arguments,
paging, retries, sensitivity), so the Rust, Python, Node and documentation emitters only
render it.
"""

from __future__ import annotations

import json
import keyword
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "codegen" / "api" / "candescent-di-api.facts.json"
OVERRIDES = ROOT / "codegen" / "overrides.toml"

# ---------------------------------------------------------------------------------------------
# names


def snake(name: str) -> str:
    """`fiCustomerId` → `fi_customer_id`, `SSN` → `ssn`, `$filter` → `filter`,
    `_embedded` → `embedded`, `di_fiid` → `di_fiid`, `Accept-Encoding` → `accept_encoding`."""
    name = name.lstrip("$_")
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"_+", "_", name).strip("_").lower()


def kebab(name: str) -> str:
    """`getEStatementAccountPreferencesV1` → `get-e-statement-account-preferences-v-1`: the
    form of the reference's page names."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", name)
    name = re.sub(r"([a-z])([A-Z0-9])", r"\1-\2", name)
    name = re.sub(r"([A-Z])([0-9])", r"\1-\2", name)
    return name.lower()


def camel(snake_name: str) -> str:
    head, *rest = snake_name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def pascal(snake_name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in snake_name.split("_"))


PY_RESERVED = set(keyword.kwlist) | {"self", "cls"}
# Names an operation's parameters may not take: the per-call options of every call.
CALL_OPTIONS = ("timeout", "max_retries", "retry", "signal")


def python_name(snake_name: str) -> str:
    return snake_name + "_" if snake_name in PY_RESERVED else snake_name


# ---------------------------------------------------------------------------------------------
# types


@dataclass
class Ty:
    """A value's type. `kind`: str, int, num, bool, list, obj, map, union, any."""

    kind: str
    format: str | None = None  # str: date, date-time, uuid, email, byte, binary
    values: tuple[str, ...] = ()  # str enum
    pattern: str | None = None
    min_len: int | None = None
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    item: Ty | None = None  # list, map
    min_items: int | None = None
    model: str | None = None  # obj
    variants: tuple[str, ...] = ()  # union of models
    enum_name: str | None = None  # the component an enum comes from
    default: Any = None

    def key(self) -> str:
        """A stable identity, to share one static per distinct rule."""
        return json.dumps(
            [self.kind, self.format, self.values, self.pattern, self.min_len, self.max_len,
             self.minimum, self.maximum, self.item.key() if self.item else None,
             self.min_items, self.model, self.variants],
            sort_keys=True,
        )


@dataclass
class Field:
    wire: str
    name: str  # snake_case
    ty: Ty
    required: bool
    read_only: bool = False
    write_only: bool = False
    sensitive: bool = False
    # A list an answer may leave out, read as empty (overrides.toml [models.empty_when_absent]).
    empty_when_absent: bool = False


@dataclass
class Model:
    name: str
    fields: list[Field]
    # Whether fields beyond `fields` are expected (additionalProperties); unknown fields are
    # always kept either way.
    extra: Ty | None = None
    component: bool = True
    # A model the core writes by hand (Account, Money, ...): its Rust type is this path.
    rust_type: str | None = None
    # The SDK's name for the schema in every language (AccountList for AccountsResponse).
    class_name: str = ""
    # Second names of fields: alias → SDK field name.
    aliases: dict[str, str] = field(default_factory=dict)
    # A base64 field's media type: {"field", "kind", "types": {kind value: media type}}.
    media: dict[str, Any] | None = None


def mask(f: Field) -> str | None:
    """How `Debug`, `repr` and `util.inspect` show a sensitive field: `last4` (`****0101`, the
    core's mask) for numbers a person recognises by their end (account, routing, member and
    tax numbers, host login ids, which are often a TIN), `all` (nothing of the value) for the
    rest (birth dates, e-mail addresses, passwords, one-time codes); `None` when not sensitive."""
    if not f.sensitive:
        return None
    wire = f.wire.lower()
    if wire.endswith("number") or wire in ("ssn", "tin", "ein", "hostloginid"):
        return "last4"
    return "all"


# ---------------------------------------------------------------------------------------------
# operations


@dataclass
class Param:
    name: str  # SDK name, snake_case
    wire: str
    location: str  # path, query, header
    ty: Ty
    required: bool
    sensitive: bool = False
    # Set by the SDK itself (paging, fixed values): never an argument.
    hidden: bool = False
    fixed: str | None = None
    # A user id (hostUserId/loginId): the exclusive pair of most data calls.
    user: bool = False
    value_aliases: dict[str, str] = field(default_factory=dict)


@dataclass
class Body:
    name: str  # argument name
    media: str  # json, form, multipart
    ty: Ty
    required: bool
    # Forms and uploads take their fields as arguments of their own (location "body").
    flatten: bool = False


@dataclass
class Response:
    status: int
    ty: Ty | None  # None: no body
    media: str | None


@dataclass
class Paging:
    scheme: str  # skip_top, groups, page_token, page_size, page_no, date_windows
    items: str  # the answer's field holding the page's items
    settings: dict[str, Any]


@dataclass
class Wait:
    """How `wait()` reads a job again until it ends: where the state is in the answer, and
    the final states. It sits on the operation that reads the job."""

    state: str
    final: tuple[str, ...]


@dataclass
class Operation:
    id: str
    title: str
    tag: str
    group: str | None
    method: str
    path: str
    route: str  # base, accounts, transactions, customers
    availability: str  # typed, machinery, deferred
    reason: str | None  # for machinery and deferred operations
    names: tuple[str, ...]  # namespace path + method, snake_case: ("business", "payments", "ach", "list")
    params: list[Param]
    body: Body | None
    responses: list[Response]
    auth: str  # bearer, bearer_v1, basic
    trace: str  # transaction_id, correlation_id, di_tid
    retry: bool
    paging: Paging | None
    user: str  # none, host_or_login, login
    rules: list[dict[str, Any]]
    wait: Wait | None
    scopes: tuple[str, ...]
    rust_hand: bool  # the core's hand-written typed call serves it in Rust
    doc_anchor: str
    # Names of other calls' arguments, refused here with the reason (`filter` on accounts.get).
    hints: dict[str, str] = field(default_factory=dict)
    # `select`: one argument among `choices` names the subject; its value goes into the path
    # parameter `into` and its kind into the query parameter `kind`.
    select: dict[str, Any] | None = None
    # An extra method reading the list one customer group at a time (accounts.groups).
    groups: str | None = None

    @property
    def dotted(self) -> str:
        return ".".join(self.names)

    @property
    def success(self) -> list[Response]:
        return [r for r in self.responses if 200 <= r.status < 300]

    def arguments(self) -> list[Param]:
        return [p for p in self.params if not p.hidden]


@dataclass
class Api:
    version: str
    commit: str
    operations: list[Operation]
    models: dict[str, Model]
    tags: list[dict[str, Any]]
    reference: str


# ---------------------------------------------------------------------------------------------
# building


SENSITIVE_NAMES = re.compile(
    r"(ssn|socialsecurity|taxid|\btin\b|^tin|tins?$|dateofbirth|birthdate|^dob$|password|passcode|"
    r"onetimepass|otp|^pin$|accountnumber|routingnumber|cardnumber|secret|token|maidenname|"
    r"micrnumber|membernumber)",
    re.IGNORECASE,
)

TRACE_HEADERS = {"transactionid": "transaction_id", "correlationid": "correlation_id",
                 "di_tid": "di_tid"}
# Headers the SDK owns: never an argument.
OWNED_HEADERS = {"authorization", "transactionid", "correlationid", "di_tid", "accept",
                 "content-type", "accept-encoding", "institutionid", "user-agent"}


class Builder:
    def __init__(self, facts: dict[str, Any], overrides: dict[str, Any]):
        self.facts = facts
        self.schemas: dict[str, Any] = facts["schemas"]
        self.over = overrides
        self.models: dict[str, Model] = {}
        self.building: set[str] = set()
        self.hand_models: dict[str, str] = overrides.get("models", {}).get("hand", {})
        self.sensitive_extra = set(overrides.get("sensitive", {}).get("fields", []))
        self.not_sensitive = set(overrides.get("sensitive", {}).get("not", []))

    # -- schemas ---------------------------------------------------------------------------

    def resolve(self, s: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
        name = None
        while "$ref" in s:
            name = s["$ref"].rsplit("/", 1)[-1]
            s = self.schemas[name]
        return name, s

    def is_object(self, s: dict[str, Any]) -> bool:
        _, s = self.resolve(s)
        if s.get("properties"):
            return True
        if "allOf" in s:
            return any(self.is_object(p) for p in s["allOf"])
        return s.get("type") == "object" and not s.get("additionalProperties") and (
            "oneOf" not in s and "anyOf" not in s
        ) and bool(s.get("required"))

    def collect(self, s: dict[str, Any], props: dict[str, Any], required: list[str],
                optional_only: bool = False) -> Ty | None:
        """Merges the properties of `s` (through allOf, and anyOf/oneOf alternatives that only
        add constraints) into `props`; gives the additionalProperties type if any."""
        _, s = self.resolve(s)
        extra = None
        for part in s.get("allOf", []):
            got = self.collect(part, props, required, optional_only)
            extra = extra or got
        for key in ("oneOf", "anyOf"):
            for part in s.get(key, []):
                # Alternatives that constrain which fields are present: their fields are
                # optional in the merged shape.
                self.collect(part, props, [], True)
        for name, sub in s.get("properties", {}).items():
            if not sub and name in props:
                continue  # an example-only property of a merged part
            if optional_only and name in props and props[name] != sub and sub:
                # Alternatives that type one field differently: the field is either.
                known = props[name].get("oneOf", [props[name]])
                if sub not in known:
                    props[name] = {"oneOf": [*known, sub]}
                continue
            if name in props and not sub.get("type") and not sub.get("$ref") and not sub.get("allOf"):
                continue
            props[name] = sub
        if not optional_only:
            for r in s.get("required", []):
                if r not in required:
                    required.append(r)
        ap = s.get("additionalProperties")
        if isinstance(ap, dict):
            extra = self.ty(ap, "Extra")
        return extra

    def model(self, name: str, s: dict[str, Any], component: bool) -> str:
        if name in self.models or name in self.building:
            return name
        self.building.add(name)
        props: dict[str, Any] = {}
        required: list[str] = []
        extra = self.collect(s, props, required)
        # Fields the API sends that the schema does not list (overrides.toml, [models.fields]).
        for key, target in self.over.get("models", {}).get("fields", {}).items():
            owner, wire = key.split(".", 1)
            if owner == name and wire not in props:
                props[wire] = {} if target == "any" else {"$ref": f"#/schemas/{target}"}
        fields = []
        seen: dict[str, str] = {}
        required = self.over.get("models", {}).get("required", {}).get(name, required)
        empty = self.over.get("models", {}).get("empty_when_absent", {}).get(name, [])
        for wire, sub in props.items():
            fname = snake(wire) or "value"
            if fname in seen:
                raise SystemExit(f"{name}: {wire} and {seen[fname]} both become {fname}")
            seen[fname] = wire
            _, resolved = self.resolve(sub)
            ty = self.ty(sub, name + pascal(fname))
            fields.append(Field(
                wire=wire, name=fname, ty=ty, required=wire in required,
                read_only=bool(sub.get("readOnly") or resolved.get("readOnly")),
                write_only=bool(sub.get("writeOnly") or resolved.get("writeOnly")),
                sensitive=self.sensitive(name, wire, ty),
                empty_when_absent=wire in empty,
            ))
        models_over = self.over.get("models", {})
        aliases = {k.split(".", 1)[1]: v for k, v in models_over.get("aliases", {}).items()
                   if k.split(".", 1)[0] == name}
        self.models[name] = Model(name=name, fields=fields, extra=extra, component=component,
                                  rust_type=self.hand_models.get(name),
                                  class_name=models_over.get("names", {}).get(name, name),
                                  aliases=aliases, media=models_over.get("media", {}).get(name))
        self.building.discard(name)
        return name

    def sensitive(self, model: str, wire: str, ty: Ty) -> bool:
        key = f"{model}.{wire}"
        if key in self.not_sensitive or wire in self.not_sensitive:
            return False
        if key in self.sensitive_extra or wire in self.sensitive_extra:
            return True
        if ty.kind not in ("str", "int"):
            return False
        return bool(SENSITIVE_NAMES.search(wire)) and not wire.lower().endswith(("type", "types", "id", "ids", "status", "format", "length", "masked", "required", "enabled", "count", "expiry", "expiresin", "expirydate", "label", "flag"))

    @staticmethod
    def empty(s: Any) -> bool:
        """A schema that says nothing: what is left of an example-only property."""
        if not isinstance(s, dict):
            return False
        if set(s) - {"properties", "items"}:
            return False
        return all(Builder.empty(v) for v in s.get("properties", {}).values()) and (
            "items" not in s or Builder.empty(s["items"]))

    def unwrap(self, s: dict[str, Any]) -> dict[str, Any]:
        """`{type: object, allOf: [X], properties: {examples only}}` is X."""
        parts = s.get("allOf", [])
        if (len(parts) == 1 and "$ref" in parts[0] and not s.get("required")
                and set(s) <= {"allOf", "type", "properties"}
                and all(self.empty(v) for v in s.get("properties", {}).values())):
            return parts[0]
        return s

    def ty(self, s: dict[str, Any], inline_name: str) -> Ty:
        s = self.unwrap(s)
        if "$ref" not in s and inline_name in self.schemas:
            inline_name += "Inline"
        ref, r = self.resolve(s)
        default = s.get("default", r.get("default"))
        if ("oneOf" in r or "anyOf" in r) and not r.get("properties") and not r.get("allOf"):
            alts = r.get("oneOf") or r.get("anyOf")
            if all("$ref" in a and self.is_object(a) for a in alts):
                names = [self.model(a["$ref"].rsplit("/", 1)[-1],
                                    self.schemas[a["$ref"].rsplit("/", 1)[-1]], True) for a in alts]
                return Ty("union", variants=tuple(names))
        if self.is_object(s) or (r.get("type") == "object" and (r.get("oneOf") or r.get("anyOf"))):
            return Ty("obj", model=self.model(ref or inline_name, r, ref is not None))
        t = r.get("type")
        if t == "array" or "items" in r:
            item = self.ty(r.get("items", {}), inline_name + "Item")
            return Ty("list", item=item, min_items=r.get("minItems"))
        if t == "object":
            ap = r.get("additionalProperties")
            if isinstance(ap, dict) and ap:
                return Ty("map", item=self.ty(ap, inline_name + "Value"))
            return Ty("any")
        if t == "string" or "enum" in r and t is None:
            fmt = r.get("format")
            if fmt in ("string", "ascii", None):
                fmt = None
            values = tuple(str(v) for v in r.get("enum", []))
            return Ty("str", format=fmt, values=values, pattern=r.get("pattern"),
                      min_len=r.get("minLength"), max_len=r.get("maxLength"),
                      enum_name=ref if values else None, default=default)
        if t == "integer":
            return Ty("int", minimum=r.get("minimum"), maximum=r.get("maximum"),
                      values=tuple(str(v) for v in r.get("enum", [])), default=default)
        if t == "number":
            return Ty("num", minimum=r.get("minimum"), maximum=r.get("maximum"), default=default)
        if t == "boolean":
            return Ty("bool", values=tuple(str(v).lower() for v in r.get("enum", [])),
                      default=default)
        return Ty("any")

    # -- operations ------------------------------------------------------------------------

    def operation(self, op: dict[str, Any], tag_groups: dict[str, str | None]) -> Operation:
        over = self.over["operations"].get(op["id"], {})
        deferred = self.over.get("deferred", {})
        machinery = self.over.get("machinery", {})
        if op["id"] in machinery:
            availability, reason = "machinery", machinery[op["id"]]
        elif op["id"] in deferred.get("operations", []) or op["tag"] in deferred.get("tags", []):
            availability, reason = "deferred", deferred["reason"]
        else:
            availability, reason = "typed", None
        if "name" not in over:
            raise SystemExit(f"overrides.toml: operation {op['id']} has no name")
        names = tuple(over["name"].split("."))
        auth, trace = "bearer", None
        params: list[Param] = []
        renames = over.get("params", {})
        for p in op.get("parameters", []):
            lower = p["name"].lower()
            if lower == "authorization":
                pattern = p.get("schema", {}).get("pattern", "")
                auth = "bearer" if pattern else "basic"
                continue
            if lower in TRACE_HEADERS and p["in"] == "header":
                trace = TRACE_HEADERS[lower]
                continue
            if p["in"] == "header" and lower in OWNED_HEADERS:
                continue
            spec = renames.get(p["name"], {})
            if isinstance(spec, str):
                spec = {"name": spec}
            ty = self.ty(p.get("schema", {}), pascal(snake(p["name"])))
            if spec.get("values"):
                ty.values = tuple(spec["values"])
            if "minimum" in spec:
                ty.minimum = spec["minimum"]
            name = spec.get("name", snake(p["name"]))
            params.append(Param(
                name=name, wire=p["name"], location=p["in"], ty=ty,
                required=p["required"], hidden=spec.get("hidden", False),
                fixed=spec.get("fixed"), user=p["name"] in ("hostUserId", "loginId"),
                sensitive=self.sensitive("", p["name"], ty),
                value_aliases=spec.get("aliases", {}),
            ))
        if over.get("v1_token"):
            auth = "bearer_v1"
        select = over.get("select")
        if select:
            for p in params:
                if p.wire in (select["into"], select["kind"]):
                    p.hidden = True
            for choice in select["choices"]:
                params.append(Param(name=choice, wire=choice, location="select",
                                    ty=Ty("str"), required=False, user=False))
        if trace is None:
            raise SystemExit(f"{op['id']}: no trace header")
        for p in params:
            if p.name in CALL_OPTIONS and not p.hidden:
                raise SystemExit(f"{op['id']}: parameter {p.name} collides with a call option")
        users = {p.wire for p in params if p.user}
        user = over.get("user") or (
            "host_or_login" if users == {"hostUserId", "loginId"}
            else "login" if users == {"loginId"} and any(p.required for p in params if p.user)
            else "login_optional" if users == {"loginId"}
            else "none"
        )
        body = None
        if "requestBody" in op:
            content = op["requestBody"]["content"]
            media_type = next(iter(content))
            for preferred in ("application/json", "application/x-www-form-urlencoded",
                              "multipart/form-data"):
                if preferred in content:
                    media_type = preferred
                    break
            media = {"application/json": "json", "application/x-www-form-urlencoded": "form",
                     "multipart/form-data": "multipart"}.get(media_type, media_type)
            schema = content[media_type].get("schema", {})
            body_name = over.get("body", "body")
            body = Body(name=body_name, media=media,
                        ty=self.ty(schema, pascal(snake(op["id"])) + "Body"),
                        required=op["requestBody"]["required"],
                        flatten=media in ("form", "multipart"))
            if body.flatten and body.ty.kind == "obj":
                renames_fields = over.get("fields", {})
                for f in self.models[body.ty.model].fields:
                    params.append(Param(
                        name=renames_fields.get(f.wire, f.name), wire=f.wire, location="body",
                        ty=f.ty, required=f.required and op["requestBody"]["required"],
                        sensitive=f.sensitive))
        responses = []
        for status, r in sorted(op["responses"].items()):
            status_i = int(status)
            content = r.get("content", {})
            ty, media = None, None
            if 200 <= status_i < 300 and content and status_i != 204:
                media = "application/json" if "application/json" in content else next(iter(content))
                schema = content[media].get("schema")
                if schema:
                    ty = self.ty(schema, pascal(snake(op["id"])) + "Response")
            responses.append(Response(status_i, ty, media))
        paging = None
        if "paging" in over:
            pg = dict(over["paging"])
            paging = Paging(scheme=pg.pop("scheme"), items=pg.pop("items", ""), settings=pg)
        wait = None
        if "wait" in over:
            w = over["wait"]
            wait = Wait(w["state"], tuple(w["final"]))
        method = op["method"]
        retry = over.get("retry", method in ("GET", "HEAD"))
        route = over.get("route", "base")
        return Operation(
            id=op["id"], title=op["title"], tag=op["tag"], group=tag_groups.get(op["tag"]),
            method=method, path=op["path"], route=route, availability=availability,
            reason=reason, names=names, params=params, body=body, responses=responses,
            auth=auth, trace=trace, retry=retry, paging=paging, user=user,
            rules=over.get("rules", []), wait=wait, scopes=tuple(over.get("scopes", [])),
            rust_hand=bool(over.get("rust_hand")),
            doc_anchor=kebab(op["id"]),
            hints=over.get("hints", {}),
            select=over.get("select"),
            groups=over.get("groups", {}).get("name"),
        )


def load() -> Api:
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    overrides = tomllib.loads(OVERRIDES.read_text(encoding="utf-8"))
    b = Builder(facts, overrides)
    groups = {t["name"]: t.get("group") for t in facts["tags"]}
    ops = [b.operation(op, groups) for op in facts["operations"]]
    known = {op["id"] for op in facts["operations"]}
    for name in overrides["operations"]:
        if name not in known:
            raise SystemExit(f"overrides.toml names an unknown operation {name}")
    dotted: dict[str, str] = {}
    for op in ops:
        if op.dotted in dotted:
            raise SystemExit(f"{op.id} and {dotted[op.dotted]} are both {op.dotted}")
        dotted[op.dotted] = op.id
    # Only what typed operations reach is generated; the deferred ones come with their issue.
    reachable: set[str] = set()

    def reach(ty: Ty | None) -> None:
        if ty is None:
            return
        if ty.kind == "obj" and ty.model not in reachable:
            reachable.add(ty.model)
            for f in b.models[ty.model].fields:
                reach(f.ty)
            reach(b.models[ty.model].extra)
        for v in ty.variants:
            reach(Ty("obj", model=v))
        reach(ty.item)

    for op in ops:
        if op.availability != "typed":
            continue
        for p in op.params:
            reach(p.ty)
        if op.body:
            reach(op.body.ty)
        for r in op.responses:
            reach(r.ty)
    models = {n: m for n, m in sorted(b.models.items()) if n in reachable}
    return Api(
        version=facts["source"]["version"], commit=facts["source"]["commit"], operations=ops,
        models=models, tags=facts["tags"],
        reference=overrides["reference"]["operation_url"],
    )
