#!/usr/bin/env python3
"""Facts-only transcription of Candescent's official Postman collections, for the replay test.

Reads the 23 collections under ``postman-collections/`` of the official folder (kept outside this
repository) and writes ``emulator/tests/postman/requests.json``: per collection, its flows (one per
folder that holds requests), each request in order with its method, raw URL, enabled headers,
Basic auth and body, the operation it calls (from ``codegen/api/candescent-di-api.facts.json``),
the status it documents, and what its scripts do, written down as data: what a test script saves
to the environment (``sets``), what a pre-request script computes (``before``, ``dates``) and
which environment variables a pre-request script insists on (``requires``). Descriptions and the
scripts' JavaScript stay out.

The scripts are read by a small JavaScript parser and a symbolic evaluator that knows the shapes
the collections use (a field of the answer, the first item of a list matching conditions, the
XML token answer, page-by-page searches, environment checks, moment.js dates). A script it does
not understand must be described in ``codegen/postman_sets.json`` (keyed by collection, folder,
request and the script's SHA-256), or the run fails: a new version of a collection cannot change
a script unnoticed.

    python3 codegen/postman.py [PATH_TO_POSTMAN_COLLECTIONS] [OUT]
    # default: ../shared/official/postman-collections, relative to the repository root

``make postman`` runs it; ``make check-postman`` runs it into a temporary file and fails when the
checked-in file differs (skipped when the official folder is not on the machine).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "emulator" / "tests" / "postman" / "requests.json"
FACTS = ROOT / "codegen" / "api" / "candescent-di-api.facts.json"
TABLE = ROOT / "codegen" / "postman_sets.json"
SOURCE_MD = ROOT / "emulator" / "tests" / "postman" / "SOURCE.md"
DEFAULT_COLLECTIONS = ROOT.parent / "shared" / "official" / "postman-collections"

BASE_URL = "{{apigee_base_url}}"

# Operations the emulator does not serve, by path prefix: OAuth V1 and the XML-era APIs, and the
# MX pass-through (a proxy to another company's API). A flow calling one is kept, marked.
NOT_EMULATED = (
    ("/v1/oauth/token", "OAuth V1 tokens (/v1/oauth/token)"),
    ("/bankingservices/", "the legacy XML banking-services API (/bankingservices/…)"),
    ("/subscriptions/", "the XML subscriptions API (/subscriptions/…)"),
    ("/pss/", "the Promotions Suite API (/pss/…)"),
    ("/registration/v4/", "the XML registration API (/registration/v4/…)"),
    ("/mx/", "the MX pass-through (/mx/…)"),
)

# Steps that check a revoked token: the flows state that the call must now be refused.
REVOKED_CHECK = re.compile(r"verify token revocation", re.IGNORECASE)


class Unrecognised(Exception):
    """A script (or part of one) outside the shapes this transcriber knows."""


# ---------------------------------------------------------------------------------------------
# A JavaScript subset: tokens
# ---------------------------------------------------------------------------------------------

PUNCT = sorted(
    "=== !== ... => == != <= >= && || ?? ?. ++ -- += -= { } ( ) [ ] ; , . < > + - * / % ! ? : = &"
    " |".split(),
    key=len,
    reverse=True,
)
# After these tokens a `/` starts a regular expression rather than a division.
REGEX_AFTER = {"(", ",", "=", ":", "[", "!", "&&", "||", "??", "?", "{", "}", ";", "return", "=>"}


@dataclass
class Tok:
    kind: str  # id, num, str, tmpl, regex, punct, end
    value: Any


def lex(src: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
        elif src.startswith("//", i):
            i = src.find("\n", i) if "\n" in src[i:] else n
        elif src.startswith("/*", i):
            i = src.index("*/", i) + 2
        elif c in "'\"":
            j, out = i + 1, []
            while src[j] != c:
                if src[j] == "\\":
                    out.append({"n": "\n", "r": "\r", "t": "\t"}.get(src[j + 1], src[j + 1]))
                    j += 2
                else:
                    out.append(src[j])
                    j += 1
            toks.append(Tok("str", "".join(out)))
            i = j + 1
        elif c == "`":
            j, quasis, exprs, cur = i + 1, [], [], []
            while src[j] != "`":
                if src.startswith("${", j):
                    depth, k = 1, j + 2
                    while depth:
                        depth += {"{": 1, "}": -1}.get(src[k], 0)
                        k += 1
                    quasis.append("".join(cur))
                    cur = []
                    exprs.append(src[j + 2 : k - 1])
                    j = k
                elif src[j] == "\\":
                    cur.append(src[j + 1])
                    j += 2
                else:
                    cur.append(src[j])
                    j += 1
            quasis.append("".join(cur))
            toks.append(Tok("tmpl", (quasis, exprs)))
            i = j + 1
        elif c.isdigit():
            m = re.compile(r"\d+(\.\d+)?").match(src, i)
            assert m
            toks.append(Tok("num", float(m.group()) if m.group(1) else int(m.group())))
            i = m.end()
        elif c.isalpha() or c in "_$":
            m = re.compile(r"[\w$]+").match(src, i)
            assert m
            toks.append(Tok("id", m.group()))
            i = m.end()
        elif c == "/" and (not toks or toks[-1].value in REGEX_AFTER):
            j, in_class = i + 1, False
            while in_class or src[j] != "/":
                if src[j] == "\\":
                    j += 1
                elif src[j] in "[]":
                    in_class = src[j] == "["
                j += 1
            m = re.compile(r"[a-z]*").match(src, j + 1)
            assert m
            toks.append(Tok("regex", (src[i + 1 : j], m.group())))
            i = m.end()
        else:
            p = next((p for p in PUNCT if src.startswith(p, i)), None)
            if p is None:
                raise Unrecognised(f"unexpected character {c!r}")
            toks.append(Tok("punct", p))
            i += len(p)
    toks.append(Tok("end", None))
    return toks


# ---------------------------------------------------------------------------------------------
# A JavaScript subset: syntax (tuples: the node kind first)
# ---------------------------------------------------------------------------------------------

BINARY = {
    "??": 4,
    "||": 5,
    "&&": 6,
    "===": 10,
    "!==": 10,
    "==": 10,
    "!=": 10,
    "<": 11,
    ">": 11,
    "<=": 11,
    ">=": 11,
    "+": 13,
    "-": 13,
    "*": 14,
    "/": 14,
    "%": 14,
}


class Parser:
    def __init__(self, src: str):
        self.toks = lex(src)
        self.i = 0

    def peek(self, k: int = 0) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def at(self, value: str) -> bool:
        t = self.peek()
        return t.kind in ("punct", "id") and t.value == value

    def eat(self, value: str | None = None) -> Tok:
        t = self.peek()
        if value is not None and not self.at(value):
            raise Unrecognised(f"expected {value!r}, found {t.value!r}")
        self.i += 1
        return t

    def name(self) -> str:
        t = self.eat()
        if t.kind != "id":
            raise Unrecognised(f"expected a name, found {t.value!r}")
        return str(t.value)

    def program(self) -> list[tuple]:
        out = []
        while self.peek().kind != "end":
            out.append(self.statement())
        return out

    def block(self) -> list[tuple]:
        self.eat("{")
        out = []
        while not self.at("}"):
            out.append(self.statement())
        self.eat("}")
        return out

    def body(self) -> list[tuple]:
        return self.block() if self.at("{") else [self.statement()]

    def statement(self) -> tuple:
        if self.at(";"):
            self.eat()
            return ("empty",)
        if self.at("{"):
            return ("block", self.block())
        if self.at("const") or self.at("let") or self.at("var"):
            kind = self.eat().value
            decls = []
            while True:
                name = self.name()
                init = self.expr(2) if self.at("=") and self.eat("=") else None
                decls.append((name, init))
                if not self.at(","):
                    break
                self.eat(",")
            self.semicolon()
            return ("decl", kind, decls)
        if self.at("function"):
            self.eat()
            name = self.name()
            return ("funcdecl", name, self.params(), self.block())
        if self.at("if"):
            self.eat()
            self.eat("(")
            test = self.expr()
            self.eat(")")
            cons = self.body()
            alt = None
            if self.at("else"):
                self.eat()
                alt = self.body()
            return ("if", test, cons, alt)
        if self.at("for"):
            self.eat()
            self.eat("(")
            init = self.statement()
            test = self.expr()
            self.eat(";")
            update = self.expr()
            self.eat(")")
            return ("for", init, test, update, self.body())
        if self.at("return"):
            self.eat()
            value = None if self.at(";") or self.at("}") else self.expr()
            self.semicolon()
            return ("return", value)
        if self.at("throw"):
            self.eat()
            value = self.expr()
            self.semicolon()
            return ("throw", value)
        e = self.expr()
        self.semicolon()
        return ("expr", e)

    def semicolon(self) -> None:
        if self.at(";"):
            self.eat()

    def params(self) -> list[str]:
        self.eat("(")
        names = []
        while not self.at(")"):
            names.append(self.name())
            if self.at(","):
                self.eat()
        self.eat(")")
        return names

    def is_arrow(self) -> bool:
        if self.peek().kind == "id" and self.peek(1).value == "=>":
            return True
        if not self.at("("):
            return False
        depth, k = 0, 0
        while True:
            t = self.peek(k)
            if t.kind == "end":
                return False
            if t.kind == "punct" and t.value == "(":
                depth += 1
            elif t.kind == "punct" and t.value == ")":
                depth -= 1
                if depth == 0:
                    return self.peek(k + 1).value == "=>"
            k += 1

    def arrow(self) -> tuple:
        params = [self.name()] if self.peek().kind == "id" else self.params()
        self.eat("=>")
        if self.at("{"):
            return ("func", None, params, self.block())
        return ("func", None, params, [("return", self.expr(2))])

    def expr(self, min_bp: int = 0) -> tuple:
        left = self.unary()
        while True:
            t = self.peek()
            if t.kind != "punct":
                break
            op = t.value
            if op in ("=", "+=", "-=") and min_bp <= 2:
                self.eat()
                left = ("assign", op, left, self.expr(2))
            elif op == "?" and min_bp <= 3:
                self.eat()
                cons = self.expr(2)
                self.eat(":")
                left = ("cond", left, cons, self.expr(3))
            elif op in BINARY and BINARY[op] > min_bp:
                self.eat()
                right = self.expr(BINARY[op])
                kind = "logic" if op in ("&&", "||", "??") else "bin"
                left = (kind, op, left, right)
            elif op in ("++", "--"):
                self.eat()
                left = ("update", op, left)
            else:
                break
        return left

    def unary(self) -> tuple:
        if self.at("!") or self.at("-") or self.at("typeof"):
            op = self.eat().value
            return ("unary", op, self.unary())
        if self.at("new"):
            self.eat()
            callee = self.primary()
            args = self.args() if self.at("(") else []
            return self.postfix(("new", callee, args))
        return self.postfix(self.primary())

    def args(self) -> list[tuple]:
        self.eat("(")
        out = []
        while not self.at(")"):
            out.append(self.expr(2))
            if self.at(","):
                self.eat()
        self.eat(")")
        return out

    def postfix(self, e: tuple) -> tuple:
        while True:
            if self.at("."):
                self.eat()
                e = ("member", e, self.name())
            elif self.at("?."):
                self.eat()
                if self.at("["):
                    self.eat()
                    e = ("index", e, self.expr())
                    self.eat("]")
                elif self.at("("):
                    e = ("call", e, self.args())
                else:
                    e = ("member", e, self.name())
            elif self.at("["):
                self.eat()
                e = ("index", e, self.expr())
                self.eat("]")
            elif self.at("("):
                e = ("call", e, self.args())
            else:
                return e

    def primary(self) -> tuple:
        if self.is_arrow():
            return self.arrow()
        t = self.eat()
        if t.kind == "num" or t.kind == "str":
            return ("lit", t.value)
        if t.kind == "tmpl":
            quasis, exprs = t.value
            return ("tmpl", quasis, [Parser(e).expr() for e in exprs])
        if t.kind == "regex":
            return ("regex", *t.value)
        if t.kind == "id":
            if t.value in ("true", "false"):
                return ("lit", t.value == "true")
            if t.value in ("null", "undefined"):
                return ("lit", None)
            if t.value == "function":
                if self.peek().kind == "id":
                    self.name()
                return ("func", None, self.params(), self.block())
            return ("name", t.value)
        if t.value == "(":
            e = self.expr()
            self.eat(")")
            return e
        if t.value == "[":
            items = []
            while not self.at("]"):
                items.append(self.expr(2))
                if self.at(","):
                    self.eat()
            self.eat("]")
            return ("array", items)
        if t.value == "{":
            props = []
            while not self.at("}"):
                key = self.eat()
                self.eat(":")
                props.append((key.value, self.expr(2)))
                if self.at(","):
                    self.eat()
            self.eat("}")
            return ("object", props)
        raise Unrecognised(f"unexpected {t.value!r}")


def walk(node: Any):
    """Every node under `node` (statements, expressions, lists of them)."""
    if isinstance(node, tuple):
        yield node
        for part in node[1:]:
            yield from walk(part)
    elif isinstance(node, list):
        for part in node:
            yield from walk(part)


# ---------------------------------------------------------------------------------------------
# Symbolic values: what an expression of a script stands for
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    parse: str | None  # None: JSON; "xml2js": the XML answer as xml2js presents it


@dataclass(frozen=True)
class BPath:
    """A value in the answer body."""

    body: Body
    segs: tuple


@dataclass(frozen=True)
class Lst:
    """A list in the answer body: the first of `alts` that is an array."""

    alts: tuple


@dataclass(frozen=True)
class Item:
    """The first item of `lst` meeting `where` (None: the first item)."""

    lst: Lst
    where: tuple | None


@dataclass(frozen=True)
class IPath:
    item: Item
    segs: tuple


@dataclass(frozen=True)
class Env:
    name: str


@dataclass(frozen=True)
class Lit:
    value: Any


@dataclass(frozen=True)
class Norm:
    """`value` trimmed and lower-cased (a case-insensitive comparison)."""

    value: Any


@dataclass(frozen=True)
class Stringified:
    value: Any


@dataclass(frozen=True)
class PPath:
    """Inside a predicate: a field of the item being tested."""

    segs: tuple


@dataclass(frozen=True)
class Conds:
    conds: tuple


@dataclass(frozen=True)
class DateVal:
    days: int
    suffix: str = ""


@dataclass(frozen=True)
class Names:
    """A literal array of environment variable names."""

    names: tuple


@dataclass(frozen=True)
class Missing:
    """`names.filter(v => !pm.environment.get(v))`, possibly with an any-of group pushed."""

    names: tuple


@dataclass(frozen=True)
class AnyOf:
    names: tuple


@dataclass
class Func:
    params: list
    body: list
    scope: dict


@dataclass(frozen=True)
class Marker:
    """Objects the scripts use for their side effects: `pm`, `console`, modules, …"""

    what: str


ENV_GET = ("member", ("member", ("name", "pm"), "environment"), "get")


class Return(Exception):
    def __init__(self, value: Any):
        self.value = value


@dataclass
class Effects:
    """What a script does, as data."""

    sets: dict = field(default_factory=dict)
    requires: list = field(default_factory=list)
    requires_one_of: list = field(default_factory=list)
    dates: dict = field(default_factory=dict)


def path_text(segs: tuple) -> str:
    return ".".join(str(s) for s in segs)


class Evaluator:
    """Runs a script symbolically; anything outside the known shapes raises Unrecognised."""

    def __init__(self, kind: str):
        self.kind = kind  # "test" or "prerequest"
        self.fx = Effects()

    # statements -------------------------------------------------------------------------

    def run(self, stmts: list, scope: dict) -> None:
        for i, s in enumerate(stmts):
            if s[0] == "if" and self.found_then_page(s, stmts[i + 1 :], scope):
                return
            self.stmt(s, scope)

    def stmt(self, s: tuple, scope: dict) -> None:
        kind = s[0]
        if kind == "empty":
            return
        if kind == "decl":
            for name, init in s[2]:
                scope[name] = Lit(None) if init is None else self.ev(init, scope)
        elif kind == "funcdecl":
            scope[s[1]] = Func(s[2], s[3], scope)
        elif kind == "expr":
            self.ev(s[1], scope)
        elif kind == "return":
            raise Return(None if s[1] is None else self.ev(s[1], scope))
        elif kind == "if":
            self.if_stmt(s, scope)
        elif kind == "block":
            self.run(s[1], dict(scope))
        else:
            raise Unrecognised(f"statement {kind}")

    def if_stmt(self, s: tuple, scope: dict) -> None:
        _, test, cons, alt = s
        throws = all(c[0] == "throw" for c in cons) and alt is None
        t = test
        if throws and t[0] == "bin" and t[1] == ">" and t[3] == ("lit", 0):
            missing = self.ev(t[2][1], scope) if t[2][0] == "member" else None
            if t[2][0] != "member" or t[2][2] != "length" or not isinstance(missing, Missing):
                raise Unrecognised("throw on a condition other than missing variables")
            self.require(missing.names)
            return
        if throws:
            # `if (!x)` or `if (!x || x === '')` on an environment value: a check that it is set.
            names = self.negated_env(t, scope)
            if names:
                self.require(names)
                return
        if t[0] == "unary" and t[1] == "!":
            v = self.ev(t[2], scope)
            if isinstance(v, AnyOf) and len(cons) == 1:
                push = cons[0][1]
                if push[0] == "call" and push[1][0] == "member" and push[1][2] == "push":
                    self.fx.requires_one_of.append(list(v.names))
                    return
        v = self.ev(t, scope)
        if isinstance(v, Marker) and v.what == "error" and all(self.logs(c) for c in cons):
            return
        raise Unrecognised("if statement")

    def negated_env(self, t: tuple, scope: dict) -> list[str]:
        if t[0] == "logic" and t[1] == "||":
            a = self.negated_env(t[2], scope)
            rhs = t[3]
            if a and rhs[0] == "bin" and rhs[1] == "===" and rhs[3] == ("lit", ""):
                if self.ev(rhs[2], scope) == Env(a[0]):
                    return a
            return []
        if t[0] == "unary" and t[1] == "!":
            v = self.ev(t[2], scope)
            if isinstance(v, Env):
                return [v.name]
        return []

    def require(self, names: Any) -> None:
        for n in names:
            if n not in self.fx.requires:
                self.fx.requires.append(n)

    def logs(self, s: tuple) -> bool:
        if s[0] == "return" and s[1] is None:
            return True
        return s[0] == "expr" and self.is_console(s[1])

    def is_console(self, e: tuple) -> bool:
        return e[0] == "call" and e[1][0] == "member" and e[1][1] == ("name", "console")

    def found_then_page(self, s: tuple, rest: list, scope: dict) -> bool:
        """`if (match) { set…; return; }` followed by the search of the other pages."""
        _, test, cons, alt = s
        if alt is not None or test[0] != "name" or not cons or cons[-1] != ("return", None):
            return False
        found = scope.get(test[1])
        if not isinstance(found, Item):
            return False
        before = dict(self.fx.sets)
        self.run(cons[:-1], scope)
        saved = [k for k in self.fx.sets if k not in before]
        if not saved:
            raise Unrecognised("a found item that saves nothing")
        if rest:
            paging = self.paging(rest, scope)
            for k in saved:
                self.fx.sets[k] = {**self.fx.sets[k], "paged": paging}
        return True

    def paging(self, rest: list, scope: dict) -> dict:
        """The other pages searched the same way: `param` counts up to `total` pages."""
        total = None
        for s in rest:
            if s[0] == "decl":
                for name, init in s[2]:
                    v = self.ev_lenient(init, scope)
                    if isinstance(v, BPath) and v.segs[-1] == "totalPages":
                        total = path_text(v.segs)
                        scope[name] = v
        sends = [n for n in walk(rest) if n[0] == "call" and self.callee_is(n, "pm", "sendRequest")]
        loops = [n for n in walk(rest) if n[0] == "for"]
        if total is None or len(sends) != 1 or len(loops) != 1:
            raise Unrecognised("a search of further pages of another shape")
        url = next((v for k, v in sends[0][2][0][1] if k == "url"), None)
        page_url = scope.get(url[1][1]) if url and url[0] == "call" else None
        if not isinstance(page_url, Func):
            raise Unrecognised("further pages fetched from another URL")
        params = {
            m.group(1)
            for n in walk(page_url.body)
            if n[0] == "regex"
            for m in [re.search(r"\[\?&\]\(?(\w+)=", n[1])]
            if m
        }
        reads_url = any(
            n[0] == "member" and n[2] == "url" and n[1] == ("member", ("name", "pm"), "request")
            for n in walk(page_url.body)
        )
        if len(params) != 1 or not reads_url:
            raise Unrecognised("further pages numbered another way")
        return {"param": params.pop(), "total": total}

    def callee_is(self, call: tuple, obj: str, method: str) -> bool:
        c = call[1]
        return c[0] == "member" and c[1] == ("name", obj) and c[2] == method

    # expressions ------------------------------------------------------------------------

    def ev_lenient(self, e: tuple, scope: dict) -> Any:
        try:
            return self.ev(e, scope)
        except Unrecognised:
            return None

    def ev(self, e: tuple, scope: dict) -> Any:
        kind = e[0]
        if kind == "lit":
            return Lit(e[1])
        if kind == "name":
            if e[1] in scope:
                return scope[e[1]]
            if e[1] in ("pm", "console", "Array", "JSON", "String", "Date"):
                return Marker(e[1])
            raise Unrecognised(f"unknown name {e[1]}")
        if kind == "func":
            return Func(e[2], e[3], scope)
        if kind == "array":
            items = [self.ev(x, scope) for x in e[1]]
            if all(isinstance(x, Lit) and isinstance(x.value, str) for x in items):
                return Names(tuple(x.value for x in items))
            raise Unrecognised("array literal")
        if kind == "member":
            return self.member(self.ev(e[1], scope), e[2])
        if kind == "index":
            obj, idx = self.ev(e[1], scope), self.ev(e[2], scope)
            if isinstance(idx, Lit) and isinstance(idx.value, int):
                return self.member(obj, idx.value)
            raise Unrecognised("computed index")
        if kind == "call":
            return self.call(e, scope)
        if kind == "new":
            if e[1] == ("name", "Date") and not e[2]:
                return DateVal(0)
            raise Unrecognised("new")
        if kind == "logic":
            return self.logic(e, scope)
        if kind == "bin":
            return self.binary(e, scope)
        if kind == "unary" and e[1] == "!":
            return self.negate(self.ev(e[2], scope))
        if kind == "cond":
            return self.conditional(e, scope)
        raise Unrecognised(f"expression {kind}")

    def member(self, obj: Any, prop: Any) -> Any:
        if isinstance(obj, Marker):
            return Marker(f"{obj.what}.{prop}")
        if isinstance(obj, Body):
            return BPath(obj, (prop,))
        if isinstance(obj, BPath):
            return BPath(obj.body, obj.segs + (prop,))
        if isinstance(obj, Item):
            return IPath(obj, (prop,))
        if isinstance(obj, IPath):
            return IPath(obj.item, obj.segs + (prop,))
        if isinstance(obj, PPath):
            return PPath(obj.segs + (prop,))
        raise Unrecognised(f"member {prop} of {obj!r}")

    def call(self, e: tuple, scope: dict) -> Any:
        callee, args = e[1], e[2]
        if callee[0] == "member":
            target = self.ev(callee[1], scope)
            method = callee[2]
            if isinstance(target, Marker):
                return self.builtin(f"{target.what}.{method}", args, scope)
            if isinstance(target, Func):
                raise Unrecognised("method of a function")
            return self.method(target, method, args, scope)
        f = self.ev(callee, scope)
        if isinstance(f, Func):
            return self.apply(f, [self.ev(a, scope) for a in args])
        if isinstance(f, Marker) and f.what == "String" and len(args) == 1:
            return self.ev(args[0], scope)
        if isinstance(f, Marker) and f.what == "moment" and not args:
            return DateVal(0)
        raise Unrecognised("call")

    def apply(self, f: Func, values: list) -> Any:
        scope = dict(f.scope)
        for i, p in enumerate(f.params):
            scope[p] = values[i] if i < len(values) else Lit(None)
        try:
            self.run(f.body, scope)
        except Return as r:
            return r.value
        return Lit(None)

    def builtin(self, name: str, args: list, scope: dict) -> Any:
        if name.startswith("console."):
            return Lit(None)
        if name == "pm.response.json" and not args:
            return Body(None)
        if name == "pm.environment.get" and len(args) == 1:
            n = self.ev(args[0], scope)
            if isinstance(n, Lit) and isinstance(n.value, str):
                return Env(n.value)
            raise Unrecognised("environment name")
        if name == "pm.environment.set" and len(args) == 2:
            n = self.ev(args[0], scope)
            if not (isinstance(n, Lit) and isinstance(n.value, str)):
                raise Unrecognised("environment name")
            self.save(n.value, self.ev(args[1], scope))
            return Lit(None)
        if name == "Array.isArray" and len(args) == 1:
            return ("isarray", self.ev(args[0], scope))
        if name == "JSON.stringify" and len(args) == 1:
            return Stringified(self.ev(args[0], scope))
        if name == "xml2js.parseString" and len(args) == 2:
            if args[0] != ("call", ("member", ("member", ("name", "pm"), "response"), "text"), []):
                raise Unrecognised("XML from elsewhere than the answer")
            f = self.ev(args[1], scope)
            if not isinstance(f, Func) or len(f.params) != 2:
                raise Unrecognised("XML callback")
            return self.apply(f, [Marker("error"), Body("xml2js")])
        raise Unrecognised(f"call of {name}")

    def method(self, target: Any, method: str, args: list, scope: dict) -> Any:
        if isinstance(target, Lst) and method == "find" and len(args) == 1:
            return Item(target, self.predicate(self.ev(args[0], scope)))
        if isinstance(target, BPath) and method == "find" and len(args) == 1:
            return Item(Lst((target,)), self.predicate(self.ev(args[0], scope)))
        if isinstance(target, Names) and method == "filter" and len(args) == 1:
            if self.checks_unset(self.ev(args[0], scope)):
                return Missing(target.names)
        if isinstance(target, Names) and method == "some" and len(args) == 1:
            f = self.ev(args[0], scope)
            if (
                isinstance(f, Func)
                and len(f.params) == 1
                and f.body == [("return", ("call", ENV_GET, [("name", f.params[0])]))]
            ):
                return AnyOf(target.names)
        if isinstance(target, (Env, PPath, Norm)) and method in ("trim", "toLowerCase"):
            return target if isinstance(target, Norm) else Norm(target)
        if isinstance(target, PPath) and method == "includes" and len(args) == 1:
            return Conds(
                (
                    {
                        **self.cond_path(target),
                        "op": "contains",
                        "value": self.cond_value(self.ev(args[0], scope)),
                    },
                )
            )
        if isinstance(target, DateVal) and method in ("subtract", "add") and len(args) == 2:
            n, unit = self.ev(args[0], scope), self.ev(args[1], scope)
            if unit == Lit("days") and isinstance(n, Lit) and isinstance(n.value, int):
                sign = -1 if method == "subtract" else 1
                return DateVal(target.days + sign * n.value, target.suffix)
        if isinstance(target, DateVal) and method == "format" and len(args) == 1:
            if self.ev(args[0], scope) == Lit("YYYY-MM-DD"):
                return target
        if isinstance(target, DateVal) and method == "toISOString" and not args:
            return ("isostring", target)
        if isinstance(target, DateVal) and method == "getDate" and not args:
            return ("getdate", target)
        raise Unrecognised(f"method {method}")

    def checks_unset(self, f: Any) -> bool:
        if not isinstance(f, Func) or len(f.params) != 1:
            return False
        body = f.body
        if len(body) != 1 or body[0][0] != "return":
            return False
        return body[0][1] == ("unary", "!", ("call", ENV_GET, [("name", f.params[0])]))

    def logic(self, e: tuple, scope: dict) -> Any:
        _, op, left, r = e
        a = self.ev(left, scope)
        if op == "??" and r == ("lit", None):
            return a
        if op == "||" and r == ("array", []):
            return a if isinstance(a, Lst) else Lst((self.as_path(a),))
        if op == "||" and r == ("lit", ""):
            return a
        if op == "||" and r == ("lit", 1) and isinstance(a, BPath):
            return a
        b = self.ev(r, scope)
        if isinstance(a, (PPath, Conds)) or isinstance(b, (PPath, Conds)):
            if op == "&&":
                both = self.conds(a) + self.conds(b)
                return Conds(tuple(c for i, c in enumerate(both) if c not in both[:i]))
            if op == "||":
                return Conds((self.any_of(self.conds(a), self.conds(b)),))
        if op == "&&" and isinstance(a, BPath) and isinstance(b, BPath):
            if b.segs[: len(a.segs)] == a.segs:
                return b  # `x && x.y`: the guard adds nothing to the path
        if op == "||" and isinstance(a, BPath) and isinstance(b, BPath):
            return Lst((a, b))
        raise Unrecognised(f"{op} expression")

    def as_path(self, v: Any) -> BPath:
        if isinstance(v, BPath):
            return v
        raise Unrecognised("a list outside the answer")

    def binary(self, e: tuple, scope: dict) -> Any:
        _, op, left, r = e
        a, b = self.ev(left, scope), self.ev(r, scope)
        if isinstance(a, DateVal) and op == "+" and isinstance(b, Lit):
            return DateVal(a.days, a.suffix + str(b.value))
        if isinstance(a, tuple) and a[0] == "getdate" and op == "+" and isinstance(b, Lit):
            return ("datepart", a[1], b.value)
        if isinstance(a, (PPath, Norm)) or isinstance(b, (PPath, Norm)):
            ops = {"===": "==", "==": "==", "!==": "!=", "!=": "!=", ">": ">"}
            if op not in ops:
                raise Unrecognised(f"comparison {op}")
            if isinstance(a, Norm) and isinstance(b, Norm) and isinstance(a.value, PPath):
                return Conds(
                    ({**self.cond_path(a.value), "op": "ieq", "value": self.cond_value(b.value)},)
                )
            if not isinstance(a, PPath):
                raise Unrecognised("comparison of something else than the item's field")
            return Conds(({**self.cond_path(a), "op": ops[op], "value": self.cond_value(b)},))
        raise Unrecognised(f"operator {op}")

    def negate(self, v: Any) -> Any:
        if isinstance(v, Marker) and v.what == "error":
            return v
        if isinstance(v, AnyOf):
            return v
        raise Unrecognised("negation")

    def conditional(self, e: tuple, scope: dict) -> Any:
        _, test, cons, alt = e
        if test[0] == "bin" and test[1] in ("!=", "!==") and test[3] == ("lit", None):
            guarded = self.ev(test[2], scope)
            if alt == ("lit", None) and self.ev(cons, scope) == guarded:
                return guarded  # `x != null ? String(x) : null`
            raise Unrecognised("conditional on a null test")
        t = self.ev(test, scope)
        if not (isinstance(t, tuple) and t[0] == "isarray"):
            raise Unrecognised("conditional")
        lst = t[1] if isinstance(t[1], Lst) else Lst((self.as_path(t[1]),))
        v = self.ev(cons, scope)
        if alt == ("array", []) and v in (t[1], lst):
            return lst  # `Array.isArray(x) ? x : []`
        if alt != ("lit", None):
            raise Unrecognised("conditional with another alternative than null")
        if isinstance(v, Item):
            return v
        if isinstance(v, BPath):
            # `Array.isArray(x) ? x[0]… : null`: `x[0]` is the list's first item.
            for p in lst.alts:
                n = len(p.segs)
                if v.segs[:n] == p.segs and len(v.segs) > n and v.segs[n] == 0:
                    item = Item(lst, None)
                    rest = v.segs[n + 1 :]
                    return IPath(item, rest) if rest else item
        raise Unrecognised("an array test guarding something else")

    # predicates -------------------------------------------------------------------------

    def predicate(self, f: Any) -> tuple:
        if not isinstance(f, Func) or len(f.params) != 1:
            raise Unrecognised("predicate")
        v = self.apply(f, [PPath(())])
        return self.conds(v)

    def conds(self, v: Any) -> tuple:
        if isinstance(v, Conds):
            return v.conds
        if isinstance(v, PPath):
            # `acc && …`: every item of a list of objects is truthy.
            return () if not v.segs else ({**self.cond_path(v), "op": "exists"},)
        raise Unrecognised("condition")

    def any_of(self, a: tuple, b: tuple) -> dict:
        """`x === 'A' || x === 'B'`."""
        values = []
        path = None
        for c in a + b:
            if c["op"] not in ("==", "in") or (path is not None and c["path"] != path):
                raise Unrecognised("a disjunction of something else than values of one field")
            path = c["path"]
            values += c["value"] if c["op"] == "in" else [c["value"]]
        return {"path": path, "op": "in", "value": values}

    def cond_path(self, p: PPath) -> dict:
        return {"path": path_text(p.segs)}

    def cond_value(self, v: Any) -> Any:
        if isinstance(v, Lit):
            return v.value
        if isinstance(v, Env):
            return "{{" + v.name + "}}"
        if isinstance(v, Norm):
            return self.cond_value(v.value)
        if isinstance(v, (IPath, BPath)):
            return rule(v)
        raise Unrecognised("a condition's value")

    # what is saved ----------------------------------------------------------------------

    def save(self, name: str, v: Any) -> None:
        if isinstance(v, Lit) and v.value is None:
            return  # the not-found branch of a search: nothing to save
        if isinstance(v, DateVal):
            if self.kind != "prerequest":
                raise Unrecognised("a date saved by a test script")
            self.fx.dates[name] = v.days if not v.suffix else {"days": v.days, "suffix": v.suffix}
            return
        self.fx.sets[name] = rule(v)


def rule(v: Any) -> dict:
    """A symbolic value as the data rule the replay evaluates against the answer."""
    if isinstance(v, Stringified):
        return {**rule(v.value), "json": True}
    if isinstance(v, BPath):
        out: dict[str, Any] = {"field": path_text(v.segs)}
        if v.body.parse:
            out["parse"] = v.body.parse
        return out
    if isinstance(v, IPath):
        return {**item_rule(v.item), "take": path_text(v.segs)}
    raise Unrecognised(f"a saved value of kind {type(v).__name__}")


def item_rule(item: Item) -> dict:
    alts = [path_text(p.segs) for p in item.lst.alts]
    out: dict[str, Any] = {"from": alts[0] if len(alts) == 1 else alts}
    if item.where is None:
        out["first"] = True
    else:
        out["where"] = list(item.where)
    parse = item.lst.alts[0].body.parse
    if parse:
        out["parse"] = parse
    return out


class DateEvaluator(Evaluator):
    """Pre-request scripts: also `moment`, and `new Date()` moved with setDate."""

    def call(self, e: tuple, scope: dict) -> Any:
        callee, args = e[1], e[2]
        if callee == ("name", "require") and len(args) == 1:
            m = self.ev(args[0], scope)
            if m == Lit("moment"):
                return Marker("moment")
            raise Unrecognised("require")
        if callee[0] == "member" and callee[2] == "setDate" and len(args) == 1:
            target = callee[1]
            part = self.ev(args[0], scope)
            if target[0] == "name" and isinstance(part, tuple) and part[0] == "datepart":
                scope[target[1]] = DateVal(part[1].days + int(part[2]), part[1].suffix)
                return Lit(None)
        if callee[0] == "member" and callee[2] == "split" and len(args) == 1:
            iso = self.ev(callee[1], scope)
            sep = self.ev(args[0], scope)
            if isinstance(iso, tuple) and iso[0] == "isostring" and sep == Lit("T"):
                return ("split-date", iso[1])
        return super().call(e, scope)

    def ev(self, e: tuple, scope: dict) -> Any:
        if e[0] == "index":
            obj = self.ev(e[1], scope)
            if isinstance(obj, tuple) and obj[0] == "split-date" and e[2] == ("lit", 0):
                return obj[1]  # `d.toISOString().split("T")[0]`: the date part
        return super().ev(e, scope)


def effects(script: str, kind: str) -> Effects:
    try:
        stmts = Parser(script).program()
    except (IndexError, ValueError, AssertionError) as e:
        # The lexer trusts its input to be JavaScript; anything it trips on is simply unknown.
        raise Unrecognised(f"not parsed ({e!r})") from e
    ev = DateEvaluator(kind) if kind == "prerequest" else Evaluator(kind)
    scope: dict[str, Any] = {"xml2js": Marker("xml2js")} if kind == "test" else {}
    if kind == "test" and stmts and stmts[0][0] == "decl":
        first = stmts[0][2][0]
        if first[1] and first[1][0] == "call" and first[1][1] == ("name", "require"):
            if first[1][2] == [("lit", "xml2js")]:
                stmts = stmts[1:]
    try:
        ev.run(stmts, scope)
    except Return:
        pass
    fx = ev.fx
    if kind == "test" and (fx.requires or fx.dates):
        raise Unrecognised("a test script checking the environment")
    if kind == "test" and not fx.sets:
        raise Unrecognised("a test script that saves nothing")
    return fx


# ---------------------------------------------------------------------------------------------
# The hand-written table of scripts the evaluator does not read
# ---------------------------------------------------------------------------------------------


def sha(script: str) -> str:
    return hashlib.sha256(script.encode("utf-8")).hexdigest()[:16]


class Table:
    """`codegen/postman_sets.json`: per script (collection, folder, request, event, SHA-256),
    what it does, in the same vocabulary as the evaluator's output."""

    KEYS = {"sets", "before", "body", "requires", "requires_one_of", "dates"}

    def __init__(self, path: Path):
        doc = json.loads(path.read_text(encoding="utf-8"))
        self.entries = doc["scripts"]
        self.used: set[tuple[int, int]] = set()
        for e in self.entries:
            unknown = set(e) - self.KEYS - {"collection", "places", "event", "sha256", "_comment"}
            if unknown:
                sys.exit(f"{path}: unknown keys {sorted(unknown)} in {e['collection']}")

    def find(
        self, collection: str, folder: str, request: str | None, event: str, script: str
    ) -> dict | None:
        for i, e in enumerate(self.entries):
            if (e["collection"], e["event"]) != (collection, event):
                continue
            if [folder, request] not in e["places"]:
                continue
            self.used.add((i, e["places"].index([folder, request])))
            if e["sha256"] != sha(script):
                sys.exit(
                    f"{TABLE.name}: the {event} script of {collection} / {folder} / {request} "
                    f"changed (SHA-256 {sha(script)}, the table describes {e['sha256']}): "
                    "read the new script and update its entry"
                )
            return {k: v for k, v in e.items() if k in self.KEYS}
        return None

    def check_all_used(self) -> None:
        unused = [
            (e, place)
            for i, e in enumerate(self.entries)
            for j, place in enumerate(e["places"])
            if (i, j) not in self.used
        ]
        for e, place in unused:
            print(
                f"{TABLE.name}: no {e['event']} script at {e['collection']} / {place}",
                file=sys.stderr,
            )
        if unused:
            sys.exit("the table describes scripts the collections no longer have")


