"""The Rust suite of `tests/operations.json`: every case a typed call of `candescent::api` (or a
hand-written one), its result checked against the case's expectations."""

from __future__ import annotations

import json
from pathlib import Path

from emit_rust_api import RustApiEmitter, field_name
from emit_spec import HEADER, rs
from ir import ROOT, Api, Operation

CASES = ROOT / "tests" / "operations.json"


def load_cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))["cases"]


def rust_json(value) -> str:
    return "serde_json::json!(" + json.dumps(value, ensure_ascii=False) + ")"


class CasesEmitter:
    def __init__(self, api: Api):
        self.api = api
        self.rust = RustApiEmitter(api)
        self.by_name = {op.dotted: op for op in api.operations if op.availability == "typed"}

    def setter(self, op: Operation, name: str, value) -> str:
        p = next((p for p in op.arguments() if p.name == name), None)
        if p is None:
            raise SystemExit(f"tests/operations.json: {op.dotted} has no argument {name}")
        ftype, _, conv = self.rust.param_type(p)
        fname = field_name(p.name)
        if ftype == "Upload":
            return f".{fname}(candescent::api::Upload::Bytes({rs(value['bytes'])}.as_bytes().to_vec()))"
        if ftype == "i64":
            return f".{fname}({int(value)})"
        if ftype == "bool":
            return f".{fname}({str(value).lower()})"
        if ftype == "rust_decimal::Decimal":
            return f".{fname}({rs(str(value))}.parse().unwrap())"
        if ftype == "Vec<String>":
            items = value if isinstance(value, list) else [value]
            return f".{fname}([{', '.join(rs(str(v)) for v in items)}])"
        return f".{fname}({rs(str(value))})"

    def call(self, case: dict) -> str:
        op = self.by_name.get(case["op"])
        if op is None:
            raise SystemExit(f"tests/operations.json: no typed operation {case['op']}")
        who = "user" if case.get("as") == "user" else "client"
        ns = op.names[:-1]
        target = who + "".join(f".{field_name(n)}()" for n in ns)
        method = field_name(op.names[-1])
        args = []
        for p in [p for p in op.arguments() if p.location == "path"]:
            value = case.get("path", {}).get(p.name)
            if value is None:
                raise SystemExit(f"tests/operations.json: {case['name']} lacks {p.name}")
            ftype, _, _ = self.rust.param_type(p)
            args.append(str(int(value)) if ftype == "i64" else rs(str(value)))
        if op.body and not op.body.flatten:
            args.append(f"&body({rust_json(case.get('body', {}))})")
        params = [p for p in op.arguments() if p.location != "path"]
        if op.rust_hand:
            return self.hand_call(op, case, target, method)
        if params:
            setters = "".join(self.setter(op, k, v) for k, v in case.get("args", {}).items())
            args.append(f"&candescent::api::{self.rust.params_name(op)}::default(){setters}")
        elif case.get("args"):
            raise SystemExit(f"tests/operations.json: {case['name']} has arguments {op.dotted} lacks")
        _, kind = self.rust.result(op)
        call = f"{target}.{method}({', '.join(args)})"
        if kind == "pages":
            return f"{call}.collect().await.map(|v| json(&v))"
        if kind == "call_partial":
            return (f"{call}.await.map(|p| serde_json::json!({{\"complete\": p.is_complete(), "
                    f"\"result\": p.result.as_ref().map(json)}}))")
        if kind == "call_empty":
            return f"{call}.await.map(|()| serde_json::Value::Null)"
        return f"{call}.await.map(|v| json(&v))"

    def hand_call(self, op: Operation, case: dict, target: str, method: str) -> str:
        """The crate's hand-written typed calls (accounts, transactions, customers)."""
        a = case.get("args", {})
        def opt(name, conv=lambda v: f"Some({rs(str(v))}.into())"):
            return conv(a[name]) if name in a else "None"
        if op.dotted == "customers.find":
            params = (f"candescent::FindCustomer {{ login_id: {opt('login_id')}, "
                      f"host_user_id: {opt('host_user_id')} }}")
            return f"{target}.find(&{params}).await.map(|v| json(&v))"
        if op.dotted == "accounts.list":
            params = (f"candescent::ListAccounts {{ host_user_id: {opt('host_user_id')}, "
                      f"login_id: {opt('login_id')}, filter: {opt('filter')}, "
                      f"..Default::default() }}")
            return f"{target}.list(&{params}).await.map(|v| json(&v))"
        if op.dotted == "accounts.get":
            params = (f"candescent::GetAccount {{ host_user_id: {opt('host_user_id')}, "
                      f"login_id: {opt('login_id')}, ..Default::default() }}")
            return (f"{target}.get({rs(case['path']['account_id'])}, &{params}).await"
                    ".map(|v| json(&v))")
        if op.dotted == "transactions.list":
            page = f"Some({int(a['page_size'])})" if "page_size" in a else "None"
            params = (f"candescent::ListTransactions {{ account_id: {rs(a['account_id'])}.into(), "
                      f"host_user_id: {opt('host_user_id')}, login_id: {opt('login_id')}, "
                      f"page_size: {page}, ..Default::default() }}")
            return (f"{{ use futures::TryStreamExt as _; {target}.list(&{params})"
                    ".try_collect::<Vec<_>>().await.map(|v| json(&v)) }")
        raise SystemExit(f"no hand call for {op.dotted}")

    def file(self) -> str:
        cases = load_cases()
        blocks = []
        for i, case in enumerate(cases):
            blocks.append(
                f"    // {case['name']}\n"
                f"    let outcome = {self.call(case)};\n"
                f"    report(&mut failures, &cases[{i}], outcome.map_err(failure));\n"
            )
        return (
            HEADER.format(version=self.api.version)
            + "//! Every case of `tests/operations.json` as a typed Rust call against the emulator,\n"
            "//! its result checked (`make generate` writes this file from the cases).\n\n"
            "mod common;\n\n"
            "use common::expect;\n"
            "use serde::de::DeserializeOwned;\n"
            "use serde_json::Value;\n\n"
            "fn body<T: DeserializeOwned>(v: Value) -> T {\n"
            "    serde_json::from_value(v).expect(\"a case's body fits its model\")\n}\n\n"
            "fn json<T: serde::Serialize>(v: &T) -> Value {\n"
            "    serde_json::to_value(v).expect(\"models serialize\")\n}\n\n"
            "fn failure(e: candescent::Error) -> String {\n"
            "    format!(\"{}: {e}\", e.kind().class_name())\n}\n\n"
            "fn report(failures: &mut Vec<String>, case: &Value, outcome: Result<Value, String>) {\n"
            "    if let Err(e) = expect::check(outcome, &case[\"expect\"]) {\n"
            "        failures.push(format!(\"{}: {e}\", case[\"name\"].as_str().unwrap_or_default()));\n"
            "    }\n}\n\n"
            "#[tokio::test]\n"
            "async fn every_operation_answers_with_its_values() {\n"
            "    let cases: Value = serde_json::from_str(include_str!(\"../../tests/operations.json\")).unwrap();\n"
            "    let cases = cases[\"cases\"].as_array().unwrap().clone();\n"
            "    let emu = common::emulator().await;\n"
            "    let client = common::client(&emu);\n"
            "    let user = client\n"
            "        .user_session(\"testUser\", candescent::SecretString::new(\"emulator-password\"))\n"
            "        .await\n        .unwrap();\n"
            "    let mut failures = Vec::new();\n"
            + "".join(blocks)
            + "    let _ = &user;\n"
            "    assert!(failures.is_empty(), \"{} case(s) failed:\\n{}\", failures.len(), failures.join(\"\\n\"));\n"
            "}\n"
        )

    def files(self) -> dict[str, str]:
        if not CASES.exists():
            return {}
        return {"core/tests/operations.rs": self.file()}
