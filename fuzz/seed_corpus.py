#!/usr/bin/env python3
"""Builds fuzz/corpus/<target>/ from the conformance cases and the schemas.

Sources: ../shared/conformance/cases/*.json (the public cases, when present beside the
repository), tests/cases/**/*.json (the project's own), schema/*/task.yaml and the small
inline schemas of codegen/tests/*.rs. Each seed is a file named by the SHA-1 of its bytes,
as libFuzzer names its own. Run from anywhere: python3 fuzz/seed_corpus.py
"""
import glob
import hashlib
import json
import os
import re

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FUZZ)
CASE_DIRS = [os.path.join(ROOT, "..", "shared", "conformance", "cases"), os.path.join(ROOT, "tests", "cases")]

seeds = {}


def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    seeds.setdefault(target, set()).add(data)


def dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def cases():
    for d in CASE_DIRS:
        for path in sorted(glob.glob(os.path.join(d, "**", "*.json"), recursive=True)):
            items = json.load(open(path, encoding="utf-8"))
            yield from items if isinstance(items, list) else [items]


for case in cases():
    api = case["object"].split("/")[0]
    op = case["op"]
    payload = dump(case["payload"])
    current = case.get("current")
    canonical = case.get("expect", {}).get("canonical")
    if op == "read":
        add(f"{api}_read", payload)
    if current is not None:
        add(f"{api}_read", dump(current))
    if canonical is not None and op != "create":
        add(f"{api}_read", dump(canonical))
    if op == "create":
        add(f"{api}_create", payload)
        if canonical is not None:
            add(f"{api}_create", dump(canonical))
        add("validate", (b"\x00" if api == "stalwart" else b"\x01") + payload.encode())
    if op == "update" and api == "stalwart" and current is not None:
        add("stalwart_patch", dump(current).encode() + b"\x00" + payload.encode())
    if op == "update" and api == "salesforce":
        add("salesforce_update", payload)
        add("validate", b"\x02" + payload.encode())
        if current is not None:
            add("salesforce_update", dump(current).encode() + b"\x00" + payload.encode())

# The schema loader: a selector byte (even: Stalwart api.yaml, odd: Salesforce), then an
# object file. The real object files, and every inline object schema of the codegen tests
# under both APIs.
add("schema_loader", b"0" + open(os.path.join(ROOT, "schema", "stalwart", "task.yaml"), "rb").read())
add("schema_loader", b"1" + open(os.path.join(ROOT, "schema", "salesforce", "task.yaml"), "rb").read())
for path in sorted(glob.glob(os.path.join(ROOT, "codegen", "tests", "*.rs"))):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'r#"\n?(.*?)"#', text, re.S):
        body = m.group(1)
        if re.search(r"^(object|types|fields|variants):", body, re.M):
            add("schema_loader", b"0" + body.encode())
            add("schema_loader", b"1" + body.encode())

# The emitter target reads the same inputs as the loader.
seeds["schema_emitter"] = set(seeds["schema_loader"])

for target, items in sorted(seeds.items()):
    out = os.path.join(FUZZ, "corpus", target)
    os.makedirs(out, exist_ok=True)
    for data in items:
        with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    print(f"{target}: {len(items)} seeds -> {os.path.relpath(out, ROOT)}")