# ---------------------------------------------------------------------------------------------
# Operations of the facts extract
# ---------------------------------------------------------------------------------------------


def norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class Operations:
    def __init__(self, facts: dict):
        self.ops = []
        for op in facts["operations"]:
            segs = op["path"].strip("/").split("/")
            patterns, literal, params = [], 0, []
            for s in segs:
                parts = re.split(r"(\{[^}]+\})", s)
                rx = ""
                for p in parts:
                    if p.startswith("{"):
                        rx += "(.+)"
                        params.append(p[1:-1])
                    else:
                        rx += re.escape(p)
                        literal += len(p)
                patterns.append(re.compile(rx + r"\Z"))
            self.ops.append((op, patterns, literal, params))

    def match(self, method: str, path: str) -> dict | None:
        """The operation whose method and path template fit the URL: the most literal template
        wins; between templates alike, the one whose parameter names the URL's variables echo
        (`{{mx_reporting_resource_path}}` is `{mxReportingResourcePath}`)."""
        segs = path.strip("/").split("/")
        best: list[tuple[int, int, dict]] = []
        for op, patterns, literal, params in self.ops:
            if op["method"] != method or len(patterns) != len(segs):
                continue
            matches = [p.match(s) for p, s in zip(patterns, segs, strict=True)]
            if not all(matches):
                continue
            values = [g for m in matches for g in m.groups()]  # type: ignore[union-attr]
            echo = 0
            for param, value in zip(params, values, strict=True):
                v = re.fullmatch(r"\{\{([^}]+)\}\}", value)
                if v and norm_name(v.group(1)).startswith(norm_name(param)):
                    echo += 1
            best.append((literal, echo, op))
        if not best:
            return None
        best.sort(key=lambda b: (b[0], b[1]), reverse=True)
        if len(best) > 1 and best[0][:2] == best[1][:2]:
            ids = [b[2]["id"] for b in best if b[:2] == best[0][:2]]
            sys.exit(f"{method} {path} matches several operations alike: {ids}")
        return best[0][2]


