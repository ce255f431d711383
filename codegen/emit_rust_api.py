"""The Rust typed surface: `core/src/api/generated/` (models, parameters, namespaces)."""

from __future__ import annotations

import re

from emit_spec import HEADER, rs
from ir import Api, Model, Operation, Param, Ty, pascal, snake

RUST_KEYWORDS = {
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield", "abstract", "become",
}
# Namespaces the crate declares by hand; generated methods join them.
HAND_NAMESPACES = {"accounts": "crate::Accounts", "transactions": "crate::Transactions",
                   "customers": "crate::Customers"}
# Component enums with at most this many values become open enum types; longer lists (currency
# and country codes) stay strings.
MAX_ENUM = 40


# Names a parameters struct's own methods take (`Default::default`, `args`).
STRUCT_METHODS = {"default", "args", "clone"}


def field_name(name: str) -> str:
    return name + "_" if name in RUST_KEYWORDS or name in STRUCT_METHODS else name


def variant(value: str) -> str:
    name = pascal(snake(value) or "empty")
    if not name or name[0].isdigit():
        name = "V" + name
    return name


def doc_lines(text: str, indent: str = "") -> str:
    return "".join(f"{indent}/// {line}".rstrip() + "\n" for line in text.splitlines())


class RustApiEmitter:
    def __init__(self, api: Api):
        self.api = api
        self.models = api.models
        self.enums: dict[str, tuple[str, ...]] = {}
        self.boxed = self.recursive_fields()

    # -- types -----------------------------------------------------------------------------

    def model_type(self, name: str) -> str:
        m = self.models[name]
        if m.rust_type:
            return m.rust_type
        return "crate::api::models::" + m.class_name

    def ty(self, t: Ty | None, owner: str = "", fname: str = "") -> str:
        if t is None:
            return "serde_json::Value"
        if t.kind == "str":
            if t.format == "date":
                return "chrono::NaiveDate"
            if t.format == "byte":
                return "Vec<u8>"
            if t.enum_name and t.values and len(t.values) <= MAX_ENUM:
                self.enums[t.enum_name] = t.values
                return "crate::api::models::" + t.enum_name
            return "String"
        if t.kind == "int":
            return "i64"
        if t.kind == "num":
            return "rust_decimal::Decimal"
        if t.kind == "bool":
            return "bool"
        if t.kind == "list":
            return f"Vec<{self.ty(t.item)}>"
        if t.kind == "map":
            return f"std::collections::BTreeMap<String, {self.ty(t.item)}>"
        if t.kind == "obj" and t.model in self.models:
            inner = self.model_type(t.model)
            if (owner, fname) in self.boxed:
                return f"Box<{inner}>"
            return inner
        if t.kind == "union" and all(v in self.models for v in t.variants):
            return "crate::api::models::" + self.union_name(t)
        return "serde_json::Value"

    def defaultable(self, name: str, seen: frozenset = frozenset()) -> bool:
        """Whether every required field of a generated model has a default."""
        m = self.models[name]
        if m.rust_type or name in seen:
            return not m.rust_type
        for f in m.fields:
            if not f.required:
                continue
            t = f.ty
            if t.kind == "str" and t.enum_name and t.values and len(t.values) <= MAX_ENUM:
                return False
            if t.kind == "union":
                return False
            if t.kind == "obj" and t.model in self.models and not self.defaultable(
                    t.model, seen | {name}):
                return False
        return True

    @staticmethod
    def union_name(t: Ty) -> str:
        return "OneOf" + "Or".join(t.variants)

    def recursive_fields(self) -> set[tuple[str, str]]:
        """Fields whose model reaches back to their owner through objects only: boxed."""
        def reach(start: str, target: str, seen: set[str]) -> bool:
            for f in self.models[start].fields:
                if f.ty.kind == "obj" and f.ty.model in self.models:
                    if f.ty.model == target:
                        return True
                    if f.ty.model not in seen:
                        seen.add(f.ty.model)
                        if reach(f.ty.model, target, seen):
                            return True
            return False

        boxed = set()
        for name, m in self.models.items():
            for f in m.fields:
                if f.ty.kind == "obj" and f.ty.model in self.models and (
                        f.ty.model == name or reach(f.ty.model, name, {f.ty.model})):
                    boxed.add((name, f.name))
        return boxed

    # -- models ----------------------------------------------------------------------------

    def field(self, m: Model, f) -> str:
        rtype = self.ty(f.ty, m.name, f.name)
        attrs = [f"rename = {rs(f.wire)}"]
        decimal = f.ty.kind == "num"
        base64 = f.ty.kind == "str" and f.ty.format == "byte"
        if f.required:
            if decimal:
                attrs += ['deserialize_with = "rust_decimal::serde::arbitrary_precision::deserialize"',
                          'serialize_with = "crate::models::wire::decimal"']
            if base64:
                attrs.append('with = "crate::api::support::base64_bytes"')
            full = rtype
        else:
            attrs.append("default")
            attrs.append('skip_serializing_if = "Option::is_none"')
            if decimal:
                attrs += ['deserialize_with = '
                          '"rust_decimal::serde::arbitrary_precision_option::deserialize"',
                          'serialize_with = "crate::models::wire::decimal_opt"']
            if base64:
                raise SystemExit(f"{m.name}.{f.wire}: an optional base64 field needs "
                                 "crate::api::support::base64_bytes to handle None")
            full = f"Option<{rtype}>"
        notes = [f"`{f.wire}`"]
        if f.required:
            notes.append("required")
        if f.read_only:
            notes.append("only in answers")
        if f.ty.kind == "str" and f.ty.values and rtype == "String":
            shown = ", ".join(f.ty.values[:8]) + (", …" if len(f.ty.values) > 8 else "")
            notes.append(f"one of {shown}")
        if f.ty.kind == "str" and f.ty.format == "date-time":
            notes.append("RFC 3339 date and time")
        if f.sensitive:
            notes.append("personal data, masked in `Debug`")
        return (f"    /// {'; '.join(notes)}.\n"
                f"    #[serde({', '.join(attrs)})]\n"
                f"    pub {field_name(f.name)}: {full},\n")

    def model(self, m: Model) -> str:
        name = m.class_name
        fields = "".join(self.field(m, f) for f in m.fields)
        sensitive = any(f.sensitive for f in m.fields)
        default = ", Default" if self.defaultable(m.name) else ""
        derives = f"Clone, PartialEq{default}, Serialize, Deserialize" + ("" if sensitive else ", Debug")
        out = (
            f"/// The `{m.name}` schema of the API document.\n"
            f"#[derive({derives})]\n"
            f"pub struct {name} {{\n{fields}"
            f"    /// Fields the schema does not name, as the server sent them.\n"
            f"    #[serde(flatten)]\n"
            f"    pub extra: crate::Extra,\n"
            f"}}\n"
        )
        if sensitive:
            entries = "".join(
                f"            .field({rs(f.name)}, &crate::api::support::Masked(&self.{field_name(f.name)}))\n"
                if f.sensitive else
                f"            .field({rs(f.name)}, &self.{field_name(f.name)})\n"
                for f in m.fields
            )
            out += (
                f"\nimpl std::fmt::Debug for {name} {{\n"
                f"    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n"
                f"        f.debug_struct({rs(name)})\n{entries}"
                f"            .field(\"extra\", &self.extra)\n"
                f"            .finish()\n    }}\n}}\n"
            )
        if m.media:
            media = m.media
            arms = "".join(f"            Some({rs(k)}) => Some({rs(v)}),\n"
                           for k, v in media["types"].items())
            kind_field = field_name(snake(media["kind"]))
            kind_ty = next(f.ty for f in m.fields if f.wire == media["kind"])
            getter = (f"self.{kind_field}.as_ref().map(|k| k.as_str())"
                      if kind_ty.enum_name and len(kind_ty.values) <= MAX_ENUM and
                      not next(f for f in m.fields if f.wire == media["kind"]).required
                      else f"Some(self.{kind_field}.as_str())")
            out += (
                f"\nimpl {name} {{\n"
                f"    /// The media type of `{media['field']}` (from `{media['kind']}`), when known.\n"
                f"    pub fn media_type(&self) -> Option<&'static str> {{\n"
                f"        match {getter} {{\n{arms}            _ => None,\n        }}\n    }}\n}}\n"
            )
        return out

    def enum(self, name: str, values: tuple[str, ...]) -> str:
        seen: dict[str, int] = {}
        variants = []
        for v in values:
            var = variant(v)
            if var in seen:
                seen[var] += 1
                var = f"{var}{seen[var]}"
            else:
                seen[var] = 1
            variants.append((var, v))
        body = "".join(f"    /// `{v}`\n    {var},\n" for var, v in variants)
        to_str = "".join(f"            {name}::{var} => {rs(v)},\n" for var, v in variants)
        from_str = "".join(f"            {rs(v)} => {name}::{var},\n" for var, v in variants)
        return f"""/// The `{name}` values of the API document; a value this version does not know is kept as
/// [`{name}::Other`], never a decoding failure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum {name} {{
{body}    /// A value this version does not know.
    Other(String),
}}

impl {name} {{
    /// The wire text.
    pub fn as_str(&self) -> &str {{
        match self {{
{to_str}            {name}::Other(s) => s,
        }}
    }}
}}

impl From<&str> for {name} {{
    fn from(s: &str) -> Self {{
        match s {{
{from_str}            other => {name}::Other(other.to_owned()),
        }}
    }}
}}

impl std::fmt::Display for {name} {{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}

impl Serialize for {name} {{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{
        s.serialize_str(self.as_str())
    }}
}}

impl<'de> Deserialize<'de> for {name} {{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{
        Ok({name}::from(String::deserialize(d)?.as_str()))
    }}
}}
"""

    def union(self, t: Ty) -> str:
        name = self.union_name(t)
        variants = "".join(
            f"    /// `{v}`\n    {self.models[v].class_name}({self.model_type(v)}),\n"
            for v in t.variants)
        return (f"/// One of: {', '.join('`' + v + '`' for v in t.variants)} (the first that fits).\n"
                f"#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n"
                f"#[serde(untagged)]\n"
                f"#[allow(clippy::large_enum_variant)]\n"
                f"pub enum {name} {{\n{variants}}}\n")

    def unions(self) -> list[Ty]:
        found: dict[str, Ty] = {}

        def visit(t: Ty | None) -> None:
            if t is None:
                return
            if t.kind == "union" and all(v in self.models for v in t.variants):
                found[self.union_name(t)] = t
            visit(t.item)

        for m in self.models.values():
            for f in m.fields:
                visit(f.ty)
        for op in self.typed_ops():
            for r in op.responses:
                visit(r.ty)
        return list(found.values())

    def models_file(self) -> str:
        parts = []
        for m in self.models.values():
            if not m.rust_type:
                parts.append(self.model(m))
        for t in self.unions():
            parts.append(self.union(t))
        for name, values in sorted(self.enums.items()):
            parts.append(self.enum(name, values))
        return (
            HEADER.format(version=self.api.version)
            + "//! The models of the document's schemas.\n\n"
            "#![allow(clippy::upper_case_acronyms)]\n\n"
            "use serde::{Deserialize, Serialize};\n\n"
            + "\n".join(parts)
        )

    # -- operations ------------------------------------------------------------------------

    def typed_ops(self) -> list[Operation]:
        return [op for op in self.api.operations if op.availability == "typed"]

    def index(self, op: Operation) -> int:
        return self.api.operations.index(op)

    def params_name(self, op: Operation) -> str:
        base = re.sub(r"V\d+$", "", op.id)
        clash = [o for o in self.typed_ops() if re.sub(r"V\d+$", "", o.id) == base]
        return pascal(snake(op.id if len(clash) > 1 else base)) + "Params"

    def param_type(self, p: Param) -> tuple[str, str, str]:
        """The field type, the setter's argument type and how the setter converts it."""
        t = p.ty
        if t.kind == "str" and t.format == "binary":
            return "Upload", "Upload", "value"
        if t.kind == "str" and t.format == "date":
            # Dates as chrono dates; text is taken too, checked when the call is made.
            return "chrono::NaiveDate", "impl AsRef<str>", "date"
        if t.kind == "int":
            return "i64", "i64", "value"
        if t.kind == "num":
            return "rust_decimal::Decimal", "rust_decimal::Decimal", "value"
        if t.kind == "bool":
            return "bool", "bool", "value"
        if t.kind == "list":
            return "Vec<String>", "impl IntoIterator<Item = impl Into<String>>", "list"
        return "String", "impl Into<String>", "into"

    def param_doc(self, p: Param) -> str:
        notes = [f"`{p.wire}` ({p.location})"]
        if p.required:
            notes.append("required")
        t = p.ty
        values = t.values or (t.item.values if t.item else ())
        if values:
            notes.append("one of " + ", ".join(f"`{v}`" for v in values[:10])
                         + (", …" if len(values) > 10 else ""))
        if t.pattern:
            notes.append(f"matches `{t.pattern}`")
        if t.min_len is not None or t.max_len is not None:
            notes.append(f"{t.min_len or 0} to {t.max_len if t.max_len is not None else '∞'} characters")
        if t.minimum is not None:
            notes.append(f"at least {t.minimum:g}")
        if t.maximum is not None:
            notes.append(f"at most {t.maximum:g}")
        if t.format == "date":
            notes.append("a date, `YYYY-MM-DD`")
        return "; ".join(notes) + "."

    def params_struct(self, op: Operation) -> str:
        name = self.params_name(op)
        fields = [p for p in op.arguments() if p.location != "path"]
        decl, setters, pushes = [], [], []
        for p in fields:
            ftype, atype, conv = self.param_type(p)
            fname = field_name(p.name)
            decl.append(f"    /// {self.param_doc(p)}\n    pub {fname}: Option<{ftype}>,\n")
            body = {
                "value": "value",
                "into": "value.into()",
                "list": "value.into_iter().map(Into::into).collect()",
            }.get(conv)
            if conv == "date":
                setters.append(
                    f"    /// Sets `{p.name}` from a date as `YYYY-MM-DD` text (refused when the call\n"
                    f"    /// is made if it is not one).\n"
                    f"    pub fn {fname}(mut self, value: {atype}) -> Self {{\n"
                    f"        self.{fname}_text = Some(value.as_ref().to_owned());\n"
                    f"        self.{fname} = crate::api::support::date(value.as_ref());\n"
                    f"        self\n    }}\n")
                decl.append(f"    #[doc(hidden)]\n    pub {fname}_text: Option<String>,\n")
                pushes.append(
                    f"        match (&self.{fname}, &self.{fname}_text) {{\n"
                    f"            (Some(d), _) => Some(*d).push({rs(p.name)}, &mut args),\n"
                    f"            (None, text) => text.clone().push({rs(p.name)}, &mut args),\n"
                    f"        }}\n")
            else:
                setters.append(
                    f"    /// Sets `{p.name}`.\n"
                    f"    pub fn {fname}(mut self, value: {atype}) -> Self {{\n"
                    f"        self.{fname} = Some({body});\n        self\n    }}\n")
                pushes.append(f"        self.{fname}.push({rs(p.name)}, &mut args);\n")
        debug = "Debug, " if not any(p.sensitive for p in fields) else ""
        struct = (
            f"/// The parameters of [`{self.ns_type(op.names[:-1])}::{field_name(op.names[-1])}`]"
            f" (`{op.id}`).\n"
            f"#[derive({debug}Clone, Default, PartialEq)]\n"
            f"pub struct {name} {{\n{''.join(decl)}}}\n\n"
            f"impl {name} {{\n{''.join(setters)}\n"
            f"    pub(crate) fn args(&self) -> crate::input::Args {{\n"
            f"        #[allow(unused_mut)]\n"
            f"        let mut args = crate::input::Args::new();\n{''.join(pushes)}"
            f"        args\n    }}\n}}\n"
        )
        if not debug:
            struct += (f"\nimpl std::fmt::Debug for {name} {{\n"
                       f"    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n"
                       f"        f.debug_struct({rs(name)}).finish_non_exhaustive()\n    }}\n}}\n")
        return struct

    def ns_type(self, path: tuple[str, ...]) -> str:
        if len(path) == 1 and path[0] in HAND_NAMESPACES:
            return HAND_NAMESPACES[path[0]]
        return "".join(pascal(p) for p in path)

    def result(self, op: Operation) -> tuple[str, str]:
        """The return type and the support function that produces it."""
        bodies = [r for r in op.success if r.ty is not None]
        partial = any(r.status == 206 for r in op.success)
        body_ty = self.ty(bodies[0].ty) if bodies else None
        if op.paging:
            item = bodies[0].ty
            model = self.models.get(item.model) if item and item.kind == "obj" else None
            field = next((f for f in model.fields if f.wire == op.paging.items), None) if model else None
            item_ty = self.ty(field.ty.item) if field and field.ty.item else "serde_json::Value"
            return f"crate::api::Pages<{item_ty}>", "pages"
        if partial:
            return f"crate::Result<crate::api::Partial<{body_ty or '()'}>>", "call_partial"
        if body_ty is None:
            return "crate::Result<()>", "call_empty"
        return f"crate::Result<{body_ty}>", "call"

    def method(self, op: Operation, name: str | None = None, wait: bool = False) -> str:
        params = [p for p in op.arguments() if p.location != "path"]
        path = [p for p in op.arguments() if p.location == "path"]
        sig = ["&self"]
        pushes = []
        for p in path:
            ftype, _, _ = self.param_type(p)
            if ftype == "i64":
                sig.append(f"{field_name(p.name)}: i64")
                pushes.append(f"        args.push(({rs(p.name)}.into(), crate::input::Value::Int({field_name(p.name)})));\n")
            else:
                sig.append(f"{field_name(p.name)}: &str")
                pushes.append(f"        args.push(({rs(p.name)}.into(), crate::input::Value::Str({field_name(p.name)}.to_owned())));\n")
        body_arg = op.body and not op.body.flatten
        if body_arg:
            bty = self.ty(op.body.ty)
            sig.append(f"body: &{bty}")
        if params:
            sig.append(f"params: &{self.params_name(op)}")
        ret, kind = self.result(op)
        if wait:
            bodies = [r for r in op.success if r.ty is not None]
            ret, kind = f"crate::Result<{self.ty(bodies[0].ty)}>", "wait"
        lines = ["        let mut args = " + ("params.args();\n" if params else "crate::input::Args::new();\n")]
        lines += pushes
        op_ref = f"&crate::spec::OPERATIONS[{self.index(op)}]"
        if body_arg:
            if kind == "pages":
                lines.append(f"        let body = crate::api::support::body({rs(op.body.name)}, body);\n")
            else:
                lines.append(f"        args.push(crate::api::support::body({rs(op.body.name)}, body)?);\n")
        if kind == "pages":
            if body_arg:
                call = (f"        let args = body.map(|b| {{ args.push(b); args }});\n"
                        f"        crate::api::Pages::new(self.client, {op_ref}, args)\n")
            else:
                call = f"        crate::api::Pages::new(self.client, {op_ref}, Ok(args))\n"
            is_async = ""
        else:
            call = f"        crate::api::support::{kind}(self.client, {op_ref}, args).await\n"
            is_async = "async "
        doc = [f"{op.title}: `{op.method} {op.path}` (`{op.id}`)."]
        if wait:
            doc = [f"Reads `{op.path}` (`{op.id}`) until the job's `{op.wait.state}` is final "
                   f"({', '.join(op.wait.final)}), pausing a little longer each time."]
        elif kind == "pages":
            doc.append(f"Every page, read as the pages are asked for ({op.paging.scheme.replace('_', ' ')}).")
        if not wait:
            doc.append("Repeated automatically after a failure: " + (
                "yes, it only reads." if op.retry else
                "no: the API has no idempotency key, so a repeat could act twice."))
        for p in path:
            doc.append(f"`{p.name}`: {self.param_doc(p)}")
        doc.append(f"[Reference]({self.api.reference.format(anchor=op.doc_anchor)})")
        if kind != "pages" and not wait:
            doc.append("# Errors\nThe SDK's errors: arguments the document refuses "
                       "(`Validation`, before any traffic), the API's answers, the network.")
        docs = doc_lines("\n\n".join(doc), "    ")
        mname = field_name(name or op.names[-1])
        body_text = "".join(lines) + call
        if not path and not body_arg:
            body_text = body_text.replace("let mut args", "let args")
        return (f"{docs}    pub {is_async}fn {mname}({', '.join(sig)}) -> {ret} {{\n{body_text}    }}\n")

    def namespaces_file(self) -> str:
        tree: dict[tuple[str, ...], list] = {}
        for op in self.typed_ops():
            for depth in range(1, len(op.names)):
                tree.setdefault(op.names[:depth], [])
            if op.rust_hand:
                continue
            tree[op.names[:-1]].append(op)
        parts, params = [], []
        for path in sorted(tree):
            ops = tree[path]
            children = sorted(p for p in tree if len(p) == len(path) + 1 and p[:-1] == path)
            tname = self.ns_type(path)
            methods = []
            for child in children:
                methods.append(
                    f"    /// The `{'.'.join(child)}` operations.\n"
                    f"    pub fn {field_name(child[-1])}(&self) -> {self.ns_type(child)}<'a> {{\n"
                    f"        {self.ns_type(child)} {{ client: self.client }}\n    }}\n")
            for op in ops:
                methods.append(self.method(op))
                if op.wait:
                    methods.append(self.method(op, "wait", wait=True))
                if [p for p in op.arguments() if p.location != "path"]:
                    params.append(self.params_struct(op))
            if path[0] in HAND_NAMESPACES and len(path) == 1:
                if methods:
                    parts.append(f"impl<'a> {tname}<'a> {{\n" + "\n".join(methods) + "}\n")
                continue
            parts.append(
                f"/// The `{'.'.join(path)}` operations; from "
                f"[`Client::{field_name(path[0])}`](crate::Client::{field_name(path[0])})"
                + (" and the namespaces above it" if len(path) > 1 else "") + ".\n"
                f"#[derive(Debug, Clone, Copy)]\n"
                f"pub struct {tname}<'a> {{\n    pub(crate) client: &'a crate::Client,\n}}\n\n"
                f"impl<'a> {tname}<'a> {{\n" + "\n".join(methods) + "}\n")
        tops = sorted({p[0] for p in tree if len(p) == 1} - set(HAND_NAMESPACES))
        client_methods = "".join(
            f"    /// The `{t}` operations.\n"
            f"    pub fn {field_name(t)}(&self) -> {self.ns_type((t,))}<'_> {{\n"
            f"        {self.ns_type((t,))} {{ client: self }}\n    }}\n\n" for t in tops)
        session_methods = "".join(
            f"    /// The `{t}` operations, with the signed-in user's token.\n"
            f"    pub fn {field_name(t)}(&self) -> {self.ns_type((t,))}<'_> {{\n"
            f"        self.as_client().{field_name(t)}()\n    }}\n\n" for t in tops)
        return (
            HEADER.format(version=self.api.version)
            + "//! The typed calls: namespaces, their methods and their parameters.\n\n"
            "#![allow(clippy::too_many_arguments)]\n\n"
            "#[allow(unused_imports)]\n"
            "use crate::api::support::Arg as _;\n"
            "use crate::api::Upload;\n\n"
            + "\n".join(parts) + "\n" + "\n".join(params)
            + f"\nimpl crate::Client {{\n{client_methods}}}\n"
            + f"\nimpl crate::UserSession {{\n{session_methods}}}\n"
        )

    def files(self) -> dict[str, str]:
        namespaces = self.namespaces_file()
        models = self.models_file()
        return {
            "core/src/api/generated/mod.rs": HEADER.format(version=self.api.version)
            + "//! Generated typed calls and models.\n\npub mod models;\npub mod namespaces;\n",
            "core/src/api/generated/models.rs": models,
            "core/src/api/generated/namespaces.rs": namespaces,
        }