def success_status(op: dict) -> int:
    return min(int(s) for s in op["responses"] if s.startswith("2"))


# ---------------------------------------------------------------------------------------------
# Collections
# ---------------------------------------------------------------------------------------------


def clean(name: str) -> str:
    """A folder's name without the emoji the collections put in front of it."""
    i = 0
    while i < len(name) and (
        unicodedata.category(name[i]) in ("So", "Sk", "Mn", "Cf") or name[i].isspace()
    ):
        i += 1
    return name[i:].strip()


def script_of(node: dict, event: str) -> str | None:
    for e in node.get("event", []):
        if e["listen"] == event:
            text = "\n".join(e["script"].get("exec", []))
            return text if text.strip() else None
    return None


def variables(value: Any) -> list[str]:
    """The `{{name}}` environment variables a value reads (Postman's `{{$…}}` excluded)."""
    text = json.dumps(value, ensure_ascii=False)
    return [v for v in re.findall(r"\{\{([^{}$][^{}]*)\}\}", text)]


def env_reads(r: Any) -> list[str]:
    """Variables a rule reads from the environment (`env` sources and `{{…}}` in values)."""
    found = variables(r)
    if isinstance(r, dict):
        for k, v in r.items():
            if k == "env":
                found.append(v)
            elif isinstance(v, (dict, list)):
                found += env_reads(v)
    elif isinstance(r, list):
        for v in r:
            found += env_reads(v)
    return found


class Transcriber:
    def __init__(self, ops: Operations, table: Table):
        self.ops = ops
        self.table = table
        self.unrecognised: list[str] = []

    def script(
        self, collection: str, folder: str, request: str | None, event: str, text: str | None
    ) -> dict:
        """What one script does: recognised, or read from the table."""
        if text is None:
            return {}
        entry = self.table.find(collection, folder, request, event, text)
        try:
            fx = effects(text, event)
        except Unrecognised as e:
            if entry is not None:
                return entry
            where = " / ".join(x for x in (collection, folder, request) if x)
            self.unrecognised.append(f"{where} ({event} script, SHA-256 {sha(text)}): {e}")
            return {}
        if entry is not None:
            sys.exit(
                f"{TABLE.name} describes a script the transcriber reads: {collection} / "
                f"{folder} / {request} ({event})"
            )
        out: dict[str, Any] = {}
        for key in ("sets", "requires", "requires_one_of", "dates"):
            if getattr(fx, key):
                out[key] = getattr(fx, key)
        return out

    def request(self, collection: str, folder: str, item: dict) -> dict:
        name = item["name"]
        r = item["request"]
        url = r["url"]["raw"] if isinstance(r["url"], dict) else r["url"]
        out: dict[str, Any] = {"name": name, "method": r["method"], "url": url}
        out["operation"] = None
        auth = r.get("auth")
        if auth is None or auth.get("type") == "noauth":
            out["auth"] = None
        elif auth["type"] == "basic":
            basic = {e["key"]: e["value"] for e in auth["basic"]}
            out["auth"] = [basic.get("username", ""), basic.get("password", "")]
        else:
            sys.exit(f"{collection} / {folder} / {name}: {auth['type']} auth")
        headers = r.get("header", [])
        out["header"] = [[h["key"], h["value"]] for h in headers if not h.get("disabled")]
        out["body"] = body(r.get("body"), f"{collection} / {folder} / {name}")
        pre = self.script(collection, folder, name, "prerequest", script_of(item, "prerequest"))
        test = self.script(collection, folder, name, "test", script_of(item, "test"))
        if "dates" in pre or set(test) - {"sets"}:
            sys.exit(f"{collection} / {folder} / {name}: dates or checks where none are expected")
        for key in ("requires", "requires_one_of", "before"):
            if key in pre:
                out[key] = pre[key]
        if "sets" in pre:
            out.setdefault("before", {}).setdefault("sets", {}).update(pre["sets"])
        if "body" in pre:
            out["body"] = pre["body"]
        out["sets"] = test.get("sets", {})
        self.link(out)
        if "request" in out.get("before", {}):
            self.link(out["before"]["request"])
        return out

    def link(self, req: dict) -> None:
        """The operation a request calls and the status it documents."""
        url = req["url"]
        if not url.startswith(BASE_URL):
            sys.exit(f"{req['name']}: {url} is not under {BASE_URL}")
        path = url[len(BASE_URL) :].split("?", 1)[0]
        op = self.ops.match(req["method"], path)
        req["operation"] = op["id"] if op else None
        if REVOKED_CHECK.search(req.get("name", "")):
            req["expect"] = 401
        elif op:
            req["expect"] = success_status(op)
        else:
            req["expect"] = None

    def collection(self, path: Path, rel: str, commit: str) -> dict:
        doc = json.loads(path.read_text(encoding="utf-8"))
        name = doc["info"]["name"]
        if doc.get("auth") or script_of(doc, "test"):
            sys.exit(f"{name}: collection-level auth or test script")
        out: dict[str, Any] = {"name": name, "file": rel, "commit": commit}
        out.update(self.script(name, "", None, "prerequest", script_of(doc, "prerequest")))
        if "sets" in out or "before" in out or "body" in out:
            sys.exit(f"{name}: a collection-level script that computes values")
        flows: list[dict] = []
        self.folders(name, doc["item"], [], {}, flows)
        out["flows"] = flows
        out["reads"] = reads(out)
        return out

    def folders(
        self, collection: str, items: list, path: list, inherited: dict, flows: list
    ) -> None:
        if any("item" not in it for it in items):
            sys.exit(f"{collection}: requests outside a folder at {path}")
        for folder in items:
            fpath = path + [clean(folder["name"])]
            here = merge(inherited, self.folder_scripts(collection, folder, fpath))
            if any("item" not in it for it in folder["item"]):
                flows.append(self.flow(collection, folder, fpath, here))
            else:
                self.folders(collection, folder["item"], fpath, here, flows)

    def folder_scripts(self, collection: str, folder: dict, fpath: list) -> dict:
        if script_of(folder, "test") or folder.get("auth"):
            sys.exit(f"{collection} / {' / '.join(fpath)}: folder-level test script or auth")
        found = self.script(
            collection, " / ".join(fpath), None, "prerequest", script_of(folder, "prerequest")
        )
        if "sets" in found:
            found["before"] = {"sets": found.pop("sets")}
        return found

    def flow(self, collection: str, folder: dict, fpath: list, inherited: dict) -> dict:
        requests: list[dict] = []
        scripts = dict(inherited)

        def gather(items: list, ipath: list) -> None:
            nonlocal scripts
            for it in items:
                if "item" in it:
                    sub = ipath + [clean(it["name"])]
                    scripts = merge(scripts, self.folder_scripts(collection, it, sub))
                    gather(it["item"], sub)
                else:
                    requests.append(self.request(collection, " / ".join(ipath), it))

        gather(folder["item"], fpath)
        out: dict[str, Any] = {"folder": " / ".join(fpath)}
        for key in ("requires", "requires_one_of", "dates", "before"):
            if scripts.get(key):
                out[key] = scripts[key]
        missing = [f"{r['method']} {r['url']}" for r in requests if r["operation"] is None]
        if missing:
            sys.exit(f"{collection} / {out['folder']}: no operation for {missing}")
        calls = []
        for r in requests:
            path = r["url"][len(BASE_URL) :]
            calls += [label for prefix, label in NOT_EMULATED if path.startswith(prefix)]
        if calls:
            unique = " and ".join(dict.fromkeys(calls))
            out["not_emulated"] = f"calls {unique}, which the emulator does not serve"
        out["requests"] = requests
        return out


def merge(a: dict, b: dict) -> dict:
    out = {k: (list(v) if isinstance(v, list) else dict(v)) for k, v in a.items()}
    for k, v in b.items():
        if k in ("requires", "requires_one_of"):
            out[k] = out.get(k, []) + [x for x in v if x not in out.get(k, [])]
        elif k == "dates":
            out[k] = {**out.get(k, {}), **v}
        elif k == "before":
            out[k] = {"sets": {**out.get(k, {}).get("sets", {}), **v.get("sets", {})}}
        else:
            sys.exit(f"a folder script that sets {k}")
    return out


def body(b: dict | None, where: str) -> Any:
    if not b:
        return None
    mode = b.get("mode")
    if mode == "urlencoded":
        return [[f["key"], f.get("value", "")] for f in b["urlencoded"] if not f.get("disabled")]
    if mode == "raw":
        if not b.get("raw", "").strip():
            return None  # Postman sends no body for an empty one
        language = b.get("options", {}).get("raw", {}).get("language", "text")
        return {"raw": b["raw"], "language": language}
    if mode == "formdata":
        form = []
        for f in b["formdata"]:
            if f.get("disabled"):
                continue
            if f.get("type") == "file":
                src = f.get("src")
                form.append([f["key"], {"file": Path(src).name if isinstance(src, str) else ""}])
            else:
                form.append([f["key"], f.get("value", "")])
        return {"form": form}
    sys.exit(f"{where}: a {mode} body")


def reads(collection: dict) -> list[str]:
    """The environment variables a collection reads that none of its own steps sets."""
    needed: list[str] = list(collection.get("requires", []))
    for group in collection.get("requires_one_of", []):
        needed += group
    outer = set(collection.get("dates", {}))
    for flow in collection["flows"]:
        known = set(outer) | set(flow.get("dates", {}))
        needed += flow.get("requires", [])
        for group in flow.get("requires_one_of", []):
            needed += group
        for name, r in flow.get("before", {}).get("sets", {}).items():
            needed += [v for v in env_reads(r) if v not in known]
            known.add(name)
        for req in flow["requests"]:
            needed += req.get("requires", [])
            for group in req.get("requires_one_of", []):
                needed += group
            before = req.get("before", {})
            uses = [req["url"], req["header"], req["auth"], req["body"]]
            if "request" in before:
                b = before["request"]
                uses = [b["url"], b["header"], b["auth"], b["body"]] + uses
            for name, r in before.get("sets", {}).items():
                needed += [v for v in env_reads(r) if v not in known]
                known.add(name)
            needed += [v for v in variables(uses) if v not in known]
            needed += [v for r in req["sets"].values() for v in env_reads(r) if v not in known]
            known |= set(req["sets"])
    return sorted(set(needed))


def source_rows(collections: list[dict]) -> list[str]:
    """The rows of the table of `emulator/tests/postman/SOURCE.md`, which must stay accurate."""
    rows = []
    for c in collections:
        flows = c["flows"]
        n_requests = sum(len(f["requests"]) for f in flows)
        skipped = sum("not_emulated" in f for f in flows)
        file = c["file"].removeprefix("postman-collections/")
        rows.append(
            f"| {c['name']} | `{file}` | `{c['commit']}` | {len(flows)} | {n_requests} "
            f"| {skipped} |"
        )
    return rows


def commits(source_md: str) -> dict[str, str]:
    """File → commit, from the official folder's SOURCE.md table."""
    out = {}
    for m in re.finditer(
        r"^\| `(postman-collections/[^`]+)` \| `([0-9a-f]{40})` \|", source_md, re.MULTILINE
    ):
        out[m.group(1)] = m.group(2)
    return out


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_COLLECTIONS
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    source = commits((folder.parent / "SOURCE.md").read_text(encoding="utf-8"))
    ops = Operations(json.loads(FACTS.read_text(encoding="utf-8")))
    table = Table(TABLE)
    t = Transcriber(ops, table)
    files = sorted(folder.rglob("*.postman_collection.json"))
    collections = []
    for f in files:
        rel = "postman-collections/" + f.relative_to(folder).as_posix()
        if rel not in source:
            sys.exit(f"{folder.parent}/SOURCE.md names no commit for {rel}")
        collections.append(t.collection(f, rel, source[rel]))
    if t.unrecognised:
        print(
            "Scripts neither recognised nor described in codegen/postman_sets.json:",
            file=sys.stderr,
        )
        for u in t.unrecognised:
            print("  " + u, file=sys.stderr)
        sys.exit(1)
    table.check_all_used()
    stale = [row for row in source_rows(collections) if row not in SOURCE_MD.read_text("utf-8")]
    if stale:
        sys.exit(f"{SOURCE_MD} lacks these rows (update its table):\n" + "\n".join(stale))
    doc = {
        "_comment": COMMENT,
        "source": {
            "repository": "candescent-dev/openapi",
            "folder": "postman-collections",
            "generator": "codegen/postman.py",
            "table": "codegen/postman_sets.json",
            "operations": "codegen/api/candescent-di-api.facts.json",
        },
        "collections": collections,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dumps(doc) + "\n", encoding="utf-8")
    n_flows = sum(len(c["flows"]) for c in collections)
    n_req = sum(len(f["requests"]) for c in collections for f in c["flows"])
    print(f"{out}: {len(collections)} collections, {n_flows} flows, {n_req} requests")


def dumps(value: Any, indent: int = 0, prefix: int = 0) -> str:
    """JSON indented by one space a level, with every array or object that fits in 100 columns
    on one line: a request's headers and conditions stay readable."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or not value or indent + prefix + len(flat) <= 100:
        return flat
    pad = " " * (indent + 1)
    if isinstance(value, list):
        inner = [pad + dumps(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(inner) + "\n" + " " * indent + "]"
    inner = []
    for k, v in value.items():
        key = json.dumps(k, ensure_ascii=False) + ": "
        inner.append(pad + key + dumps(v, indent + 1, len(key)))
    return "{\n" + ",\n".join(inner) + "\n" + " " * indent + "}"


COMMENT = (
    "Generated by codegen/postman.py from the official Postman collections; do not edit. "
    "Facts only: methods, URLs, enabled headers, Basic auth, bodies, the operation each request "
    "calls and the status it documents, and what the collections' scripts do, as data. "
    "See SOURCE.md for the format."
)


if __name__ == "__main__":
    main()
